package finish

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// styleSheet is xl/styles.xml as excelize wrote it, with the cell formats marked cells need appended.
// Marking works on the XML itself rather than through excelize GetStyle/NewStyle, which loses what its
// Style type cannot say (an edge without a colour, an auto, indexed or theme colour, a workbook without a
// theme) and then writes colours such as rgb="FF" that openpyxl, pandas and LibreOffice refuse or misread.
type styleSheet struct {
	data    []byte
	xfs     [][]byte          // the <xf> elements of cellXfs
	fills   int               // number of <fill> elements
	added   [][]byte          // appended <xf> elements
	newFill map[string]int    // ARGB → index of an appended solid fill
	fillXML [][]byte          // appended <fill> elements
	clones  map[[2]string]int // (original xf index, ARGB) → appended xf index
}

var (
	reCellXfs = regexp.MustCompile(`(?s)<cellXfs[^>]*>(.*?)</cellXfs>`)
	reFills   = regexp.MustCompile(`(?s)<fills[^>]*>(.*?)</fills>`)
	reXf      = regexp.MustCompile(`(?s)<xf\b[^>]*?(?:/>|>.*?</xf>)`)
	reFill    = regexp.MustCompile(`(?s)<fill\b[^>]*?(?:/>|>.*?</fill>)`)
	reFillID  = regexp.MustCompile(` fillId="[0-9]*"`)
	reApply   = regexp.MustCompile(` applyFill="[^"]*"`)
	reRGB     = regexp.MustCompile(` rgb="([^"]*)"`)
)

// parseStyles reads the cell formats and the fill count of a style part.
func parseStyles(data []byte) *styleSheet {
	st := &styleSheet{data: data, newFill: map[string]int{}, clones: map[[2]string]int{}}
	if m := reCellXfs.FindSubmatch(data); m != nil {
		st.xfs = reXf.FindAll(m[1], -1)
	}
	if m := reFills.FindSubmatch(data); m != nil {
		st.fills = len(reFill.FindAll(m[1], -1))
	}
	return st
}

// clone returns the index of a cell format that is the format xf (its s attribute, "" for 0) with a
// solid fill of colour argb. It returns xf unchanged when the part has no cell formats to copy.
func (st *styleSheet) clone(xf, argb string) string {
	if len(st.xfs) == 0 || reFills.Find(st.data) == nil {
		return xf
	}
	key := [2]string{xf, argb}
	if id, ok := st.clones[key]; ok {
		return strconv.Itoa(id)
	}
	i, err := strconv.Atoi(xf)
	if err != nil || i < 0 || i >= len(st.xfs) {
		i = 0
	}
	fill, ok := st.newFill[argb]
	if !ok {
		fill = st.fills + len(st.fillXML)
		st.newFill[argb] = fill
		st.fillXML = append(st.fillXML, fmt.Appendf(nil,
			`<fill><patternFill patternType="solid"><fgColor rgb="%s"></fgColor><bgColor indexed="64"></bgColor></patternFill></fill>`, argb))
	}
	x := st.xfs[i]
	end := bytes.IndexByte(x, '>')
	if x[end-1] == '/' {
		end--
	}
	head := reApply.ReplaceAll(reFillID.ReplaceAll(x[:end], nil), nil)
	x = append(fmt.Appendf(append([]byte(nil), head...), ` fillId="%d" applyFill="1"`, fill), x[end:]...)
	id := len(st.xfs) + len(st.added)
	st.added = append(st.added, x)
	st.clones[key] = id
	return strconv.Itoa(id)
}

// bytes returns the style part with the appended fills and formats and every rgb colour of 8 hex digits.
func (st *styleSheet) bytes() []byte {
	data := st.data
	if len(st.added) > 0 {
		data = appendChildren(data, reFills, "fills", st.fills, st.fillXML)
		data = appendChildren(data, reCellXfs, "cellXfs", len(st.xfs), st.added)
	}
	return normalizeRGB(data)
}

// appendChildren appends elements at the end of the section re finds and sets its count attribute.
func appendChildren(data []byte, re *regexp.Regexp, name string, had int, add [][]byte) []byte {
	loc := re.FindIndex(data)
	if loc == nil {
		return data
	}
	closing := loc[1] - len("</"+name+">")
	var b bytes.Buffer
	b.Write(data[:loc[0]])
	fmt.Fprintf(&b, `<%s count="%d">`, name, had+len(add))
	open := bytes.IndexByte(data[loc[0]:], '>') + loc[0] + 1
	b.Write(data[open:closing])
	for _, x := range add {
		b.Write(x)
	}
	b.Write(data[closing:])
	return b.Bytes()
}

// normalizeRGB makes every rgb attribute an ARGB value of 8 hex digits, as ST_UnsignedIntHex requires:
// six digits get an opaque alpha, anything else (excelize writes "FF" for a colour it could not read) is
// dropped, which leaves the element's other attributes (auto, indexed, theme) or the default colour.
func normalizeRGB(data []byte) []byte {
	return reRGB.ReplaceAllFunc(data, func(m []byte) []byte {
		v := m[len(` rgb="`) : len(m)-1]
		switch {
		case len(v) == 8 && isHex(v):
			return m
		case len(v) == 6 && isHex(v):
			return fmt.Appendf(nil, ` rgb="FF%s"`, bytes.ToUpper(v))
		}
		return nil
	})
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
