package pdf

import (
	"math"
	"unicode"

	"nianbao/locate"
	"nianbao/model"
)

// Grids: the cells of a page's ruled table as a locate grid, and a table's parts on following pages
// joined into one (repeated headers dropped, rows broken by the page break joined).
// gridBuild is a grid being built from one or more page tables with the same columns.
type gridBuild struct {
	index     int
	xs        []float64
	rows      [][]locate.Cell
	where     [][]model.Source // page and line of each cell
	firstLine int
}

func buildGrid(p *page, t *ptable, lines []*pline, lineOf []int) *gridBuild {
	lat := t.lat
	rows, cols := lat.rows(), lat.cols()
	gb := &gridBuild{xs: lat.xs, firstLine: math.MaxInt}
	for r := 0; r < rows; r++ {
		row := make([]locate.Cell, cols)
		where := make([]model.Source, cols)
		rowLine := 0
		for c := 0; c < cols; c++ {
			idx := t.cells[r*cols+c]
			if lat.owner[r*cols+c] != r*cols+c || len(idx) == 0 {
				continue
			}
			row[c] = locate.Cell{Text: cellText(p.glyphs, idx, lineOf)}
			ln := math.MaxInt
			for _, i := range idx {
				ln = min(ln, lineOf[i])
			}
			where[c] = model.Source{Cell: Where(p.n, ln)}
			gb.firstLine = min(gb.firstLine, ln)
			rowLine = ln // the last filled cell: a value rather than a label centred over merged rows
		}
		for c := range where { // a blank cell is named by its row's first line
			if where[c].Cell == "" && rowLine > 0 {
				where[c] = model.Source{Cell: Where(p.n, rowLine)}
			} else if where[c].Cell == "" {
				where[c] = model.Source{Cell: Where(p.n, nearestLine(lines, lat.ys[r]))}
			}
		}
		if rowLine == 0 {
			continue // a row without any text (between double rules, or a table's continuation edge)
		}
		gb.rows = append(gb.rows, row)
		gb.where = append(gb.where, where)
	}
	if gb.firstLine == math.MaxInt {
		gb.firstLine = nearestLine(lines, lat.ys[0])
	}
	return gb
}

// nearestLine returns the number of the first line below y (for a table row without text).
func nearestLine(lines []*pline, y float64) int {
	for _, l := range lines {
		if l.top <= y+1 {
			return l.n
		}
	}
	if len(lines) > 0 {
		return lines[len(lines)-1].n
	}
	return 1
}

// continues reports whether next, at the top of the following page, continues this table: the same outer
// edges. The inner column lines may differ (merged cells hide some, a browser lays out each page's part
// on its own); the joined grid has the lines of both.
func (gb *gridBuild) continues(next *gridBuild) bool {
	a, b := gb.xs, next.xs
	return math.Abs(a[0]-b[0]) <= joinTol*2 && math.Abs(a[len(a)-1]-b[len(b)-1]) <= joinTol*2
}

func indexNear(xs []float64, x float64) int {
	for i, v := range xs {
		if math.Abs(v-x) <= joinTol*2 {
			return i
		}
	}
	return -1
}

// extend appends the rows of next, both parts laid out on the column lines of both.
func (gb *gridBuild) extend(next *gridBuild) {
	xs := cluster(append(append([]float64(nil), gb.xs...), next.xs...))
	if len(xs) > len(gb.xs) {
		gb.rows, gb.where = remap(gb.rows, gb.where, gb.xs, xs)
		gb.xs = xs
	}
	rows, where := remap(next.rows, next.where, next.xs, gb.xs)
	// A header repeated at the top of the page (Word's 重复标题行, a browser's <thead>) is dropped: rows
	// equal to the table's first rows, without figures.
	k := 0
	for k < len(rows) && k < len(gb.rows) && sameRow(rows[k], gb.rows[k]) {
		k++
	}
	rows, where = rows[k:], where[k:]
	if len(rows) > 0 && len(gb.rows) > 0 && splitRow(gb.rows[len(gb.rows)-1], rows[0]) {
		last := gb.rows[len(gb.rows)-1]
		for c, cell := range rows[0] {
			if cell.Text != "" {
				last[c].Text = joinText(last[c].Text, cell.Text)
			}
		}
		rows, where = rows[1:], where[1:]
	}
	gb.rows = append(gb.rows, rows...)
	gb.where = append(gb.where, where...)
}

// sameRow reports whether two rows have the same texts and no figure.
func sameRow(a, b []locate.Cell) bool {
	filled := false
	for c := range a {
		if c >= len(b) || a[c].Text != b[c].Text || isNumber(a[c].Text) {
			return false
		}
		filled = filled || a[c].Text != ""
	}
	return filled && len(a) == len(b)
}

// splitRow reports whether first, the first row of a table's part on a new page, is the rest of last, the
// row the previous page ended with: a row broken across the page (Word and WPS allow it by default) leaves
// the end of its label on the next page. That is so when first has text only in cells where last has text
// that is not a number — a repeated header row or a row of figures has text where last has numbers or
// nothing.
func splitRow(last, first []locate.Cell) bool {
	any := false
	for c, cell := range first {
		if cell.Text == "" {
			continue
		}
		if c >= len(last) || last[c].Text == "" || isNumber(last[c].Text) || isNumber(cell.Text) {
			return false
		}
		any = true
	}
	return any
}

// isNumber reports whether a cell's text starts like a figure ("12", "-", "247万元", "减1").
func isNumber(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r) || r == '-' || r == '—' || r == '减' || r == '增'
	}
	return false
}

// joinText joins two parts of a cell's text, without a space between Chinese characters.
func joinText(a, b string) string {
	if wide(lastRune(a)) && wide(firstRune(b)) {
		return a + b
	}
	return a + " " + b
}

// remap lays rows with column lines from onto the column lines to (which has all of them): each cell goes
// to the column that starts where it starts; the columns it now spans are blank, as in a merged cell.
func remap(rows [][]locate.Cell, where [][]model.Source, from, to []float64) ([][]locate.Cell, [][]model.Source) {
	if len(from) == len(to) {
		return rows, where
	}
	outR := make([][]locate.Cell, len(rows))
	outW := make([][]model.Source, len(rows))
	for r := range rows {
		outR[r] = make([]locate.Cell, len(to)-1)
		outW[r] = make([]model.Source, len(to)-1)
		line := model.Source{}
		for c := range rows[r] {
			if where[r][c].Cell != "" {
				line = where[r][c]
			}
		}
		for c := range outW[r] {
			outW[r][c] = line
		}
		for c := range rows[r] {
			if k := indexNear(to, from[c]); k >= 0 && k < len(to)-1 {
				outR[r][k] = rows[r][c]
				outW[r][k] = where[r][c]
			}
		}
	}
	return outR, outW
}

// grid returns the locate grid with sources naming file, page and line.
func (gb *gridBuild) grid(name string) locate.Grid {
	where := gb.where
	return locate.Grid{Name: gridName(gb.index), Rows: gb.rows, Source: func(row, col int) model.Source {
		if row < 0 || row >= len(where) || len(where[row]) == 0 {
			return model.Source{File: name}
		}
		s := where[row][min(max(col, 0), len(where[row])-1)]
		s.File = name
		return s
	}}
}

// summary is the text of the line that stands for a table: its first cell texts.
func (gb *gridBuild) summary() string { return gridName(gb.index) }

func gridName(i int) string { return "表格" + itoa(i+1) }

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
