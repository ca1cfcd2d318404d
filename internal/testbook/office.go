package testbook

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"nianbao/internal/office"
)

// LibreOffice conversions shared by the tests of one test binary. Starting soffice costs one to three
// seconds of CPU, more than converting a small workbook, so a test that needs a file opened, recalculated
// and saved by LibreOffice registers the file's maker in a package-level variable:
//
//	var recalculated = testbook.Convert("recalc-2019", func(dir string) (string, error) { … })
//
// and asks for the result in the test: src, out := recalculated.Files(t). The first Files of the binary
// makes every registered file and converts them all with one soffice process (office.ConvertAll, into
// xlsx); the other tests take their results from it. A test binary that registers files removes them
// with RemoveConverted after m.Run in its TestMain.

// A Conversion is a file registered to be converted by LibreOffice with the others of its test binary.
type Conversion struct {
	name string
	make func(dir string) (string, error)
	src  string // the file made, once converted
	out  string // LibreOffice's xlsx of it
	err  error
}

var conversions struct {
	sync.Mutex
	list []*Conversion
	once sync.Once
	dir  string // holds every file made and converted; "" before the run
	ran  bool
}

// Convert registers a file for LibreOffice to convert into xlsx: make writes it into the empty directory
// dir and returns its path. name (unique in the binary, a file base name without extension) names the
// converted file. Call Convert from a package-level variable, before any test asks for Files; registering
// after the conversion ran panics.
func Convert(name string, make func(dir string) (string, error)) *Conversion {
	conversions.Lock()
	defer conversions.Unlock()
	if conversions.ran {
		panic("testbook: Convert(" + name + ") after the conversions ran; register from a package-level variable")
	}
	for _, c := range conversions.list {
		if c.name == name {
			panic("testbook: two conversions named " + name)
		}
	}
	c := &Conversion{name: name, make: make}
	conversions.list = append(conversions.list, c)
	return c
}

// Files returns the path of the file made for c and of LibreOffice's xlsx of it, running the conversion
// of every registered file first if no test did. Both files are shared: read them, do not change them. It
// skips t when LibreOffice is not installed, unless NIANBAO_REQUIRE_SOFFICE=1, and fails t when making or
// converting c's file failed.
func (c *Conversion) Files(t testing.TB) (src, out string) {
	t.Helper()
	NeedOffice(t)
	conversions.once.Do(convertAll)
	if c.err != nil {
		t.Fatalf("converting %s with LibreOffice: %v", c.name, c.err)
	}
	return c.src, c.out
}

// NeedOffice skips t when LibreOffice (soffice) is not installed, unless NIANBAO_REQUIRE_SOFFICE=1, which
// fails it instead.
func NeedOffice(t testing.TB) {
	t.Helper()
	if !office.Available() {
		if os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" {
			t.Fatal("NIANBAO_REQUIRE_SOFFICE=1 but LibreOffice (soffice) is not installed")
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
}

// convertAll makes every registered file, each in a directory of its own, links it into one input
// directory under its conversion's name, and converts them all with one soffice process.
func convertAll() {
	conversions.Lock()
	conversions.ran = true
	list := conversions.list
	conversions.Unlock()
	fail := func(err error) {
		for _, c := range list {
			if c.err == nil {
				c.err = err
			}
		}
	}
	dir, err := os.MkdirTemp("", "nianbao-testbook-")
	if err != nil {
		fail(err)
		return
	}
	conversions.Lock()
	conversions.dir = dir
	conversions.Unlock()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		fail(err)
		return
	}
	var srcs []string
	var made []*Conversion
	for i, c := range list {
		own := filepath.Join(dir, fmt.Sprint(i))
		if err := os.Mkdir(own, 0o755); err != nil {
			c.err = err
			continue
		}
		if c.src, c.err = c.make(own); c.err != nil {
			continue
		}
		// LibreOffice names its result after the input: a link under the conversion's name keeps the
		// results apart, whatever the makers named their files.
		link := filepath.Join(in, c.name+filepath.Ext(c.src))
		if c.err = os.Link(c.src, link); c.err != nil {
			continue
		}
		srcs, made = append(srcs, link), append(made, c)
	}
	if len(srcs) == 0 {
		return
	}
	outs, err := office.ConvertAll(context.Background(), srcs, filepath.Join(dir, "out"), "xlsx")
	if outs == nil {
		for _, c := range made {
			c.err = err
		}
		return
	}
	for i, c := range made {
		if c.out = outs[i]; c.out == "" {
			c.err = fmt.Errorf("LibreOffice wrote no xlsx for %s (%v)", c.name, err)
		}
	}
}

// RemoveConverted removes the files made and converted for the registered conversions. Call it from
// TestMain after m.Run.
func RemoveConverted() {
	conversions.Lock()
	defer conversions.Unlock()
	if conversions.dir != "" {
		os.RemoveAll(conversions.dir)
	}
}
