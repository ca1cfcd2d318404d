package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/internal/fsx"
)

// saveAtomic writes f to path through a temporary file in the same directory and a rename, so that a
// reader never sees half a file and a failed write leaves the old file as it was.
// Save writes f to path atomically (a temp file in the same folder, then a rename), so that a failed
// write never leaves a half-written workbook.
func Save(f *excelize.File, path string) error { return saveAtomic(f, path) }

func saveAtomic(f *excelize.File, path string) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	return writeFileAtomic(path, buf.Bytes())
}

// writeFileAtomic writes data to path via a temporary file in the same directory, synced, then renamed.
func writeFileAtomic(path string, data []byte) error { return fsx.WriteAtomic(path, data) }

// cachedValues maps sheet name → cell reference → the value a formula cell shows before any
// recalculation: a float64 or a string.
type cachedValues map[string]map[string]any

// formulaCell matches a formula cell as excelize writes it: typed "str" and without a cached value.
var formulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*?) t="str"><f>([^<]*)</f></c>`)

// saveWithCache saves f like saveAtomic, after giving the formula cells listed in cache their cached
// values: excelize cannot write a formula together with its result (EXCELIZE.md §2.1), so the sheet parts
// are patched in the written package. Numbers get a numeric cell type, texts stay "str".
func saveWithCache(f *excelize.File, path string, cache cachedValues) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	data, err := patchPackage(buf.Bytes(), cache)
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	return writeFileAtomic(path, data)
}

// patchPackage rewrites the sheet parts of a package written by excelize, inserting cached values; the
// other parts (a summary's large streamed sheets among them) are copied without inflating them.
func patchPackage(pkg []byte, cache cachedValues) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(len(pkg) + len(pkg)/8)
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		values := cache[parts[zf.Name]]
		if len(values) == 0 { // copied still compressed: memory holds one inflated part at a time
			if err := zw.Copy(zf); err != nil {
				return nil, err
			}
			continue
		}
		data, err := patchPart(zf, values)
		if err != nil {
			return nil, err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// readPart inflates one part of a package.
func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// patchPart inflates one part and gives its formula cells, as excelize writes them (typed "str", no cached
// value), the cached values of a sheet by cell reference: a float64 or a string.
func patchPart(zf *zip.File, values map[string]any) ([]byte, error) {
	data, err := readPart(zf)
	if err != nil || len(values) == 0 {
		return data, err
	}
	return formulaCell.ReplaceAllFunc(data, func(m []byte) []byte {
		g := formulaCell.FindSubmatch(m)
		switch x := values[string(g[1])].(type) {
		case float64:
			return fmt.Appendf(nil, `<c r="%s"%s><f>%s</f><v>%s</v></c>`, g[1], g[2], g[3], strconv.FormatFloat(x, 'f', -1, 64))
		case string:
			var esc bytes.Buffer
			_ = xml.EscapeText(&esc, []byte(x))
			return fmt.Appendf(nil, `<c r="%s"%s t="str"><f>%s</f><v>%s</v></c>`, g[1], g[2], g[3], esc.Bytes())
		}
		return m
	}), nil
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
