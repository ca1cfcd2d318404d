package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// finish says what finishPackage does to a package besides what it does to every package.
type finish struct {
	// fresh marks a workbook we created from nothing: its creation date is now (excelize's blank workbook
	// says 2006-09-16). An annotated copy keeps the creation date of the file it copies.
	fresh bool
	// cached gives the cached value of a formula cell (has says whether the cell has one already): a
	// float64 or a string, or false to keep the cell as it is (without a value, the opening application
	// computes it).
	cached func(sheet, ref string, has bool) (any, bool)
	// marks fills cells: sheet → cell → ARGB colour. Each marked cell gets a copy of its own cell format
	// (font, borders, number format, alignment, protection, exactly as the style part has them) with a
	// solid fill of that colour, built in the style part itself (see styles.go).
	marks map[string]map[string]string
}

// saveFinished writes f to path atomically, after finishPackage.
func saveFinished(f *excelize.File, path string, fin finish) error {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", path, err)
	}
	data, err := finishPackage(buf.Bytes(), fin, time.Now())
	if err != nil {
		return fmt.Errorf("xlsx: write %s: %w", path, err)
	}
	return writeFileAtomic(path, data)
}

// finishPackage rewrites a package written by excelize into one that every reader we know opens cleanly
// (issue 16): [Content_Types].xml first and every zip entry dated now (excelize writes the invalid DOS date
// 1980-00-00); docProps/core.xml with prefixed elements and real dates (finishCore); style colours of 8
// hex digits and the marked cells' formats (styles.go); each worksheet with its real dimension, ascending
// <col> elements, an autoFilter ref without "$" and the cached values of its formula cells (finishSheet).
// Parts that need none of this are copied still compressed, so memory holds one inflated part at a time.
func finishPackage(pkg []byte, fin finish, now time.Time) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return nil, err
	}
	var order []*zip.File
	var styles *zip.File
	for _, zf := range zr.File {
		switch zf.Name {
		case "[Content_Types].xml":
			order = append([]*zip.File{zf}, order...)
			continue
		case "xl/styles.xml":
			styles = zf
		}
		order = append(order, zf)
	}
	// The marked sheets are finished first: the styles part must know which formats they need.
	var st *styleSheet
	if styles != nil {
		data, err := readPart(styles)
		if err != nil {
			return nil, err
		}
		st = parseStyles(data)
	}
	done := map[string][]byte{}
	for _, zf := range order {
		if name := parts[zf.Name]; len(fin.marks[name]) > 0 && st != nil {
			data, err := readPart(zf)
			if err != nil {
				return nil, err
			}
			done[zf.Name] = finishSheet(data, name, fin, st)
		}
	}
	var out bytes.Buffer
	out.Grow(len(pkg) + len(pkg)/8)
	zw := zip.NewWriter(&out)
	for _, zf := range order {
		data, ok := done[zf.Name]
		switch name, sheet := parts[zf.Name]; {
		case ok:
		case sheet:
			if data, err = readPart(zf); err != nil {
				return nil, err
			}
			data = finishSheet(data, name, fin, st)
		case zf.Name == "docProps/core.xml":
			if data, err = readPart(zf); err != nil {
				return nil, err
			}
			data = finishCore(data, fin.fresh, now)
		case zf.Name == "xl/styles.xml" && st != nil:
			data = st.bytes()
		default:
			if err := copyRaw(zw, zf, now); err != nil {
				return nil, err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: now})
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

// copyRaw copies a zip entry without inflating it, dated now.
func copyRaw(zw *zip.Writer, zf *zip.File, now time.Time) error {
	h := zf.FileHeader
	h.Extra = nil
	dated(&h, now)
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// dated sets the modification time of a zip entry, also in the MS-DOS fields that zip.Writer.CreateRaw
// (unlike CreateHeader) leaves as they are.
func dated(h *zip.FileHeader, t time.Time) {
	h.Modified = t
	h.ModifiedTime = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()>>1)
	h.ModifiedDate = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
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
