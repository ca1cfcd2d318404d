package extract

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"nianbao/model"
)

// Columns of a table without ruling lines, for a row that prints fewer numbers than it has columns (its
// blank cells leave no text). No header line prints one word per column when the header cells wrap or
// span, and no line of values prints them all when every row has a blank cell; but together the lines of
// the table show where its columns are:
//   - the header cells: a word at the start of a column's label ("商业企" of 商业企业, wrapped), found in the
//     header lines, taken in the spec's column order and only while they run left to right — only where
//     the characters' places on the page are known (a PDF): a text layout such as pdftotext's squeezes
//     header words into fewer columns than their cells, away from the numbers under them;
//   - the columns of numbers: values of many rows aligned at one position, where no header word is.
//
// When header words and number columns together give exactly the row's number of columns, in order, each
// value goes to the column whose extent holds its centre (or, failing that, the nearest one by less than
// half a column), one value a column. Anything else leaves the row unplaced, as before: a value that cannot
// be tied to one cell is reported, not placed.

// colExtent is where one column is: the display columns [x0, x1] of its header word or of its numbers.
type colExtent struct{ x0, x1 float64 }

func (e colExtent) center() float64 { return (e.x0 + e.x1) / 2 }

// regionColumns returns the column of each value of the row vl, whose cells are keys, from the lines of
// its table; nil when the columns cannot be told.
func regionColumns(vl *alignedLine, lines []alignedLine, keys []string) []int {
	ncols := len(keys)
	if vl.cells > 0 || len(vl.vals) > ncols || ncols < 2 {
		return nil
	}
	for _, t := range vl.toks[:len(vl.toks)-len(vl.vals)] {
		if r, _ := utf8.DecodeLastRuneInString(t.text); r >= '0' && r <= '9' {
			return nil // a number run into the label ("其他对外管理服务事项10"): the row has more than its values
		}
	}
	firstVal := len(lines)
	for k, l := range lines {
		if len(l.vals) > 0 {
			firstVal = k
			break
		}
	}
	known := make([]*colExtent, ncols)
	prev := -1.0
	for c, key := range keys {
		label := columnLabel(key)
		if label == "" {
			return nil
		}
		if e := headerWord(lines[:firstVal], label, prev); e != nil {
			known[c], prev = e, e.x0
		}
	}
	// Number columns: the values of all lines of the table, grouped by position; a group inside a known
	// column's header word is that column.
	var groups []colExtent
	for _, l := range lines {
		if len(l.vals) > ncols || l.cells > 0 {
			continue
		}
		for _, v := range l.vals {
			groups = addToGroup(groups, v.extent())
		}
	}
	all := make([]colExtent, 0, ncols)
	index := map[int]int{} // position in all → column, for the known ones
	for c, e := range known {
		if e != nil {
			index[len(all)] = c
			all = append(all, *e)
		}
	}
	for _, g := range groups {
		inside := false
		for _, e := range known {
			inside = inside || e != nil && g.center() >= e.x0-1 && g.center() <= e.x1+1
		}
		if !inside {
			all = append(all, g)
		}
	}
	if len(all) != ncols {
		return nil
	}
	order := make([]int, ncols)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return all[order[a]].center() < all[order[b]].center() })
	exts := make([]colExtent, ncols)
	for pos, i := range order {
		if c, ok := index[i]; ok && c != pos {
			return nil // header words and number columns disagree on the order
		}
		exts[pos] = all[i]
	}
	cols := make([]int, len(vl.vals))
	used := map[int]bool{}
	for i, v := range vl.vals {
		c := columnOf(exts, v.extent().center())
		if c < 0 || used[c] {
			return nil
		}
		used[c] = true
		cols[i] = c
	}
	return cols
}

// columnOf returns the column whose extent holds x, or the nearest one by less than half the distance to
// its neighbours; -1 when x is between columns.
func columnOf(exts []colExtent, x float64) int {
	for c, e := range exts {
		if x >= e.x0-0.5 && x <= e.x1+0.5 {
			return c
		}
	}
	best, bestD := -1, 0.0
	for c, e := range exts {
		if d := abs(x - e.center()); best < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	for _, n := range []int{best - 1, best + 1} {
		if n >= 0 && n < len(exts) && abs(x-exts[n].center()) < 2*bestD {
			return -1
		}
	}
	return best
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// addToGroup adds a value's extent to the group of values at its position (centres within two display
// columns), or starts a group.
func addToGroup(groups []colExtent, e colExtent) []colExtent {
	for i, g := range groups {
		if abs(g.center()-e.center()) <= 2 {
			groups[i] = colExtent{min(g.x0, e.x0), max(g.x1, e.x1)}
			return groups
		}
	}
	return append(groups, e)
}

// headerWord finds, in the header lines, the nearest word right of after that starts the column label (at
// least two characters of it, all of it, or the first of a two-character label wrapped one character a
// line); nil when there is none. Nearest, because 表四 prints the same five labels under each of its groups. Words of a token apart by one space are words of their own (two cells'
// texts close together).
func headerWord(header []alignedLine, label string, after float64) *colExtent {
	var found *colExtent
	short := utf8.RuneCountInString(label) <= 2
	for _, l := range header {
		for _, t := range l.toks {
			for _, w := range words(t, l.spans) {
				n := utf8.RuneCountInString(w.text)
				e := w.extent()
				if !w.real {
					continue // a text layout (pdftotext) squeezes header words out of their columns
				}
				if e.x0 <= after || !strings.HasPrefix(label, w.text) || n < 2 && !short {
					continue
				}
				if found == nil || e.x0 < found.x0 {
					found = &e
				}
			}
		}
	}
	return found
}

// columnLabel is the printed label of a cell's column ("商业企业"), from the 2021 form or else the 2019 one.
func columnLabel(key string) string {
	for _, v := range []model.Version{model.V2021, model.V2019} {
		if c, ok := model.FormOf(v).Cell(key); ok {
			return c.Col.Label
		}
	}
	return ""
}

// columns tells the column of each value of a row of ncols: in order when all are there; else by the
// nearest column centre, taken from the last line above that prints ncols column headers (or the corner
// and ncols headers) or ncols values. It returns -1 for a value it cannot place, and a problem in Chinese.
//
// A TAB row (cells > 0) is placed by the index of its cells only under a header of as many cells: a blank
// cell keeps its TABs, but a cell cut out of the row shifts every cell after it, and which one is missing
// is then unknown.
func columns(vals []token, cells, ncols int, above []alignedLine) ([]int, string) {
	cols := make([]int, len(vals))
	if len(vals) == ncols {
		for i := range cols {
			cols[i] = i
		}
		return cols, ""
	}
	var centers []float64
	for k := len(above) - 1; k >= 0 && centers == nil; k-- {
		l := above[k]
		if l.cells != cells {
			continue
		}
		switch {
		case len(l.vals) == ncols:
			for _, t := range l.vals {
				centers = append(centers, t.center())
			}
		case len(l.vals) == 0 && (len(l.toks) == ncols || len(l.toks) == ncols+1):
			for _, t := range l.toks[len(l.toks)-ncols:] {
				centers = append(centers, t.center())
			}
		}
	}
	if centers == nil || len(vals) > ncols {
		for i := range cols {
			cols[i] = -1
		}
		return cols, fmt.Sprintf("有 %d 个数字，应为 %d 个，无法判断各数字所在的列", len(vals), ncols)
	}
	used := map[int]bool{}
	for i, v := range vals {
		bestC, bestD := -1, math.Inf(1)
		for c, x := range centers {
			if d := math.Abs(v.center() - x); d < bestD {
				bestC, bestD = c, d
			}
		}
		if used[bestC] {
			for j := range cols {
				cols[j] = -1
			}
			return cols, fmt.Sprintf("有 %d 个数字，应为 %d 个，无法判断各数字所在的列", len(vals), ncols)
		}
		used[bestC] = true
		cols[i] = bestC
	}
	return cols, ""
}
