package finish

import "bytes"

// Cell is one <c r="…"> element of a worksheet part as excelize writes it, by its positions in the part.
type Cell struct {
	// Start is the position of its "<c", TagEnd that of the ">" ending its start tag, End the position
	// just after the element ("/>" or "</c>").
	Start, TagEnd, End int
	// Ref is its reference ("B7"), Attrs the rest of its start tag (without a closing "/").
	Ref, Attrs []byte
	// SelfClosing marks <c …/>, which has no content.
	SelfClosing bool
}

// Inner is the content of a cell element: what lies between its start and end tags.
func (c Cell) Inner(data []byte) []byte {
	if c.SelfClosing {
		return nil
	}
	return data[c.TagEnd+1 : c.End-len("</c>")]
}

// EachCell calls fn for every cell element of a worksheet part, in order. It stops at the first element
// it cannot delimit and reports whether it reached the end of the part.
func EachCell(data []byte, fn func(c Cell)) bool {
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(`<c r="`))
		if j < 0 {
			return true
		}
		c := Cell{Start: i + j}
		q := bytes.IndexByte(data[c.Start+6:], '"')
		if q < 0 {
			return false
		}
		c.Ref = data[c.Start+6 : c.Start+6+q]
		t := bytes.IndexByte(data[c.Start:], '>')
		if t < 0 || t < 6+q+1 {
			return false
		}
		c.TagEnd = c.Start + t
		c.Attrs = data[c.Start+6+q+1 : c.TagEnd]
		if c.Attrs, c.SelfClosing = bytes.CutSuffix(c.Attrs, []byte("/")); c.SelfClosing {
			c.End = c.TagEnd + 1
		} else {
			k := bytes.Index(data[c.TagEnd:], []byte("</c>"))
			if k < 0 {
				return false
			}
			c.End = c.TagEnd + k + len("</c>")
		}
		fn(c)
		i = c.End
	}
}
