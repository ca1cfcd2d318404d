package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/internal/fsx"
)

// Save writes f to path atomically (a temp file in the same folder, then a rename), so that a failed
// write never leaves a half-written workbook; the package is finished for every reader (finishPackage).
func Save(f *excelize.File, path string) error { return saveAtomic(f, path) }

// saveAtomic writes a workbook we created to path through a temporary file in the same directory and a
// rename, so that a reader never sees half a file and a failed write leaves the old file as it was. The
// package is finished for every reader first (finishPackage).
func saveAtomic(f *excelize.File, path string) error {
	return saveFinished(f, path, finish{fresh: true})
}

// writeFileAtomic writes data to path via a temporary file in the same directory, synced, then renamed.
func writeFileAtomic(path string, data []byte) error { return fsx.WriteAtomic(path, data) }

// cachedValues maps sheet name → cell reference → the value a formula cell shows before any
// recalculation: a float64 or a string.
type cachedValues map[string]map[string]any

// lookup returns the cached value of a formula cell that has none, for finish.cached.
func (c cachedValues) lookup(sheet, ref string, has bool) (any, bool) {
	if has {
		return nil, false
	}
	v, ok := c[sheet][ref]
	return v, ok
}

// formulaCell matches a formula cell as excelize writes it: typed "str" and without a cached value.
var formulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*?) t="str"><f>([^<]*)</f></c>`)

// saveWithCache saves a workbook we created like saveAtomic, after giving the formula cells listed in cache
// their cached values: excelize cannot write a formula together with its result (EXCELIZE.md §2.1), so the
// sheet parts are patched in the written package. Numbers get a numeric cell type, texts stay "str".
func saveWithCache(f *excelize.File, path string, cache cachedValues) error {
	return saveFinished(f, path, finish{fresh: true, cached: cache.lookup})
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
	return sheetNames(read)
}

// sheetNames maps each worksheet part to its sheet name, reading the workbook part and its relationships.
func sheetNames(read func(name string) ([]byte, error)) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	data, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, err
	}
	if data, err = read("xl/_rels/workbook.xml.rels"); err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(data, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[targets[s.RID]] = s.Name
	}
	return parts, nil
}
