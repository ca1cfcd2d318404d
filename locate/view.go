package locate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"nianbao/checks"
	"nianbao/model"
)

// view is a grid with the normalized text of each cell (a covered cell's hidden text), computed once.
type view struct {
	idx   int
	g     Grid
	norm  [][]string
	width int // the longest row
}

func newView(idx int, g Grid) *view {
	v := &view{idx: idx, g: g, norm: make([][]string, len(g.Rows))}
	for r, row := range g.Rows {
		v.norm[r] = make([]string, len(row))
		for c, cell := range row {
			t := cell.Text
			if t == "" {
				t = cell.Covered
			}
			v.norm[r][c] = model.Normalize(t)
		}
		v.width = max(v.width, len(row))
	}
	return v
}

// n returns the normalized text of a cell, "" outside the grid.
func (v *view) n(r, c int) string {
	if r < 0 || r >= len(v.norm) || c < 0 || c >= len(v.norm[r]) {
		return ""
	}
	return v.norm[r][c]
}

// raw returns the text of a cell as read, "" outside the grid.
func (v *view) raw(r, c int) string {
	if r < 0 || r >= len(v.g.Rows) || c < 0 || c >= len(v.g.Rows[r]) {
		return ""
	}
	return v.g.Rows[r][c].Text
}

// first returns the column of the first non-empty cell of a row, or -1.
func (v *view) first(r int) int {
	for c, t := range v.norm[r] {
		if t != "" {
			return c
		}
	}
	return -1
}

// blankRow reports whether every cell of a row is empty.
func (v *view) blankRow(r int) bool { return v.first(r) < 0 }

// source says where cell (r, c) is in the file.
func (v *view) source(r, c int) model.Source { return sourceOf(v.g, r, c) }

func sourceOf(g Grid, r, c int) model.Source {
	if g.Source != nil {
		return g.Source(r, c)
	}
	return model.Source{Sheet: g.Name, Cell: model.CellRef(c+1, r+1)}
}

// wordy reports whether a normalized text has a Chinese character: every label has one, no number has.
func wordy(t string) bool {
	for _, r := range t {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// names reports whether normalized text t names label: equal, or the label followed by a local suffix
// ("第二十条第(一)项(续)"). Unlike Line.Match it does not accept a truncated text: used for anchors.
func names(t, label string) bool {
	n := model.Normalize(label)
	return t != "" && strings.HasPrefix(t, n)
}

// match scores how well normalized text t names a line (model.Line.Match), 0 for texts without words.
func match(l model.Line, t string) int {
	if !wordy(t) {
		return 0
	}
	return l.Match(t)
}

// quote shortens a cell text for a message.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 24 {
		s = string(r[:24]) + "…"
	}
	return "「" + s + "」"
}

// problem is an R-5 finding about table name at cell (r, c) of the view (r < 0: the whole grid).
func (v *view) problem(name string, r, c int, format string, args ...any) checks.Finding {
	f := checks.At(checks.RTable, nil, "", "未找到"+name+"："+fmt.Sprintf(format, args...))
	src := v.source(max(r, 0), max(c, 0))
	f.File, f.Sheet = src.File, src.Sheet
	if r >= 0 {
		f.Cell, f.Line = src.Cell, src.Line
	}
	if f.Sheet == "" && f.File == "" {
		f.Sheet = v.g.Name
	}
	return f
}

// missing reports rows of a table that were not found: each by name when there are a few, else one
// finding naming the first ones and the count, so an unrelated sheet does not bury the clerk in lines.
func (v *view) missing(name string, labels []string) []checks.Finding {
	if len(labels) <= 3 {
		var out []checks.Finding
		for _, l := range labels {
			out = append(out, v.problem(name, -1, -1, "缺少“%s”行", l))
		}
		return out
	}
	return []checks.Finding{v.problem(name, -1, -1, "缺少%d行（“%s”“%s”“%s”等），这可能不是%s，或表格被改动过",
		len(labels), labels[0], labels[1], labels[2], name)}
}

// rowName names a grid row for messages: "第5行" of the sheet or text.
func (v *view) rowName(r int) string {
	src := v.source(r, 0)
	switch {
	case src.Line > 0:
		return fmt.Sprintf("第%d行", src.Line)
	case strings.HasSuffix(src.Cell, "行"): // a PDF's "第2页第14行"
		return src.Cell
	case src.Cell != "":
		return "第" + strings.TrimLeft(src.Cell, "ABCDEFGHIJKLMNOPQRSTUVWXYZ$") + "行"
	}
	return fmt.Sprintf("第%d行", r+1)
}

// index finds the lines a text may name without trying each: a text names a line only if it shares the
// first character of the line's label or of one of its aliases (Line.Match compares equal texts or prefixes).
type index struct {
	lines []model.Line
	first map[rune][]int
}

func newIndex(lines []model.Line) index {
	x := index{lines: lines, first: map[rune][]int{}}
	for i, l := range lines {
		seen := map[rune]bool{}
		for _, name := range append([]string{l.Label}, l.Aliases...) {
			for _, r := range model.Normalize(name) {
				if !seen[r] {
					seen[r] = true
					x.first[r] = append(x.first[r], i)
				}
				break
			}
		}
	}
	return x
}

// best returns the lines that normalized text t names best, and how well (Line.Match).
func (x index) best(t string) (tied []int, score int) {
	if t == "" {
		return nil, 0
	}
	r, _ := utf8.DecodeRuneInString(t) // lines are indexed by the first character of their labels
	for _, i := range x.first[r] {
		switch m := x.lines[i].Match(t); {
		case m > score:
			score, tied = m, []int{i}
		case m == score && m > 0:
			tied = append(tied, i)
		}
	}
	return tied, score
}
