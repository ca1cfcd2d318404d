package annotate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"nianbao/internal/fsx"
	"nianbao/internal/office"
	"nianbao/xlsx/read"
)

// Conversions holds the .xlsx packages LibreOffice made, in one run, of the returned files of a batch
// that To converts before annotating them (legacy files when LibreOffice is installed, .xlsb and Excel
// 2003 XML always): one process for the batch instead of one start-up, about a second, per file. A nil
// *Conversions, or a file it does not hold, converts the file on its own.
type Conversions struct {
	pkgs map[[sha256.Size]byte][]byte
}

// Source is a returned file to be annotated: the name the unit sent and its content.
type Source struct {
	Name string
	Data []byte
}

// Convert converts with one LibreOffice process every source that To would convert, and keeps the
// results for To. It never fails: a file LibreOffice did not convert in the run (or every file, when the
// run itself failed) is converted on its own when annotated, and gets that conversion's error there.
func Convert(srcs []Source) *Conversions {
	c := &Conversions{pkgs: map[[sha256.Size]byte][]byte{}}
	var todo [][]byte
	var kinds []read.Kind
	for _, s := range srcs {
		k, err := read.SniffReaderAt(s.Name, bytes.NewReader(s.Data), int64(len(s.Data)))
		if err != nil || !converts(k) {
			continue
		}
		todo, kinds = append(todo, s.Data), append(kinds, k)
	}
	if len(todo) < 2 { // one file alone is converted when it is annotated, as without a batch
		return c
	}
	pkgs, _ := convertAll(todo, kinds, read.DefaultLimits()) // missing ones are converted alone
	for i, pkg := range pkgs {
		if pkg != nil {
			c.pkgs[sha256.Sum256(todo[i])] = pkg
		}
	}
	return c
}

// ConvertFiles converts in one LibreOffice run (Convert) the files of a batch that To converts (paths[i],
// the file the unit sent as names[i]), reading only those, and returns the conversions with what it read:
// held[i] is the content of file i when it was read for the run, nil otherwise. A file that cannot be read
// here is left to the caller, whose own read reports it.
func ConvertFiles(paths, names []string) (c *Conversions, held [][]byte) {
	held = make([][]byte, len(paths))
	var srcs []Source
	for i, p := range paths {
		if !ConvertsFile(p) {
			continue
		}
		if data, err := os.ReadFile(p); err == nil {
			held[i] = data
			srcs = append(srcs, Source{Name: names[i], Data: data})
		}
	}
	return Convert(srcs), held
}

// ConvertsFile reports whether To converts the file at path with LibreOffice before annotating it: the
// files of a batch that Convert needs, so a caller need read and hold only those. It reads the file's
// head (and a zip's directory), not the whole file.
func ConvertsFile(path string) bool {
	k, err := read.SniffFile(path, read.DefaultLimits())
	return err == nil && converts(k)
}

// converts reports whether To converts a file of kind k with LibreOffice before annotating it.
func converts(k read.Kind) bool {
	switch k {
	case read.XLS, read.ET, read.ODS:
		return office.Available()
	case read.XLSB, read.XMLSS:
		return true
	}
	return false
}

// convert returns the .xlsx package of a legacy or foreign workbook: the one c holds, else LibreOffice's
// conversion of it alone.
func (c *Conversions) convert(data []byte, k read.Kind, lim read.Limits) ([]byte, error) {
	if c != nil {
		if pkg, ok := c.pkgs[sha256.Sum256(data)]; ok {
			return pkg, nil
		}
	}
	pkgs, err := convertAll([][]byte{data}, []read.Kind{k}, lim)
	if err != nil {
		return nil, err
	}
	return pkgs[0], nil
}

// convertAll converts workbooks (datas, of kinds) to .xlsx with one LibreOffice process, in a temp directory
// removed afterwards, within lim.ConvertTimeout for every four files. The package of a file LibreOffice
// wrote nothing for is nil, and the error names it.
func convertAll(datas [][]byte, kinds []read.Kind, lim read.Limits) ([][]byte, error) {
	dir, err := office.TempDir("nianbao-annotate-") // removed by office.Cleanup on a signal too
	if err != nil {
		return nil, err
	}
	defer office.RemoveTemp(dir)
	ins := make([]string, len(datas))
	for i, data := range datas {
		ins[i] = filepath.Join(dir, fmt.Sprintf("input-%d%s", i, kinds[i].Ext()))
		if err := fsx.WriteNew(ins[i], bytes.NewReader(data)); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.ConvertTimeout*time.Duration(max(1, len(ins)/4)))
	defer cancel()
	outs, err := office.ConvertAll(ctx, ins, filepath.Join(dir, "out"), "xlsx")
	pkgs := make([][]byte, len(datas))
	for i, out := range outs {
		if out == "" {
			continue
		}
		pkg, rerr := os.ReadFile(out)
		if rerr != nil {
			err = errors.Join(err, rerr)
		}
		pkgs[i] = pkg
	}
	if outs == nil {
		return nil, err
	}
	return pkgs, err
}
