package extract

import (
	"math"
	"strings"

	"nianbao/model"
)

// A table printed as column-aligned text is matched to its official rows by dynamic programming: the lines
// of the table's region are cut, in order, into segments, one per official row ("slot"), or skipped. A
// segment scores the similarity of its joined labels to the row's label, plus one when it holds the row's
// values; a row holds at most one line of values, and a line of values may not be skipped. The best cut
// recognises wrapped labels (numbers on the first, middle or last line), garbled labels, and rows missing
// from the text, without trusting any single label.

// slot is one official row of a table as printed: a heading, a header, or a row of values.
type slot struct {
	// label is what the printed text should resemble; alt is a second form (group label + row label).
	label, alt string
	// keys are the cell keys of the row's values, left to right; nil for headings and headers.
	keys []string
	// maxLines bounds the lines the slot may take.
	maxLines int
}

// slots lists the printed rows of a table of a version, top to bottom.
func slots(t *model.Table) []slot {
	var out []slot
	if t.ID == "t4" { // printed as one row of fifteen values under a three-line header
		b := t.Blocks[0]
		h := slot{label: "行政复议行政诉讼未经复议直接起诉复议后起诉", maxLines: 6}
		data := slot{maxLines: 12} // one line, or three small tables (复议, 诉讼, 复议后起诉) with their headers
		for _, r := range b.Rows {
			for _, c := range b.Cols {
				h.label += c.Label
				data.keys = append(data.keys, t.ID+"."+r.Key+"."+c.Key)
			}
		}
		return append(out, h, data)
	}
	for _, b := range t.Blocks {
		if b.Heading != "" {
			out = append(out, slot{label: b.Heading, maxLines: 2})
		}
		h := slot{label: b.Corner, maxLines: 3}
		if t.ID == "t3" {
			h.label += "申请人情况法人或其他组织"
			h.maxLines = 10
		}
		for _, c := range b.Cols {
			h.label += c.Label
		}
		out = append(out, h)
		for _, r := range b.Rows {
			s := slot{label: r.Label, maxLines: 3}
			if len(r.Groups) > 0 {
				s.alt = r.Groups[len(r.Groups)-1] + r.Label
			}
			for _, c := range b.Cols {
				s.keys = append(s.keys, t.ID+"."+r.Key+"."+c.Key)
			}
			out = append(out, s)
		}
	}
	return out
}

// skipValues is the cost of leaving a line of values out of every row: possible, but reported.
const skipValues = -2.0

// cut is the best assignment of lines to slots: for each slot the range [from, to) of lines it takes.
type cut struct {
	score float64
	spans [][2]int
	// skipped lists the lines of values that no row took.
	skipped []int
}

// align finds the best cut of lines into the slots.
func align(lines []alignedLine, ss []slot) cut {
	n, m := len(lines), len(ss)
	negInf := math.Inf(-1)
	best := make([][]float64, n+1)
	type move struct{ kind, from int } // kind 0: skip line, 1: slot takes lines [from, i)
	how := make([][]move, n+1)
	for i := range best {
		best[i] = make([]float64, m+1)
		how[i] = make([]move, m+1)
		for j := range best[i] {
			best[i][j] = negInf
		}
	}
	best[0][0] = 0
	// The grams of every slot's label, and of each run of lines as it is first scored: the text of lines
	// [i, k) is scored against many slots.
	labels := make([][2]model.Grams, m)
	for j, s := range ss {
		labels[j] = [2]model.Grams{model.GramsOf(s.label), model.GramsOf(s.alt)}
	}
	var runs map[int]model.Grams // k → grams of lines [i, k), for the current i
	for i := 0; i <= n; i++ {
		runs = map[int]model.Grams{}
		for j := 0; j <= m; j++ {
			cur := best[i][j]
			if cur == negInf {
				continue
			}
			if i < n { // skip line i
				cost := 0.0
				if hasDigits(lines[i].vals) {
					cost = skipValues
				}
				if v := cur + cost; v > best[i+1][j] {
					best[i+1][j], how[i+1][j] = v, move{0, i}
				}
			}
			if j == m {
				continue
			}
			if cur > best[i][j+1] { // slot j takes no line
				best[i][j+1], how[i][j+1] = cur, move{1, i}
			}
			s := ss[j]
			text, withValues, nvals := "", 0, 0
			for k := i + 1; k <= n && k-i <= s.maxLines; k++ {
				l := lines[k-1]
				text += l.label
				if len(l.vals) > 0 {
					withValues++
					nvals += len(l.vals)
				}
				if withValues > 0 && s.keys == nil {
					break
				}
				// A row's numbers may be spread over several lines (a wrapped label with one number on
				// its first line, the rest on the last; 表四 printed as three small tables), but only
				// when together they are exactly the row's count: nothing else ties them to its cells.
				if withValues > 1 && nvals > len(s.keys) {
					break
				}
				if withValues > 1 && nvals < len(s.keys) {
					continue
				}
				tg, ok := runs[k]
				if !ok {
					tg = model.GramsOf(text)
					runs[k] = tg
				}
				score := similarity(tg, s, labels[j])
				switch { // a line of values counts fully when it has the row's count of numbers
				case withValues >= 1 && nvals == len(s.keys):
					score++
				case withValues >= 1:
					score += 0.5
				}
				if v := cur + score; v > best[k][j+1] {
					best[k][j+1], how[k][j+1] = v, move{1, i}
				}
			}
		}
	}
	out := cut{score: best[n][m], spans: make([][2]int, m)}
	for i, j := n, m; i > 0 || j > 0; {
		mv := how[i][j]
		if mv.kind == 0 {
			if hasDigits(lines[mv.from].vals) {
				out.skipped = append([]int{mv.from}, out.skipped...)
			}
			i = mv.from
			continue
		}
		out.spans[j-1] = [2]int{mv.from, i}
		i, j = mv.from, j-1
	}
	return out
}

// similarity scores a segment's text (its grams) against a slot's label (or its alternative form), given
// the grams of both.
func similarity(text model.Grams, s slot, label [2]model.Grams) float64 {
	if s.label == "" {
		return 0
	}
	sim := text.Similarity(label[0])
	if s.alt != "" {
		sim = max(sim, text.Similarity(label[1]))
	}
	return sim
}

// hasDigits reports whether some value has a digit: a line of bare dashes ("- -", a converter's placeholder
// row) may be left out of every row without a word.
func hasDigits(vals []token) bool {
	for _, v := range vals {
		if strings.ContainsAny(v.text, "0123456789") {
			return true
		}
	}
	return false
}
