package annotate

import (
	"bytes"
	"context"
	"crypto/sha256"
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
	lim := read.DefaultLimits()
	var todo []Source
	var kinds []read.Kind
	for _, s := range srcs {
		k, err := read.SniffReaderAt(s.Name, bytes.NewReader(s.Data), int64(len(s.Data)))
		if err != nil || !converts(k) {
			continue
		}
		todo, kinds = append(todo, s), append(kinds, k)
	}
	if len(todo) < 2 { // one file alone is converted when it is annotated, as without a batch
		return c
	}
	dir, err := office.TempDir("nianbao-annotate-") // removed by office.Cleanup on a signal too
	if err != nil {
		return c
	}
	defer office.RemoveTemp(dir)
	ins := make([]string, len(todo))
	for i, s := range todo {
		ins[i] = filepath.Join(dir, fmt.Sprintf("input-%d%s", i, kinds[i].Ext()))
		if err := fsx.WriteNew(ins[i], bytes.NewReader(s.Data)); err != nil {
			return c
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.ConvertTimeout*time.Duration(max(1, len(ins)/4)))
	defer cancel()
	outs, _ := office.ConvertAll(ctx, ins, filepath.Join(dir, "out"), "xlsx") // missing ones are converted alone
	for i, out := range outs {
		if out == "" {
			continue
		}
		if data, err := os.ReadFile(out); err == nil {
			c.pkgs[sha256.Sum256(todo[i].Data)] = data
		}
	}
	return c
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
// conversion of it alone, in a temp directory removed afterwards.
func (c *Conversions) convert(data []byte, k read.Kind, lim read.Limits) ([]byte, error) {
	if c != nil {
		if pkg, ok := c.pkgs[sha256.Sum256(data)]; ok {
			return pkg, nil
		}
	}
	dir, err := office.TempDir("nianbao-annotate-") // removed by office.Cleanup on a signal too
	if err != nil {
		return nil, err
	}
	defer office.RemoveTemp(dir)
	in := filepath.Join(dir, "input"+k.Ext())
	if err := fsx.WriteNew(in, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.ConvertTimeout)
	defer cancel()
	out, err := office.Convert(ctx, in, filepath.Join(dir, "out"), "xlsx")
	if err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}
