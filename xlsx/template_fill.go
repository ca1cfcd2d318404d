package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/finish"
)

// TemplateFiller writes many templates of one year and version, each for its unit and pre-filled with its
// report, about fifty times faster than WriteTemplate: the workbook is built with excelize once, and each
// file only re-renders the parts that differ (the input and formula cells of the sheets, the shared
// strings holding the unit's name and code, the document properties) while the other parts are copied
// compressed. What it writes reads back exactly like what WriteTemplate writes for the same options.
type TemplateFiller struct {
	opt   TemplateOptions
	parts []fillPart
}

// Placeholders of the unit's name and code in the prototype workbook.
const (
	fillName = "NIANBAOFILLUNITNAME"
	fillCode = "NIANBAOFILLUNITCODE"
	// fillDigest stands for the meta digest, which depends on the unit.
	fillDigest = "NIANBAOFILLMETADIGEST"
)

// fillPart is one zip entry of the prototype: copied as is (raw), rendered cell by cell (segs), or with
// the unit placeholders replaced (text).
type fillPart struct {
	header zip.FileHeader
	raw    []byte // compressed bytes of a part that never changes
	segs   []fillSeg
	text   []byte
	holder bool // holds the unit placeholders
}

// fillSeg is literal XML followed, unless p is nil, by the cell of a layout place: an input cell (without
// value in the prototype) or a formula cell (without cached value).
type fillSeg struct {
	lit   []byte
	p     *templates.Placed
	attrs []byte // the cell's attributes after r, without t="str"
	f     []byte // the formula element's text, as written
}

// NewTemplateFiller builds the prototype template of opt.Year and opt.Version (opt.Unit and opt.Report
// are ignored; each Write gives its own).
func NewTemplateFiller(opt TemplateOptions) (*TemplateFiller, error) {
	opt.Unit, opt.Report, opt.Kind, opt.Covers = model.Unit{Name: fillName, Code: fillCode}, nil, "", nil
	opt.Digest = fillDigest
	f, _, err := buildTemplate(opt)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = finish.Write(f, &buf, finish.Options{Fresh: true})
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("xlsx: filler: %w", err)
	}
	proto := buf.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(proto), int64(len(proto)))
	if err != nil {
		return nil, err
	}
	sheets, err := sheetParts(zr)
	if err != nil {
		return nil, err
	}
	layout := templates.For(opt.version())
	tf := &TemplateFiller{opt: opt}
	for _, zf := range zr.File {
		data, err := finish.ReadPart(zf)
		if err != nil {
			return nil, err
		}
		part := fillPart{header: zip.FileHeader{Name: zf.Name, Method: zip.Deflate}}
		finish.Dated(&part.header, zf.Modified) // CreateRaw writes the MS-DOS date fields as they are
		holder := bytes.Contains(data, []byte(fillName)) || bytes.Contains(data, []byte(fillCode))
		switch s := layout.Sheet(sheets[zf.Name]); {
		case s != nil && s.Name != templates.MetaSheet:
			if part.segs, err = cutSheet(data, s); err != nil {
				return nil, fmt.Errorf("xlsx: filler: %s: %w", s.Name, err)
			}
			part.holder = holder // the print header names the unit
		case holder:
			part.text, part.holder = data, true
		default:
			if part.raw, err = deflate(data); err != nil {
				return nil, err
			}
			part.header.CRC32 = crc32.ChecksumIEEE(data)
			part.header.UncompressedSize64 = uint64(len(data))
			part.header.CompressedSize64 = uint64(len(part.raw))
		}
		tf.parts = append(tf.parts, part)
	}
	return tf, nil
}

// cutSheet splits a sheet part as excelize wrote it into literal XML and the cells the filler renders.
func cutSheet(data []byte, s *templates.Sheet) ([]fillSeg, error) {
	holes := map[string]*templates.Placed{}
	for i := range s.Cells {
		p := &s.Cells[i]
		if p.Formula != "" && p.Cached != nil || p.Formula == "" && p.Key != "" {
			holes[p.Ref] = p
		}
	}
	var segs []fillSeg
	last, found := 0, 0
	var bad error
	whole := finish.EachCell(data, func(c finish.Cell) {
		p := holes[string(c.Ref)]
		if p == nil || bad != nil {
			return
		}
		seg := fillSeg{lit: data[last:c.Start], p: p}
		cell := data[c.Start:c.End]
		if p.Formula != "" {
			g := formulaCell.FindSubmatch(cell)
			if g == nil || len(g[0]) != len(cell) {
				bad = fmt.Errorf("formula cell %s not as expected: %s", p.Ref, cell)
				return
			}
			seg.attrs, seg.f = g[2], g[3]
		} else {
			if c.SelfClosing || len(c.Inner(data)) > 0 || bytes.ContainsAny(c.Attrs, "<>") || bytes.Contains(c.Attrs, []byte(" t=")) {
				bad = fmt.Errorf("input cell %s not blank: %s", p.Ref, cell)
				return
			}
			seg.attrs = c.Attrs
		}
		segs = append(segs, seg)
		last = c.End
		found++
	})
	switch {
	case bad != nil:
		return nil, bad
	case !whole:
		return nil, fmt.Errorf("unexpected cell after %d", last)
	}
	if found != len(holes) {
		return nil, fmt.Errorf("%d of %d cells found", found, len(holes))
	}
	return append(segs, fillSeg{lit: data[last:]}), nil
}

// deflate compresses data as zip.Writer does for its Deflate entries.
func deflate(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(rc)
}

// plainText reports whether s is written into shared strings and properties as is: no XML specials, no
// control characters, no surrounding spaces (which excelize marks with xml:space), short enough for the
// print header to show it whole.
func plainText(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || utf8.RuneCountInString(s) > 80 || strings.Contains(s, fillName) || strings.Contains(s, fillCode) || strings.Contains(s, fillDigest) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == '&' || r == '<' || r == '>' || r == '"' || r == '\'' || r == 0x7f || r == 0xfffd {
			return false
		}
	}
	return true
}

// Write writes the template for unit, pre-filled with r when given, to path atomically, as WriteTo.
func (tf *TemplateFiller) Write(path string, unit model.Unit, r *model.Report) error {
	return toFile(path, func(w io.Writer) error { return tf.WriteTo(w, unit, r) })
}

// WriteTo writes the template for unit, pre-filled with r when given, to w. A unit without a name or code,
// or whose name needs escaping, is written by WriteTemplateTo instead.
func (tf *TemplateFiller) WriteTo(out io.Writer, unit model.Unit, r *model.Report) error {
	opt := tf.opt
	opt.Unit, opt.Report = unit, r
	opt.Digest = "" // the prototype's placeholder; a template written in full computes its own
	if !plainText(unit.Name) || !plainText(unit.Code) {
		return WriteTemplateTo(out, opt)
	}
	values, prefilled, err := templateValues(opt, opt.version())
	if err != nil {
		return err
	}
	digest := templates.Digest(templates.MetaMap(templates.Meta{Year: opt.Year, UnitCode: unit.Code,
		UnitName: unit.Name}.Rows(opt.version())), nil, nil)
	repl := strings.NewReplacer(fillName, unit.Name, fillCode, unit.Code, fillDigest, digest)
	zw := zip.NewWriter(out)
	var scratch []byte
	for i := range tf.parts {
		part := &tf.parts[i]
		if part.raw != nil {
			h := part.header
			w, err := zw.CreateRaw(&h)
			if err != nil {
				return err
			}
			if _, err := w.Write(part.raw); err != nil {
				return err
			}
			continue
		}
		h := part.header
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return err
		}
		data := part.text
		if data == nil {
			scratch = renderSheet(scratch[:0], part.segs, values, prefilled)
			data = scratch
		}
		if part.holder {
			_, err = repl.WriteString(w, string(data))
		} else {
			_, err = w.Write(data)
		}
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// renderSheet appends a sheet part with the values of the report: input cells prefilled get their value,
// formula cells their cached value, as WriteTemplate and writeWithCache write them.
func renderSheet(out []byte, segs []fillSeg, values *model.Report, prefilled map[string]bool) []byte {
	for _, s := range segs {
		out = append(out, s.lit...)
		p := s.p
		if p == nil {
			continue
		}
		out = append(out, `<c r="`...)
		out = append(out, p.Ref...)
		out = append(out, '"')
		out = append(out, s.attrs...)
		if p.Formula == "" {
			if prefilled[p.Key] {
				out = append(out, "><v>"...)
				out = strconv.AppendFloat(out, values.Get(p.Key), 'f', -1, 64)
				out = append(out, "</v></c>"...)
			} else {
				out = append(out, "></c>"...)
			}
			continue
		}
		switch x := p.Cached(values).(type) {
		case float64:
			out = append(out, "><f>"...)
			out = append(out, s.f...)
			out = append(out, "</f><v>"...)
			out = strconv.AppendFloat(out, x, 'f', -1, 64)
			out = append(out, "</v></c>"...)
		case string:
			out = append(out, ` t="str"><f>`...)
			out = append(out, s.f...)
			out = append(out, "</f><v>"...)
			out = appendEscaped(out, x)
			out = append(out, "</v></c>"...)
		default:
			out = append(out, ` t="str"><f>`...)
			out = append(out, s.f...)
			out = append(out, "</f></c>"...)
		}
	}
	return out
}

// appendEscaped appends s escaped as xml.EscapeText does.
func appendEscaped(out []byte, s string) []byte {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return append(out, b.Bytes()...)
}
