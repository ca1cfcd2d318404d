package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/internal/fsx"
)

// Save writes f to path atomically (a temp file in the same folder, then a rename), so that a failed
// write never leaves a half-written workbook.
func Save(f *excelize.File, path string) error {
	return toFile(path, func(w io.Writer) error { return writeBook(f, w) })
}

// toFile is the edge between the writers, which take an io.Writer, and files: write streams into a temp
// file that replaces path only once write has succeeded (internal/fsx).
func toFile(path string, write func(io.Writer) error) error { return fsx.WriteAtomicWith(path, write) }

// writeBook writes the package of f to w.
func writeBook(f *excelize.File, w io.Writer) error {
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// cachedValues maps sheet name → cell reference → the value a formula cell shows before any
// recalculation: a float64 or a string.
type cachedValues map[string]map[string]any

// formulaCell matches a formula cell as excelize writes it: typed "str" and without a cached value.
var formulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*?) t="str"><f>([^<]*)</f></c>`)

// writeWithCache writes f to w like writeBook, after giving the formula cells listed in cache their cached
// values: excelize cannot write a formula together with its result (EXCELIZE.md §2.1), so the sheet parts
// are patched in the written package. Numbers get a numeric cell type, texts stay "str".
func writeWithCache(f *excelize.File, w io.Writer, cache cachedValues) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	if err := patchPackage(w, buf.Bytes(), cache); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// patchPackage writes to w the package pkg written by excelize, its sheet parts rewritten with cached
// values; the other parts (a summary's large streamed sheets among them) are copied without inflating them.
func patchPackage(w io.Writer, pkg []byte, cache cachedValues) error {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
		values := cache[parts[zf.Name]]
		if len(values) == 0 { // copied still compressed: memory holds one inflated part at a time
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		data, err := patchPart(zf, values)
		if err != nil {
			return err
		}
		pw, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return err
		}
		if _, err := pw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
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
