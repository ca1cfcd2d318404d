package fast

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
	"sync"

	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
	"nianbao/xlsx/read/internal/ooxml"
)

// ReadTemplate is the fast read path for workbooks made from our templates, given the whole file in data.
// It reads only the workbook, its relationships, the shared strings, the meta sheet and the cells a
// template reader looks at (labels, value cells and the unit fields of 填报说明), by scanning the sheet XML
// bytes without an XML decoder; 校验 and other sheets come back as empty grids of the right name.
//
// It returns false whenever the file is anything but an ordinary template workbook (not a zip, no meta
// sheet, a summary, inline strings, shared formulas, comments, namespace prefixes, out-of-order cells,
// sizes beyond the limits…): the caller then reads it with Open, which also gives the right error for a
// damaged file. When it returns true, the grids hold, at every cell the template layout names, exactly
// what Open would give there, and Meta is the same.
func ReadTemplate(path string, data []byte, lim read.Limits) (*read.Workbook, bool) {
	lim = lim.WithDefaults()
	if !fastLimits(lim) || int64(len(data)) > lim.MaxFileSize || !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, false
	}
	fr := fastReaders.Get().(*fastReader)
	defer fastReaders.Put(fr)
	wb, err := fr.read(path, data, lim)
	if err != nil {
		return nil, false
	}
	return wb, true
}

// fastLimits reports whether lim is at least the default limits, within which the fast path's partial
// reading (sheets it skips are not counted against MaxCells) is safe: a file beyond smaller limits goes
// through Open, which enforces them everywhere.
func fastLimits(lim read.Limits) bool {
	d := read.DefaultLimits()
	return lim.MaxCells >= d.MaxCells && lim.MaxRows >= d.MaxRows && lim.MaxSheets >= d.MaxSheets &&
		lim.MaxStringLen >= d.MaxStringLen && lim.MaxParts >= d.MaxParts && lim.MaxStrings >= d.MaxStrings
}

// fastMaxPart is the largest part the fast path inflates into memory. A template's parts are well below it;
// larger ones (a shared-strings bomb of millions of empty strings) go to Open, which streams them, so that
// the pooled buffers of the fast path stay small.
const fastMaxPart = 8 << 20

// errDecline says the fast path does not handle a file; never shown to anyone.
var errDecline = io.ErrUnexpectedEOF

// fastReader holds the buffers reused from one file to the next.
type fastReader struct {
	parts map[string]*zip.File
	buf   []byte // the current part, inflated
	sst   []string
	text  []byte // scratch for unescaping
	data  []byte // the file
	src   bytes.Reader
	flate io.ReadCloser
	// summary is set by ReadSummary: summaries are read, their detail sheets into Details.
	summary bool
}

var fastReaders = sync.Pool{New: func() any { return &fastReader{parts: map[string]*zip.File{}} }}

// need is the set of cells a template reader looks at, by sheet name, as 0-based (row, col).
type need map[string]map[[2]int]bool

var (
	needsOnce sync.Once
	needs     map[model.Version]need
)

// needOf returns the cells read in a template of version v: labels, value places, unit fields and the
// 说明 cells of the 校验 sheet.
func needOf(v model.Version) (need, bool) {
	needsOnce.Do(func() {
		needs = map[model.Version]need{}
		for _, ver := range model.Versions {
			w := templates.For(ver)
			n := need{}
			add := func(sheet, ref string) {
				c, r, ok := model.ParseRef(ref)
				if !ok {
					return
				}
				if n[sheet] == nil {
					n[sheet] = map[[2]int]bool{}
				}
				n[sheet][[2]int{r - 1, c - 1}] = true
			}
			for _, l := range w.Labels() {
				add(l.Sheet, l.Ref)
			}
			for _, p := range w.Places() {
				add(p.Sheet, p.Ref)
			}
			for _, f := range w.Fields {
				add(templates.InfoSheet, f.Ref)
			}
			add(w.ExplainHeader.Sheet, w.ExplainHeader.Ref) // the unit's explanations of warnings
			for _, e := range w.Explains {
				add(templates.CheckSheet, e.Ref)
			}
			needs[ver] = n
		}
	})
	n, ok := needs[v]
	return n, ok
}

func (fr *fastReader) read(path string, data []byte, lim read.Limits) (*read.Workbook, error) {
	fr.data = data
	defer func() { fr.data = nil }()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || len(zr.File) > lim.MaxParts {
		return nil, errDecline
	}
	clear(fr.parts)
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := fr.parts[name]; dup || f.UncompressedSize64 > uint64(lim.MaxUnzipSize) || total > uint64(lim.MaxUnzipSize) {
			return nil, errDecline
		}
		fr.parts[name] = f
	}
	b, err := fr.book()
	if err != nil {
		return nil, err
	}
	var meta *ooxml.Sheet
	for i := range b.Sheets {
		if b.Sheets[i].Name == templates.MetaSheet {
			meta = &b.Sheets[i]
		}
	}
	if meta == nil || meta.Kind != "worksheet" {
		return nil, errDecline
	}
	if err := fr.readSST(b.SST, lim); err != nil {
		return nil, err
	}
	metaRows, err := fr.sheet(meta.Part, nil, lim)
	if err != nil {
		return nil, err
	}
	wb := &read.Workbook{Path: path, Kind: read.XLSX, Hidden: map[string]bool{}, Meta: ooxml.MetaOf(metaRows)}
	m, v, ours := templates.ParseMeta(wb.Meta)
	if !ours || m.IsSummary() != fr.summary {
		return nil, errDecline
	}
	n, ok := needOf(v)
	if !ok {
		return nil, errDecline
	}
	for _, s := range b.Sheets {
		if s.Kind != "" && s.Kind != "worksheet" || s.Name == templates.MetaSheet {
			continue
		}
		if s.Part == "" || fr.parts[s.Part] == nil {
			return nil, errDecline
		}
		if s.State == "hidden" || s.State == "veryHidden" {
			return nil, errDecline // a hidden sheet may hold a copy of a table: Open reads every cell
		}
		g := locate.Grid{Name: s.Name}
		if fr.summary && strings.HasSuffix(s.Name, templates.DetailSuffix) {
			d, err := fr.details(s.Name, s.Part, lim)
			if err != nil {
				return nil, err
			}
			wb.Details = append(wb.Details, *d)
		} else if cells := n[s.Name]; cells != nil {
			if g.Rows, err = fr.sheet(s.Part, cells, lim); err != nil {
				return nil, err
			}
		}
		wb.Grids = append(wb.Grids, g)
	}
	return wb, nil
}

// inflate reads a whole part into fr.buf (valid until the next call), verifying its size and checksum.
// Deflated parts are inflated straight from the file's bytes with a reused decompressor.
func (fr *fastReader) inflate(name string) ([]byte, error) {
	f := fr.parts[name]
	if f == nil {
		return nil, errDecline
	}
	if f.UncompressedSize64 > fastMaxPart {
		return nil, errDecline
	}
	n := int(f.UncompressedSize64)
	if cap(fr.buf) < n+1 {
		fr.buf = make([]byte, n+1, max(n+1, 64<<10))
	}
	buf := fr.buf[:n+1]
	raw, inflated, ok := fr.open(f)
	if !ok {
		return nil, errDecline
	}
	if inflated == nil {
		if len(raw) != n || crc32.ChecksumIEEE(raw) != f.CRC32 {
			return nil, errDecline
		}
		return raw, nil
	}
	got, err := io.ReadFull(inflated, buf)
	if err != io.ErrUnexpectedEOF || got != n || crc32.ChecksumIEEE(buf[:n]) != f.CRC32 {
		return nil, errDecline // exactly n bytes, then the end of the stream, with the right checksum
	}
	return buf[:n], nil
}

// open finds a part's data in the file: raw is its bytes as stored, and inflated, for a deflated part,
// the reused decompressor reset over them (nil for a stored part). ok is false for a part whose data lies
// outside the file or that is compressed otherwise.
func (fr *fastReader) open(f *zip.File) (raw []byte, inflated io.Reader, ok bool) {
	off, err := f.DataOffset()
	end := off + int64(f.CompressedSize64)
	if err != nil || end > int64(len(fr.data)) || f.Method != zip.Deflate && f.Method != zip.Store {
		return nil, nil, false
	}
	raw = fr.data[off:end]
	if f.Method == zip.Store {
		return raw, nil, true
	}
	fr.src.Reset(raw)
	if fr.flate == nil {
		fr.flate = flate.NewReader(&fr.src)
	} else if err := fr.flate.(flate.Resetter).Reset(&fr.src, nil); err != nil {
		return nil, nil, false
	}
	return raw, fr.flate, true
}

// book lists the sheets of the package (ooxml.BookOf, shared with the general reader), scanning its parts as
// bytes, and declines a workbook without sheets or with two of one name.
func (fr *fastReader) book() (*ooxml.Book, error) {
	b, err := ooxml.BookOf(fr.rels, fr.sheets, strings.ToLower)
	if err != nil || len(b.Sheets) == 0 {
		return nil, errDecline
	}
	seen := map[string]bool{}
	for _, s := range b.Sheets {
		if k := strings.ToLower(s.Name); seen[k] {
			return nil, errDecline
		} else {
			seen[k] = true
		}
	}
	return b, nil
}

// sheets calls add for each <sheet> of the workbook part, scanned as bytes; at most 64 sheets.
func (fr *fastReader) sheets(part string, add func(name, state, id string)) error {
	data, err := fr.inflate(part)
	if err != nil {
		return err
	}
	// r:id must be the relationships namespace under its usual prefix, declared once, and no element that
	// the scanner reads may hide behind a prefix.
	if !plainXML(data) || !wellFormed(data) || bytes.Count(data, []byte(ooxml.NsRel)) != 1 ||
		!bytes.Contains(data, []byte(`xmlns:r="`+ooxml.NsRel+`"`)) || prefixedTag(data, "sheet", "sheets", "workbook") {
		return errDecline
	}
	n := 0
	return eachElement(data, "sheet", func(attrs []byte) error {
		name, ok1 := attrValue(attrs, "name", &fr.text)
		state, ok2 := attrValue(attrs, "state", &fr.text)
		id, ok3 := attrValue(attrs, "r:id", &fr.text)
		if n++; !ok1 || !ok2 || !ok3 || strings.TrimSpace(name) == "" || n > 64 {
			return errDecline
		}
		add(name, state, id)
		return nil
	})
}

// rels reads a relationships part; a missing part gives none.
func (fr *fastReader) rels(name string) ([]ooxml.Rel, error) {
	if fr.parts[name] == nil {
		return nil, nil
	}
	data, err := fr.inflate(name)
	if err != nil || !plainXML(data) || prefixedTag(data, "Relationship") || !wellFormed(data) {
		return nil, errDecline
	}
	var out []ooxml.Rel
	err = eachElement(data, "Relationship", func(attrs []byte) error {
		id, ok1 := attrValue(attrs, "Id", &fr.text)
		typ, ok2 := attrValue(attrs, "Type", &fr.text)
		target, ok3 := attrValue(attrs, "Target", &fr.text)
		mode, ok4 := attrValue(attrs, "TargetMode", &fr.text)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return errDecline
		}
		if mode != "External" {
			out = append(out, ooxml.Rel{ID: id, Type: typ, Target: target})
		}
		return nil
	})
	return out, err
}
