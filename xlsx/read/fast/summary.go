package fast

import (
	"bytes"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"

	"nianbao/templates"
	"nianbao/xlsx/read"
)

// ReadSummary is the fast read path for summary workbooks we wrote, given the whole file in data: the
// table sheets are read like ReadTemplate reads a template, and each detail sheet is scanned row by row
// into Details (its grid stays empty), so that a summary of ten thousand units is read without a grid of
// its millions of cells. It returns false for anything else, or anything unusual in a detail sheet (text
// in a number column, a formula, rows out of order…); the caller then reads the file with Open.
func ReadSummary(path string, data []byte, lim read.Limits) (*read.Workbook, bool) {
	lim = lim.WithDefaults()
	if !fastLimits(lim) || int64(len(data)) > lim.MaxFileSize || !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, false
	}
	fr := fastReaders.Get().(*fastReader)
	defer fastReaders.Put(fr)
	fr.summary = true
	defer func() { fr.summary = false }()
	wb, err := fr.read(path, data, lim)
	if err != nil || wb.Details == nil {
		return nil, false
	}
	return wb, true
}

// details scans a detail sheet part. The part is inflated piece by piece (eachRows), never whole: the
// 表三明细 of ten thousand units is 60 MB of XML.
func (fr *fastReader) details(name, part string, lim read.Limits) (*read.Detail, error) {
	d := &read.Detail{Sheet: name}
	keyRow, codeCol, nameCol := 0, -1, -1
	var cur read.DetailRow
	cells := 0
	flush := func() {
		if cur.Row > keyRow && keyRow > 0 && (cur.Code != "" || cur.Name != "") && cur.Code != templates.DetailCodeHeader {
			d.Rows = append(d.Rows, cur)
		}
	}
	lastR, lastC := 0, 0
	cell := func(r, c int, typ string, content []byte, self bool) error {
		if cells++; cells > lim.MaxCells {
			return errDecline
		}
		if r < lastR || r == lastR && c <= lastC { // eachCell checks the order within a piece, this across
			return errDecline
		}
		if r != lastR {
			flush()
			cur = read.DetailRow{Row: r}
			if keyRow > 0 {
				cur.Values = make([]float64, len(d.Keys))
				for k := range cur.Values {
					cur.Values[k] = math.NaN()
				}
			}
		}
		lastR, lastC = r, c
		if self {
			return nil
		}
		col := c - 1
		switch typ {
		case "inlineStr", "s", "str":
			text, ok := fr.text1(content, typ)
			if !ok {
				return errDecline
			}
			switch {
			case keyRow == 0 && r <= templates.DetailKeyRows && col == 0 && text == templates.DetailCode:
				keyRow = r
				d.Keys = append(d.Keys, text)
			case keyRow == r:
				for len(d.Keys) < col {
					d.Keys = append(d.Keys, "")
				}
				d.Keys = append(d.Keys, text)
				switch text {
				case templates.DetailCode:
					codeCol = col
				case templates.DetailName:
					nameCol = col
				}
			case col == codeCol:
				cur.Code = strings.TrimSpace(text)
			case col == nameCol:
				cur.Name = strings.TrimSpace(text)
			case keyRow > 0 && r > keyRow && col < len(d.Keys) && isCellKey(d.Keys[col]) && strings.TrimSpace(text) != "":
				if cur.Code == templates.DetailCodeHeader || cur.Code == "" && cur.Name == "" {
					return nil // a header row below the key row
				}
				return errDecline // text in a number column: the general reader reports it
			}
			if keyRow == r && codeCol < 0 && col == 0 {
				codeCol = 0
			}
		default:
			v, ok := number(content)
			if !ok {
				return errDecline
			}
			if keyRow > 0 && r > keyRow && col < len(cur.Values) {
				cur.Values[col] = v
			}
		}
		return nil
	}
	err := fr.eachRows(part, lim, func(piece []byte, first, last bool) error {
		if first && !plainXML(piece) || !first && !plainPiece(piece) {
			return errDecline
		}
		from, end := 0, len(piece)
		if first {
			start := bytes.Index(piece, []byte("<sheetData"))
			if start < 0 {
				return errDecline
			}
			from = start + len("<sheetData")
		}
		if last {
			if end = bytes.LastIndex(piece, []byte("</sheetData>")); end < from {
				return errDecline
			}
		}
		return fr.eachCell(piece[:end], from, lim, cell)
	})
	if err != nil {
		return nil, err
	}
	flush()
	if keyRow == 0 {
		return nil, errDecline
	}
	return d, nil
}

// detailWindow is the size of the pieces a detail sheet is inflated in; a row longer than that grows it.
var detailWindow = 1 << 20

// eachRows inflates a part in pieces and calls fn with each: every piece but the last ends just after a
// "</row>", so that no row and, in XML we accept, no tag or cell is cut; the last one is the rest of the
// part. The part's size and checksum are verified at its end, where a mismatch declines. The window (at
// least detailWindow) grows when a row does not fit, up to the part's size.
func (fr *fastReader) eachRows(name string, lim read.Limits, fn func(piece []byte, first, last bool) error) error {
	f := fr.parts[name]
	if f == nil || f.UncompressedSize64 > uint64(lim.MaxUnzipSize) {
		return errDecline
	}
	raw, src, ok := fr.open(f)
	if !ok {
		return errDecline
	}
	if src == nil { // stored: read through the window all the same, the checks at the end included
		src = bytes.NewReader(raw)
	}
	want := f.UncompressedSize64
	window := min(uint64(detailWindow), want+1)
	if uint64(cap(fr.buf)) < window {
		fr.buf = make([]byte, window)
	}
	buf := fr.buf[:window]
	var total uint64
	crc := crc32.NewIEEE()
	n, first := 0, true // n bytes of buf hold what is not yet given to fn
	for {
		got, err := io.ReadFull(src, buf[n:])
		total += uint64(got)
		crc.Write(buf[n : n+got])
		n += got
		if total > want {
			return errDecline
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			if total != want || crc.Sum32() != f.CRC32 {
				return errDecline
			}
			return fn(buf[:n], first, true)
		}
		if err != nil {
			return errDecline
		}
		cut := bytes.LastIndex(buf[:n], []byte("</row>"))
		if cut < 0 { // a row longer than the window: grow it
			if uint64(len(buf)) > want {
				return errDecline
			}
			bigger := make([]byte, min(2*uint64(len(buf)), want+1))
			copy(bigger, buf[:n])
			buf = bigger
			continue
		}
		cut += len("</row>")
		if err := fn(buf[:cut], first, false); err != nil {
			return err
		}
		first = false
		n = copy(buf, buf[cut:n])
	}
}

// isCellKey reports whether a key row entry names a cell ("t3.new.person").
func isCellKey(k string) bool { return strings.Count(k, ".") == 2 }

// text1 reads the text of a string cell: an inline string, a shared string or a formula's string result.
func (fr *fastReader) text1(content []byte, typ string) (string, bool) {
	if bytes.Contains(content, []byte("<f")) || bytes.Contains(content, []byte("<r>")) {
		return "", false
	}
	tag := "v"
	if typ == "inlineStr" {
		tag = "t"
	}
	open := bytes.Index(content, []byte("<"+tag))
	if open < 0 {
		return "", true
	}
	_, next, self, ok := tagEnd(content, open+len(tag)+1)
	if !ok {
		return "", false
	}
	if self {
		return "", true
	}
	end := bytes.Index(content[next:], []byte("</"+tag+">"))
	if end < 0 {
		return "", false
	}
	s, ok := unescape(content[next:next+end], &fr.text)
	if !ok {
		return "", false
	}
	if typ == "s" {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 0 || n >= len(fr.sst) {
			return "", false
		}
		return fr.sst[n], true
	}
	return s, true
}

// number reads a number cell's <v>; a cell without value is blank (NaN). Formulas are declined.
func number(content []byte) (float64, bool) {
	if bytes.Contains(content, []byte("<f")) {
		return 0, false
	}
	open := bytes.Index(content, []byte("<v>"))
	if open < 0 {
		return math.NaN(), len(bytes.TrimSpace(content)) == 0
	}
	end := bytes.Index(content[open:], []byte("</v>"))
	if end < 0 {
		return 0, false
	}
	v := content[open+3 : open+end]
	// small whole numbers, most of a summary, without strconv
	if len(v) > 0 && len(v) < 16 {
		var n int64
		whole := true
		for _, b := range v {
			if b < '0' || b > '9' {
				whole = false
				break
			}
			n = n*10 + int64(b-'0')
		}
		if whole {
			return float64(n), true
		}
	}
	f, err := strconv.ParseFloat(string(v), 64)
	return f, err == nil
}
