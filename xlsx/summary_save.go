package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// saveLarge is saveWithCache for a workbook with large streamed sheets (the summary's 明细, 报送情况 and
// 校验问题 of ten thousand units): only the parts that get cached values are inflated and patched; every
// other part is copied still compressed, so that memory holds the compressed package and one small part
// at a time instead of every sheet inflated.
func saveLarge(f *excelize.File, path string, cache cachedValues) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	pkg := buf.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	var out bytes.Buffer
	out.Grow(len(pkg) + len(pkg)/8)
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		values := cache[parts[zf.Name]]
		if len(values) == 0 {
			if err := zw.Copy(zf); err != nil {
				return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
			}
			continue
		}
		data, err := patchOne(zf, values)
		if err != nil {
			return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("xlsx: write %s: %w", filepath.Base(path), err)
	}
	buf.Reset()
	return writeFileAtomic(path, out.Bytes())
}

// patchOne inflates one sheet part and gives its formula cells their cached values, the replacement
// patchPackage makes (write.go), for one part.
func patchOne(zf *zip.File, values map[string]any) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, err
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
