package locate

import (
	"fmt"

	"nianbao/model"
)

// sheet is a table laid out as the official format merges it, built from the form spec (labels are never
// retyped here). render turns it into a Grid the three ways files hold merged cells.
type sheet struct{ cells [][]mcell }

// mcell is one grid cell; a cell covered by a merge keeps the merge's text and cover = true.
type mcell struct {
	text  string
	cover bool
}

type mergeMode int

const (
	once   mergeMode = iota // a workbook: text in the top-left cell, the others blank
	repeat                  // a workbook whose merges were undone with the text copied into each cell
	drop                    // HTML or Word flattened to text: merged-away cells are gone
)

// put writes text at (r, c), merged over rows × cols cells.
func (s *sheet) put(r, c int, text string, rows, cols int) {
	for dr := 0; dr < rows; dr++ {
		for dc := 0; dc < cols; dc++ {
			for len(s.cells) <= r+dr {
				s.cells = append(s.cells, nil)
			}
			for len(s.cells[r+dr]) <= c+dc {
				s.cells[r+dr] = append(s.cells[r+dr], mcell{})
			}
			s.cells[r+dr][c+dc] = mcell{text: text, cover: dr > 0 || dc > 0}
		}
	}
}

func (s *sheet) render(name string, mode mergeMode) Grid {
	g := Grid{Name: name}
	for _, row := range s.cells {
		var out []Cell
		for _, c := range row {
			switch {
			case !c.cover:
				out = append(out, Cell{Text: c.text})
			case mode == once:
				out = append(out, Cell{})
			case mode == repeat:
				out = append(out, Cell{Text: c.text})
			}
		}
		g.Rows = append(g.Rows, out)
	}
	return g
}

// sheet3 lays out 表三 of a version as FORMAT.md §1.3 draws it; val gives the text of value (row i, col j).
func sheet3(v model.Version, val func(i, j int) string) *sheet {
	t := model.TableOf(v, "t3")
	b := t.Blocks[0]
	s := &sheet{}
	nc := len(b.Cols)
	s.put(0, 0, b.Corner, 3, 3)
	s.put(0, 3, b.Cols[0].Groups[0], 1, nc)
	s.put(1, 3, b.Cols[0].Label, 2, 1)
	s.put(1, 4, b.Cols[1].Groups[1], 1, nc-2)
	for j := 1; j < nc-1; j++ {
		s.put(2, 3+j, b.Cols[j].Label, 1, 1)
	}
	s.put(1, 3+nc-1, b.Cols[nc-1].Label, 2, 1)
	r := 3
	span := func(from int, group string, depth int) int {
		n := 0
		for _, l := range b.Rows[from:] {
			if len(l.Groups) <= depth || l.Groups[depth] != group {
				break
			}
			n++
		}
		return n
	}
	for i, l := range b.Rows {
		switch len(l.Groups) {
		case 0:
			s.put(r, 0, l.Label, 1, 3)
		case 1:
			if i == 0 || len(b.Rows[i-1].Groups) == 0 {
				s.put(r, 0, l.Groups[0], span(i, l.Groups[0], 0), 1)
			}
			s.put(r, 1, l.Label, 1, 2)
		case 2:
			if len(b.Rows[i-1].Groups) < 2 || b.Rows[i-1].Groups[1] != l.Groups[1] {
				s.put(r, 1, l.Groups[1], span(i, l.Groups[1], 1), 1)
			}
			s.put(r, 2, l.Label, 1, 1)
		}
		for j := 0; j < nc; j++ {
			s.put(r, 3+j, val(i, j), 1, 1)
		}
		r++
	}
	return s
}

// sheet4 lays out 表四 as FORMAT.md §1.4 draws it, with values val(k) for k = 0…14.
func sheet4(val func(k int) string) *sheet {
	b := model.TableOf(model.V2021, "t4").Blocks[0]
	s := &sheet{}
	s.put(0, 0, b.Rows[0].Label, 1, 5)
	s.put(0, 5, b.Rows[1].Groups[0], 1, 10)
	for j, c := range b.Cols {
		s.put(1, j, c.Label, 2, 1)
		s.put(2, 5+j, c.Label, 1, 1)
		s.put(2, 10+j, c.Label, 1, 1)
	}
	s.put(1, 5, b.Rows[1].Label, 1, 5)
	s.put(1, 10, b.Rows[2].Label, 1, 5)
	for k := 0; k < 15; k++ {
		s.put(3, k, val(k), 1, 1)
	}
	return s
}

// distinct gives every value cell its own number: 100·(i+1) + j + 1.
func distinct(i, j int) string { return fmt.Sprint(100*(i+1) + j + 1) }

// sheet2 lays out 表二 of a version as FORMAT.md §1.1/§1.2 draws it (5 grid columns for 2019, 4 for 2021;
// blocks with fewer value columns merge them); val gives the text of value (row i of the table, col j of its
// block). firstPair merges the first pair of a 3-column 2019 data row instead of the second, as the Word
// table of 上海 2019 does in （五）（六） while their headers merge the second pair.
func sheet2(v model.Version, val func(i, j int) string, firstPair bool) *sheet {
	t := model.TableOf(v, "t2")
	widths := map[int][]int{3: {1, 1, 1}, 1: {3}}
	width := 4
	if v == model.V2019 {
		widths = map[int][]int{3: {1, 2, 1}, 2: {2, 2}}
		width = 5
	}
	s := &sheet{}
	r, i := 0, 0
	for bi, b := range t.Blocks {
		s.put(r, 0, b.Heading, 1, width)
		s.put(r+1, 0, b.Corner, 1, 1)
		c := 1
		for j, col := range b.Cols {
			s.put(r+1, c, col.Label, 1, widths[len(b.Cols)][j])
			c += widths[len(b.Cols)][j]
		}
		r += 2
		for _, row := range b.Rows {
			s.put(r, 0, row.Label, 1, 1)
			ws := widths[len(b.Cols)]
			if firstPair && (bi == 1 || bi == 2) {
				ws = []int{2, 1, 1}
			}
			c := 1
			for j := range b.Cols {
				s.put(r, c, val(i, j), 1, ws[j])
				c += ws[j]
			}
			r, i = r+1, i+1
		}
	}
	return s
}
