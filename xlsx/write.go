package xlsx

import (
	"archive/zip"
	"fmt"
	"io"
	"regexp"

	"github.com/xuri/excelize/v2"

	"nianbao/internal/fsx"
	"nianbao/xlsx/finish"
)

// Save writes f to path atomically (a temp file in the same folder, then a rename), so that a failed
// write never leaves a half-written workbook.
func Save(f *excelize.File, path string) error {
	return toFile(path, func(w io.Writer) error { return writeBook(f, w) })
}

// toFile is the edge between the writers, which take an io.Writer, and files: write streams into a temp
// file that replaces path only once write has succeeded (internal/fsx).
func toFile(path string, write func(io.Writer) error) error { return fsx.WriteAtomicWith(path, write) }

// writeBook writes the package of a workbook we created to w, finished for every reader (xlsx/finish).
func writeBook(f *excelize.File, w io.Writer) error {
	return finish.Write(f, w, finish.Options{Fresh: true})
}

// cachedValues maps sheet name → cell reference → the value a formula cell shows before any
// recalculation: a float64 or a string.
type cachedValues map[string]map[string]any

// formulaCell matches a formula cell as excelize writes it: typed "str" and without a cached value.
var formulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*?) t="str"><f>([^<]*)</f></c>`)

// lookup returns the cached value of a formula cell that has none, for finish.Options.Cached.
func (c cachedValues) lookup(sheet, ref string, has bool) (any, bool) {
	if has {
		return nil, false
	}
	v, ok := c[sheet][ref]
	return v, ok
}

// writeWithCache writes f to w like writeBook, after giving the formula cells listed in cache their cached
// values: excelize cannot write a formula together with its result (EXCELIZE.md §2.1), so the finisher
// patches the sheet parts as excelize writes them. Numbers get a numeric cell type, texts stay "str".
func writeWithCache(f *excelize.File, w io.Writer, cache cachedValues) error {
	return finish.Write(f, w, finish.Options{Fresh: true, Cached: cache.lookup})
}

// sheetParts maps each worksheet part of a package ("xl/worksheets/sheet2.xml") to its sheet name.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	read := func(name string) ([]byte, error) {
		for _, zf := range zr.File {
			if zf.Name == name {
				rc, err := zf.Open()
				if err != nil {
					return nil, err
				}
				defer rc.Close()
				return io.ReadAll(rc)
			}
		}
		return nil, fmt.Errorf("part %s missing", name)
	}
	return finish.SheetParts(read)
}
