package extract

import (
	"sort"

	"nianbao/extract/pdf"
)

// Where the tokens of a PDF line are on the page: the column layout (pdf.Line.Columns) moves characters
// right of wide text and starts at each page's leftmost character; the spans of its characters say where
// they really are, in one unit for the whole document.

// placeSpans gives each token of a PDF line where its characters really are on the page.
func (l *alignedLine) placeSpans(spans []pdf.Span) {
	if len(spans) == 0 {
		return
	}
	l.spans = spans
	for _, ts := range [][]token{l.toks, l.vals} {
		for i := range ts {
			t := &ts[i]
			for _, s := range spans {
				if s.Col < t.x0 || s.Col >= t.x1 {
					continue
				}
				if !t.real {
					t.rx0, t.rx1, t.real = s.X0, s.X1, true
				}
				t.rx0, t.rx1 = min(t.rx0, s.X0), max(t.rx1, s.X1)
			}
		}
	}
}

// extent is where a token is: its characters' place on the page when known, else its display columns.
func (t token) extent() colExtent {
	if t.real {
		return colExtent{t.rx0, t.rx1}
	}
	return colExtent{float64(t.x0), float64(t.x1)}
}

// words splits a token at its single spaces and, in a PDF, where its characters stand apart (header cells
// close together print as one run, "商业企业科研机构…", with a gap between cells and none inside a word),
// each word with its own place.
func words(t token, spans []pdf.Span) []token {
	if t.tab {
		return []token{t}
	}
	var out []token
	var cur token
	var prev *pdf.Span
	flush := func() {
		if cur.text != "" {
			l := alignedLine{toks: []token{cur}}
			l.placeSpans(spans)
			out = append(out, l.toks[0])
		}
		cur = token{}
	}
	x := t.x0
	for _, r := range t.text {
		if r == ' ' {
			flush()
			x, prev = x+1, nil
			continue
		}
		sp := spanAt(spans, x)
		if sp != nil && prev != nil && sp.X0-prev.X1 > wordGap {
			flush()
		}
		if cur.text == "" {
			cur.x0 = x
		}
		cur.text += string(r)
		x += width(r)
		cur.x1 = x
		if sp != nil {
			prev = sp
		}
	}
	flush()
	return out
}

// wordGap is the gap between two characters, in display columns, that parts two words: the characters of
// a word touch (a gap of 0), the texts of two table cells are apart by the cells' padding (about 0.4).
const wordGap = 0.2

// spanAt returns the span of the character printed at display column col, or nil.
func spanAt(spans []pdf.Span, col int) *pdf.Span {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].Col >= col })
	if i < len(spans) && spans[i].Col == col {
		return &spans[i]
	}
	return nil
}
