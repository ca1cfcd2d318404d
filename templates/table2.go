package templates

import "nianbao/model"

// table2 lays out 表二 (FORMAT.md §1.1, §1.2): one heading row per 第二十条 block, then a header row
// (信息内容 and the block's columns) and its rows. The grid is five columns wide in 2019 and four in 2021;
// a block with fewer value columns merges neighbouring columns as the official table does.
func table2(w *Workbook, t *model.Table) {
	widths := []float64{20, 16, 16, 16}
	if w.Version == model.V2019 {
		widths = []float64{22, 16, 8, 8, 16}
	}
	b := newBuilder(w, t.Name, t.Title, widths...)
	b.s.Table = t
	width := len(widths)
	form := model.FormOf(w.Version)
	row := top
	for _, bl := range t.Blocks {
		b.label(bl.Heading, Header, 1, row, width, row)
		row++
		b.label(bl.Corner, Header, 1, row, 1, row)
		spans := spread(len(bl.Cols), width-1)
		var colCells []LabelCell
		col := 2
		for i, c := range bl.Cols {
			colCells = append(colCells, b.label(c.Label, Header, col, row, col+spans[i]-1, row))
			col += spans[i]
		}
		row++
		for _, r := range bl.Rows {
			rl := b.label(r.Label, RowLabel, 1, row, 1, row)
			col := 2
			for i, c := range bl.Cols {
				cell, _ := form.Cell(t.ID + "." + r.Key + "." + c.Key)
				b.value(cell, col, row, col+spans[i]-1, rl, colCells[i])
				col += spans[i]
			}
			row++
		}
	}
	b.s.Freeze = "A2"
	b.done()
}

// spread divides m grid columns among n value columns as the official tables do: evenly, an odd one
// going to the middle column (2019 （一）: 1, 2, 1).
func spread(n, m int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = m / n
	}
	for k := 0; k < m%n; k++ {
		out[(n/2+k)%n]++
	}
	return out
}
