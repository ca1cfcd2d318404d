package finish

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"sort"
	"strconv"

	"nianbao/model"
)

// Sheet returns a worksheet part as the finisher would save it with no options (no marks, no cached
// values): a sheet that is already right, such as a streamed part, comes back unchanged.
func Sheet(data []byte) []byte { return bytes.Join(finishSheet(data, "", Options{}, nil), nil) }

// finishSheet is the one place where a worksheet part is corrected before it is saved (issue 16): the
// dimension becomes the real extent of the cells (excelize's stream writer and plain sheets declare A1),
// <col> elements are sorted ascending (the stream writer writes them in reverse), the autoFilter ref loses
// its "$" (ST_Ref has none), marked cells get their filled format, and formula cells without a cached value
// get the one opt.Cached knows (which may also replace a stale one). It works on the bytes excelize wrote, in one pass over the cells.
//
// It returns the part in pieces, so that the sheet data of a large sheet is never copied.
func finishSheet(data []byte, sheet string, opt Options, st *styleSheet) [][]byte {
	marks := opt.Marks[sheet]
	var out bytes.Buffer
	out.Grow(len(data) + len(data)/16)
	minC, minR, maxC, maxR := 0, 0, 0, 0
	last := 0
	EachCell(data, func(c Cell) {
		ref := c.Ref
		if col, row, ok := cellCoords(ref); ok {
			if minC == 0 || col < minC {
				minC = col
			}
			if minR == 0 || row < minR {
				minR = row
			}
			maxC, maxR = max(maxC, col), max(maxR, row)
		}
		fill, marked := marks[string(ref)]
		var value any
		known := false
		var formula []byte // the <f> element of a formula cell
		if opt.Cached != nil && !c.SelfClosing {
			if inner := c.Inner(data); bytes.HasPrefix(inner, []byte("<f")) {
				formula = formulaElement(inner)
				has := bytes.Contains(inner[len(formula):], []byte("<v>"))
				value, known = opt.Cached(sheet, string(ref), has)
			}
		}
		if !marked && !known {
			return
		}
		out.Write(data[last:c.Start])
		last = c.End
		attrs := c.Attrs
		if marked {
			attrs = setTagAttr(attrs, "s", st.clone(tagAttr(attrs, "s"), fill))
		}
		out.WriteString(`<c r="`)
		out.Write(ref)
		out.WriteByte('"')
		if !known {
			out.Write(attrs)
			if c.SelfClosing {
				out.WriteString("/>")
			} else {
				out.Write(data[c.TagEnd:c.End])
			}
			return
		}
		attrs = setTagAttr(attrs, "t", "")
		var v []byte
		switch x := value.(type) {
		case float64:
			v = strconv.AppendFloat(nil, x, 'f', -1, 64)
		case string:
			attrs = setTagAttr(attrs, "t", "str")
			var b bytes.Buffer
			_ = xml.EscapeText(&b, []byte(x))
			v = b.Bytes()
		}
		out.Write(attrs)
		out.WriteByte('>')
		out.Write(formula)
		out.WriteString("<v>")
		out.Write(v)
		out.WriteString("</v></c>")
	})
	if last > 0 {
		out.Write(data[last:])
		data = out.Bytes()
	}
	dim := []byte("A1")
	if maxC > 0 {
		dim = []byte(model.RangeRef(minC, minR, maxC, maxR))
	}
	sd := bytes.Index(data, []byte("<sheetData"))
	if sd < 0 {
		sd = 0
	}
	if opt.Rows[sheet] != nil { // rows still to come: the sheet's own dimension stays
		if m := reDimension.Find(data[:sd]); m != nil {
			dim = m[len(`<dimension ref="`) : len(m)-1]
		}
	}
	te := bytes.LastIndex(data, []byte("</sheetData>"))
	if te < sd {
		te = sd
	}
	return [][]byte{sortCols(setDimension(data[:sd:sd], dim)), data[sd:te], fixAutoFilter(data[te:])}
}

// cellCoords parses an A1 reference ("FW38") into column and row numbers.
func cellCoords(ref []byte) (col, row int, ok bool) {
	i := 0
	for ; i < len(ref) && 'A' <= ref[i] && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	if i == 0 || i == len(ref) || i > 3 {
		return 0, 0, false
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' || row > 1<<24 {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col, row, row > 0
}

// formulaElement returns the <f> element at the start of a cell's content: <f …/> or <f …>…</f>.
func formulaElement(inner []byte) []byte {
	gt := bytes.IndexByte(inner, '>')
	if gt < 0 {
		return nil
	}
	if inner[gt-1] == '/' {
		return inner[:gt+1]
	}
	if k := bytes.Index(inner, []byte("</f>")); k >= 0 {
		return inner[:k+len("</f>")]
	}
	return nil
}

var reDimension = regexp.MustCompile(`<dimension ref="[^"]*"`)

// setDimension sets the ref of the <dimension> element, which comes before the sheet data.
func setDimension(data, ref []byte) []byte {
	head := data
	if sd := bytes.Index(data, []byte("<sheetData")); sd >= 0 {
		head = data[:sd]
	}
	loc := reDimension.FindIndex(head)
	if loc == nil {
		return data
	}
	return append(append(append(append([]byte(nil), data[:loc[0]]...), `<dimension ref="`...), ref...),
		append([]byte(`"`), data[loc[1]:]...)...)
}

var (
	reCols = regexp.MustCompile(`(?s)<cols>(.*?)</cols>`)
	reCol  = regexp.MustCompile(`(?s)<col\b[^>]*?(?:/>|>.*?</col>)`)
	reMin  = regexp.MustCompile(` min="([0-9]+)"`)
)

// sortCols sorts the <col> elements of a sheet by their first column, as CT_Cols requires.
func sortCols(data []byte) []byte {
	sd := bytes.Index(data, []byte("<sheetData"))
	if sd < 0 {
		sd = len(data)
	}
	loc := reCols.FindSubmatchIndex(data[:sd])
	if loc == nil {
		return data
	}
	cols := reCol.FindAll(data[loc[2]:loc[3]], -1)
	first := func(c []byte) int {
		m := reMin.FindSubmatch(c)
		if m == nil {
			return 0
		}
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	if sort.SliceIsSorted(cols, func(i, j int) bool { return first(cols[i]) < first(cols[j]) }) {
		return data
	}
	sort.SliceStable(cols, func(i, j int) bool { return first(cols[i]) < first(cols[j]) })
	var b bytes.Buffer
	b.Write(data[:loc[2]])
	for _, c := range cols {
		b.Write(c)
	}
	b.Write(data[loc[3]:])
	return b.Bytes()
}

var reAutoFilter = regexp.MustCompile(`<autoFilter ref="[^"]*"`)

// fixAutoFilter removes "$" from the autoFilter ref, which excelize writes as an absolute reference.
func fixAutoFilter(data []byte) []byte {
	i := bytes.LastIndex(data, []byte("<autoFilter "))
	if i < 0 {
		return data
	}
	loc := reAutoFilter.FindIndex(data[i:])
	if loc == nil || !bytes.Contains(data[i:i+loc[1]], []byte("$")) {
		return data
	}
	fixed := bytes.ReplaceAll(data[i:i+loc[1]], []byte("$"), nil)
	return append(append(append([]byte(nil), data[:i]...), fixed...), data[i+loc[1]:]...)
}

// tagAttr returns the value of an attribute in the attribute text of a start tag.
func tagAttr(attrs []byte, name string) string {
	k := bytes.Index(attrs, []byte(" "+name+`="`))
	if k < 0 {
		return ""
	}
	rest := attrs[k+len(name)+3:]
	e := bytes.IndexByte(rest, '"')
	if e < 0 {
		return ""
	}
	return string(rest[:e])
}

// setTagAttr sets (or, with value "", removes) an attribute in the attribute text of a start tag.
func setTagAttr(attrs []byte, name, value string) []byte {
	out := append([]byte(nil), attrs...)
	if k := bytes.Index(out, []byte(" "+name+`="`)); k >= 0 {
		e := bytes.IndexByte(out[k+len(name)+3:], '"')
		if e >= 0 {
			out = append(out[:k], out[k+len(name)+3+e+1:]...)
		}
	}
	if value == "" {
		return out
	}
	return append(out, []byte(" "+name+`="`+value+`"`)...)
}
