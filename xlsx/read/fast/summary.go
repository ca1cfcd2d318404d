package fast

import (
	"bytes"
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

// details scans a detail sheet part.
func (fr *fastReader) details(name, part string, lim read.Limits) (*read.Detail, error) {
	data, err := fr.inflate(part)
	if err != nil || !plainXML(data) {
		return nil, errDecline
	}
	start := bytes.Index(data, []byte("<sheetData"))
	end := bytes.LastIndex(data, []byte("</sheetData>"))
	if start < 0 || end < start {
		return nil, errDecline
	}
	d := &read.Detail{Sheet: name}
	keyRow, codeCol, nameCol := 0, -1, -1
	var cur read.DetailRow
	cells := 0
	flush := func() {
		if cur.Row > keyRow && keyRow > 0 && (cur.Code != "" || cur.Name != "") && cur.Code != templates.DetailCodeHeader {
			d.Rows = append(d.Rows, cur)
		}
	}
	lastR := 0
	err = fr.eachCell(data[:end], start+len("<sheetData"), lim, func(r, c int, typ string, content []byte, self bool) error {
		if cells++; cells > lim.MaxCells {
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
		lastR = r
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
