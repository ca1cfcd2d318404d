package extract

import (
	"nianbao/extract/pdf"
	"regexp"
	"strings"
	"unicode/utf8"

	"nianbao/model"
)

// Text extracted from a PDF ("pdftotext -layout" and the like) has no cell separators: a table row is a line
// whose cells are runs of text separated by two or more spaces, at roughly the columns of the page. What such
// text does to a table, and what this reader survives:
//
//	page breaks (form feeds) and page numbers ("- 3 -", "第3页", a bare number before a break) inside tables;
//	a long label wrapped over two or three lines, its numbers on the first, middle or last of them;
//	a row-group label (三、本年度办理结果, （三）不予公开) broken into single characters in the left margin;
//	slightly garbled labels ("其他法律行政止公开"); blank cells, which leave no text at all.
//
// Rows are recognised by their position in the official order and the best label match (model.Similarity),
// see align.go; values go to columns by count, or by position under the column headers.

// alignedLine is one line of column-aligned text, split into runs.
type alignedLine struct {
	n    int // 1-based line number in the file
	text string
	toks []token
	// vals are the trailing runs that read as numbers: the line's values.
	vals []token
	// label is the text of the other runs, without characters of a row-group label in the left margin.
	label string
	// cells is the number of cells of a TAB row, blank ones included; 0 for other lines.
	cells int
	// spans are where the characters of a PDF line are (see placeSpans).
	spans []pdf.Span
}

// placeCells gives each token its own line: cellLines[i] is the line of TAB cell i of a joined browser row;
// without them every token is on the line's own line.
func (l *alignedLine) placeCells(cellLines []int) {
	for _, ts := range [][]token{l.toks, l.vals} {
		for i := range ts {
			ts[i].line = l.n
			if k := ts[i].x0 / tabColumn; ts[i].tab && k < len(cellLines) {
				ts[i].line = cellLines[k]
			}
		}
	}
}

// token is a run of text and the display columns it covers (a CJK character is two columns wide).
type token struct {
	text   string
	x0, x1 int
	// line is the line the token was read from (see alignedLine.placeCells).
	line int
	// tab marks a cell of a TAB row: x0 and x1 are then the cell's index times tabColumn, so that a blank
	// cell (two TABs in a row) keeps its column.
	tab bool
	// rx0, rx1 are where the token really is, in display columns, when the line came with the positions of
	// its characters (a PDF; see placeSpans); real says they are set.
	rx0, rx1 float64
	real     bool
}

// tabColumn is the width given to one cell of a TAB row.
const tabColumn = 100

func (t token) center() float64 { return float64(t.x0+t.x1) / 2 }

var (
	pageNumber = regexp.MustCompile(`^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$`)
	bareNumber = regexp.MustCompile(`^\s*\d{1,4}\s*$`)
	listNumber = regexp.MustCompile(`^\d{1,2}\s*[.、．]$`)
)

// splitNumberRuns splits a run of numbers separated by single spaces ("21 0 0 0", pdftotext's gap between
// narrow columns) into one token per number, each at its own columns; numbers a single space after a label
// ("本机关不掌握相关政府信 7") are split from it too. Numbers in these tables have no
// thousands separators, so "1 259" is two numbers, never 1259: a row that then has too many numbers is
// reported, not summed into one cell.
// splitGlued parts a row's first number from its label when nothing separates them: a label that
// fills its cell in a PDF without ruling lines runs into the number of the next cell
// ("其他对外管理服务事项10  0  153"). Only the last token before the row's values, ending in digits right
// after a Chinese character, is parted; the spec's row labels never end in a digit.
func splitGlued(toks []token) []token {
	k := len(toks)
	for k > 0 && isValue(toks[k-1].text) {
		k--
	}
	if k == 0 || toks[k-1].tab {
		return toks
	}
	t := toks[k-1]
	rs := []rune(t.text)
	i := len(rs)
	for i > 0 && rs[i-1] >= '0' && rs[i-1] <= '9' {
		i--
	}
	if i == len(rs) || i == 0 || width(rs[i-1]) < 2 {
		return toks
	}
	w := 0
	for _, r := range rs[:i] {
		w += width(r)
	}
	out := append([]token(nil), toks[:k-1]...)
	out = append(out, token{text: string(rs[:i]), x0: t.x0, x1: t.x0 + w},
		token{text: string(rs[i:]), x0: t.x0 + w, x1: t.x1})
	return append(out, toks[k:]...)
}

func splitNumberRuns(toks []token) []token {
	var out []token
	for _, t := range toks {
		fields := strings.Split(t.text, " ")
		if len(fields) < 2 || t.tab {
			out = append(out, t)
			continue
		}
		k := len(fields) // fields[k:] are numbers
		for k > 0 && fields[k-1] != "" && isValue(fields[k-1]) && strings.ContainsAny(fields[k-1], "0123456789") {
			k--
		}
		if k == len(fields) {
			out = append(out, t)
			continue
		}
		x := t.x0
		if k > 0 { // a label run ending in numbers after a single space: "本机关不掌握相关政府信 7"
			label := strings.Join(fields[:k], " ")
			w := 0
			for _, r := range label {
				w += width(r)
			}
			out = append(out, token{text: label, x0: x, x1: x + w})
			x += w + 1
		}
		for _, f := range fields[k:] {
			w := 0
			for _, r := range f {
				w += width(r)
			}
			out = append(out, token{text: f, x0: x, x1: x + w, tab: t.tab})
			x += w + 1
		}
	}
	return out
}

func readPDFText(name, text string) *document {
	d := &document{name: name, format: FormatPDFText, aligned: true}
	raw := splitLines(text)
	// A form feed starts a page: the bare number on the last non-blank line before it is that page's number.
	breakAfter := map[int]bool{}
	last := -1
	for i, l := range raw {
		if strings.Contains(l, "\f") && last >= 0 {
			breakAfter[last] = true
		}
		if strings.TrimSpace(strings.ReplaceAll(l, "\f", "")) != "" {
			last = i
		}
	}
	if last >= 0 {
		breakAfter[last] = true
	}
	for i, l := range raw {
		l = strings.ReplaceAll(l, "\f", "")
		if pageNumber.MatchString(l) || breakAfter[i] && bareNumber.MatchString(l) {
			continue
		}
		d.lines = append(d.lines, textLine{N: i + 1, Text: l})
	}
	return d
}

// parseAligned splits a line into runs and separates its values from its label.
func parseAligned(n int, text string) alignedLine {
	l := alignedLine{n: n, text: text, toks: splitGlued(splitNumberRuns(tokens(text)))}
	for i := range l.toks {
		l.toks[i].line = n
	}
	if strings.Contains(text, "\t") {
		l.cells = strings.Count(text, "\t") + 1
	}
	k := len(l.toks)
	for k > 0 && isValue(l.toks[k-1].text) {
		k--
	}
	l.vals = l.toks[k:]
	if len(l.toks) == 1 && len(l.vals) == 1 && !strings.ContainsAny(l.vals[0].text, "0123456789") {
		l.vals = nil // a lone "无" or "-" is a margin character, not a row of values
		k = 1
	}
	labels := l.toks[:k]
	// Characters of a row-group label in the margin come first, as short runs followed by the row's label.
	for len(labels) > 1 && utf8.RuneCountInString(labels[0].text) <= 3 {
		labels = labels[1:]
	}
	var b strings.Builder
	for _, t := range labels {
		b.WriteString(t.text)
	}
	l.label = b.String()
	return l
}

// isValue reports whether a run reads as a number of some kind ("3", "247万元", "减1", "-"). A list number
// that starts a label ("3.", "2、") is not a value.
func isValue(s string) bool {
	if listNumber.MatchString(s) {
		return false
	}
	for _, k := range []model.Kind{model.Count, model.Change, model.Amount} {
		if p := model.ParseValue(k, s); p.Problem == "" && !p.Blank {
			return true
		}
	}
	return false
}

// tokens splits a line at runs of two or more spaces (an ideographic space counts as two). A line with
// TABs is split at its TABs only, each cell at its index (see token.tab).
func tokens(line string) []token {
	if strings.Contains(line, "\t") {
		var out []token
		for i, c := range strings.Split(line, "\t") {
			c = strings.Join(strings.FieldsFunc(c, func(r rune) bool {
				return r == ' ' || r == '\u00a0' || r == '\u3000'
			}), " ")
			if c != "" {
				out = append(out, token{text: c, x0: i * tabColumn, x1: i*tabColumn + 1, tab: true})
			}
		}
		return out
	}
	var out []token
	var cur strings.Builder
	x, start, spaces := 0, 0, 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, token{text: s, x0: start, x1: x - spaces})
		}
		cur.Reset()
	}
	for _, r := range line {
		w := width(r)
		if r == '\t' {
			w = 4
		}
		if r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0' {
			spaces += w
			x += w
			continue
		}
		if spaces >= 2 || r == '\t' {
			flush()
		}
		if cur.Len() == 0 {
			start = x
		} else if spaces == 1 {
			cur.WriteByte(' ')
		}
		spaces = 0
		cur.WriteRune(r)
		x += w
	}
	flush()
	return out
}

// width is the number of display columns of a rune: two for East Asian wide and full-width characters.
func width(r rune) int {
	switch {
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}
