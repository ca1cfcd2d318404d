package read

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzOpen feeds mutated corpus files to OpenBytes, in memory. Whatever the bytes: no panic (not even a recovered one,
// which would hide a bug in a dependency or in this package), every error is a *FileError with a Chinese
// message, and a workbook read stays within the limits. LibreOffice is replaced by a failing stub so that
// the fuzzer exercises the Go readers, not soffice start-up.
func FuzzOpen(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(badDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) <= 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(badOAHTML))
	saved := officeConvert
	officeConvert = func(context.Context, string, string, string) (string, error) {
		return "", errors.New("no LibreOffice while fuzzing")
	}
	defer func() { officeConvert = saved }()
	lim := Limits{MaxFileSize: 1 << 20, MaxUnzipSize: 8 << 20, MaxPartSize: 8 << 20, MaxRows: 2000,
		MaxCells: 50000, MaxStringLen: 5000, Timeout: 20 * time.Second, ConvertTimeout: 5 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := OpenBytes(context.Background(), "in.xlsx", data, lim)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			if fe.Kind == ErrPanic {
				t.Fatalf("recovered panic: %v", fe.Err)
			}
			if fe.Msg == "" || fe.Kind == "" {
				t.Fatalf("error without kind or message: %#v", fe)
			}
			return
		}
		cells := 0
		for _, g := range wb.Grids {
			if len(g.Rows) > lim.MaxRows {
				t.Fatalf("grid %s has %d rows", g.Name, len(g.Rows))
			}
			for _, row := range g.Rows {
				cells += len(row)
				for _, c := range row {
					if len([]rune(c.Text)) > lim.MaxStringLen {
						t.Fatalf("cell text of %d runes", len([]rune(c.Text)))
					}
				}
			}
		}
		if cells > lim.MaxCells*2 { // HTML spans reserve their covered cells too
			t.Fatalf("%d cells read", cells)
		}
	})
}
