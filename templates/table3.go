package templates

import "nianbao/model"

// top is the first row of every table grid; row 1 holds the table title.
const top = 2

// table3 lays out 表三 (FORMAT.md §1.3): the corner note over three label columns, the applicant columns
// with their nested headers, and the rows with their nested 三、本年度办理结果 groups.
func table3(w *Workbook, t *model.Table) {
	bl := t.Blocks[0]
	var colPaths, rowPaths [][]string
	for _, c := range bl.Cols {
		colPaths = append(colPaths, pathOf(c.Groups, c.Label))
	}
	for _, r := range bl.Rows {
		rowPaths = append(rowPaths, pathOf(r.Groups, r.Label))
	}
	h, d := depthOf(colPaths), depthOf(rowPaths)
	widths := []float64{6, 10, 44}
	for range bl.Cols {
		widths = append(widths, 14)
	}
	b := newBuilder(w, t.Name, t.Title, widths...)
	b.s.Table = t
	b.label(bl.Corner, Note, 1, top, d, top+h-1)
	cols := b.headers(true, d+1, top, h, colPaths)
	rows := b.headers(false, top+h, 1, d, rowPaths)
	form := model.FormOf(w.Version)
	for j, r := range bl.Rows {
		for i, c := range bl.Cols {
			cell, _ := form.Cell(t.ID + "." + r.Key + "." + c.Key)
			rl, cl := rows[j][len(rows[j])-1], cols[i][len(cols[i])-1]
			b.value(cell, d+1+i, top+h+j, d+1+i, rl, cl)
		}
	}
	b.s.Freeze = model.CellRef(d+1, top+h)
	b.s.PrintRows = top + h - 1
	b.done()
}

// table4 lays out 表四 (FORMAT.md §1.4): one row of fifteen values under a three-level header. The
// model's rows (行政复议, 未经复议直接起诉, 复议后起诉) are header levels here, above their columns.
func table4(w *Workbook, t *model.Table) {
	bl := t.Blocks[0]
	var paths [][]string
	var cells []model.Cell
	form := model.FormOf(w.Version)
	for _, r := range bl.Rows {
		for _, c := range bl.Cols {
			paths = append(paths, append(pathOf(r.Groups, r.Label), c.Label))
			cell, _ := form.Cell(t.ID + "." + r.Key + "." + c.Key)
			cells = append(cells, cell)
		}
	}
	widths := make([]float64, len(paths))
	for i := range widths {
		widths[i] = 10
	}
	b := newBuilder(w, t.Name, t.Title, widths...)
	b.s.Table = t
	h := depthOf(paths)
	hdr := b.headers(true, 1, top, h, paths)
	for i, cell := range cells {
		p := hdr[i]
		b.value(cell, 1+i, top+h, 1+i, p[len(p)-2], p[len(p)-1])
	}
	b.s.PrintRows = top + h - 1
	b.done()
}

// done finishes a table sheet: formulas of totals, row heights, print setup.
func (b *builder) done() {
	b.formulas()
	b.fitRows()
	b.s.Protected = true
	b.s.Landscape = true
}
