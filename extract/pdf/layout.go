package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"

	"nianbao/locate"
	"nianbao/model"
)

// Layout: characters become lines (by baseline), ruled tables become grids (by cell), and the two are put
// in reading order, top to bottom, page by page.

// pline is one line of characters on a page.
type pline struct {
	n      int // 1-based on the page
	top    float64
	glyphs []int // indices into page.glyphs, left to right
}

// item is a line or a table on a page, in reading order.
type item struct {
	top   float64
	line  *pline // text line (nil for a table)
	table *ptable
	text  string
	// margin marks a page number or a running header or footer.
	margin bool
	rest   []int // the line's characters outside tables
}

// ptable is a table on one page: its lattice and, per cell, the glyph indices in it.
type ptable struct {
	page  int
	lat   *lattice
	cells [][]int
}

// groupLines puts a page's characters into lines: a character joins the line whose baseline is within
// 40% of the smaller of its height and the line's (a large title does not swallow the line above).
func groupLines(gs []glyph) ([]*pline, []int) {
	idx := make([]int, len(gs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return gs[idx[a]].y > gs[idx[b]].y })
	var lines []*pline
	lineOf := make([]int, len(gs))
	var base, hmax float64
	for _, i := range idx {
		g := gs[i]
		if n := len(lines); n == 0 || math.Abs(base-g.y) > 0.4*math.Min(hmax, g.h) {
			lines = append(lines, &pline{n: len(lines) + 1, top: g.y + g.h})
			base, hmax = g.y, g.h
		}
		l := lines[len(lines)-1]
		l.glyphs = append(l.glyphs, i)
		l.top = math.Max(l.top, g.y+g.h)
		hmax = math.Max(hmax, g.h)
		lineOf[i] = l.n
	}
	for _, l := range lines {
		sort.SliceStable(l.glyphs, func(a, b int) bool { return gs[l.glyphs[a]].x0 < gs[l.glyphs[b]].x0 })
	}
	return lines, lineOf
}

// columnUnit returns the page's left edge and the width of one text column: half the usual character
// height, since a Chinese character is square and two columns wide.
func columnUnit(gs []glyph) (left, unit float64) {
	if len(gs) == 0 {
		return 0, 5
	}
	hs := make([]float64, len(gs))
	left = math.Inf(1)
	for i, g := range gs {
		hs[i] = g.h
		left = math.Min(left, g.x0)
	}
	sort.Float64s(hs)
	return left, math.Max(hs[len(hs)/2]/2, 1)
}

// columns lays a line out in character columns, the way "pdftotext -layout" does: each character at the
// column of its position, with two spaces or more where the gap is a column's width or wider, so that the
// cells of a table without ruling lines stay apart.
func columns(gs []glyph, idx []int, left, unit float64) string {
	var b strings.Builder
	col := 0
	for k, i := range idx {
		g := gs[i]
		at := int(math.Round((g.x0 - left) / unit))
		if k > 0 {
			gap := (g.x0 - gs[idx[k-1]].x1) / unit
			switch {
			case gap >= 1.5:
				at = max(at, col+2)
			case g.spaceBefore || gap >= 0.6:
				at = col + 1
			default:
				at = col
			}
		}
		for ; col < at; col++ {
			b.WriteByte(' ')
		}
		b.WriteString(g.text)
		for _, r := range g.text {
			col++
			if wide(r) {
				col++
			}
		}
	}
	return b.String()
}

// joinGlyphs writes characters of one line left to right, with a space where the gap is wide.
func joinGlyphs(gs []glyph, idx []int) string {
	var b strings.Builder
	for k, i := range idx {
		g := gs[i]
		if k > 0 {
			p := gs[idx[k-1]]
			if g.spaceBefore && g.x0 > p.x1 || g.x0-p.x1 > 0.25*math.Max(g.h, p.h) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.text)
	}
	return b.String()
}

// cellText writes the characters of one cell: line by line, lines joined without a space between Chinese
// characters (a label wrapped in its cell) and with one otherwise.
func cellText(gs []glyph, idx []int, lineOf []int) string {
	sort.SliceStable(idx, func(a, b int) bool {
		la, lb := lineOf[idx[a]], lineOf[idx[b]]
		if la != lb {
			return la < lb
		}
		return gs[idx[a]].x0 < gs[idx[b]].x0
	})
	var out string
	for start := 0; start < len(idx); {
		end := start
		for end < len(idx) && lineOf[idx[end]] == lineOf[idx[start]] {
			end++
		}
		part := joinGlyphs(gs, idx[start:end])
		if out == "" {
			out = part
		} else {
			out = joinText(out, part)
		}
		start = end
	}
	return strings.TrimSpace(out)
}

func wide(r rune) bool { return r >= 0x2E80 || unicode.Is(unicode.Han, r) }

func lastRune(s string) rune {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1]
}

// layout builds the document from the interpreted pages.
func layout(name string, pages []*page) *Doc {
	doc := &Doc{Pages: len(pages)}
	running := runningLines(pages)
	var prev *gridBuild // the last table of the previous page, if it ended the page
	for _, p := range pages {
		lines, lineOf := groupLines(p.glyphs)
		left, unit := columnUnit(p.glyphs)
		inTable := make([]bool, len(p.glyphs))
		var items []item
		for _, lat := range lattices(p.segs) {
			t := &ptable{page: p.n, lat: lat, cells: make([][]int, lat.rows()*lat.cols())}
			for i, g := range p.glyphs {
				r, c, ok := lat.cellAt((g.x0+g.x1)/2, g.y+g.h*0.3)
				if !ok {
					continue
				}
				o := lat.owner[r*lat.cols()+c]
				t.cells[o] = append(t.cells[o], i)
				inTable[i] = true
			}
			items = append(items, item{top: lat.ys[0], table: t})
		}
		for _, l := range lines {
			var rest []int
			for _, i := range l.glyphs {
				if !inTable[i] {
					rest = append(rest, i)
				}
			}
			if len(rest) > 0 {
				text := joinGlyphs(p.glyphs, rest)
				it := item{top: l.top, line: l, text: text, rest: rest}
				it.margin = isMargin(text) || running[runningKey(text, l.top)]
				items = append(items, it)
			}
		}
		sort.SliceStable(items, func(a, b int) bool { return items[a].top > items[b].top })
		for k, it := range items {
			if it.table == nil {
				if !it.margin { // page numbers and running headers are not the report's text
					doc.Lines = append(doc.Lines, Line{Page: p.n, N: it.line.n, Text: it.text, Grid: -1,
						Columns: columns(p.glyphs, it.rest, left, unit)})
				}
				continue
			}
			gb := buildGrid(p, it.table, lines, lineOf)
			first := k == 0 || onlyMarginsBefore(items[:k])
			if prev != nil && first && prev.continues(gb) {
				prev.extend(gb)
			} else {
				doc.Grids = append(doc.Grids, locate.Grid{})
				gb.index = len(doc.Grids) - 1
				doc.Lines = append(doc.Lines, Line{Page: p.n, N: gb.firstLine, Text: gb.summary(), Grid: gb.index})
				prev = gb
			}
			doc.Grids[prev.index] = prev.grid(name)
			if !onlyMarginsBefore(items[k+1:]) {
				prev = nil // text follows the table on this page: it does not continue on the next
			}
		}
		for k := len(items) - 1; k >= 0; k-- { // a page ending with text: no table continues from it
			if items[k].table != nil {
				break
			}
			if !items[k].margin {
				prev = nil
				break
			}
		}
	}
	return doc
}

// onlyMarginsBefore reports whether items hold nothing but short margin lines (page numbers, headers).
func onlyMarginsBefore(items []item) bool {
	for _, it := range items {
		if it.table != nil || !it.margin {
			return false
		}
	}
	return true
}

// runningLines finds running headers and footers: lines with the same text (digits aside) at the same
// height on at least two pages and on more than half of them.
func runningLines(pages []*page) map[string]bool {
	if len(pages) < 2 {
		return nil
	}
	count := map[string]int{}
	for _, p := range pages {
		lines, _ := groupLines(p.glyphs)
		seen := map[string]bool{}
		for _, l := range lines {
			k := runningKey(joinGlyphs(p.glyphs, l.glyphs), l.top)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	out := map[string]bool{}
	for k, n := range count {
		if n >= 2 && n*2 > len(pages) {
			out[k] = true
		}
	}
	return out
}

func runningKey(text string, top float64) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, text) + "@" + itoa(int(math.Round(top/4)))
}

// isMargin tells a page number or running header line ("- 3 -", "第3页", "3") from text.
func isMargin(s string) bool {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 12 {
		return false
	}
	for _, r := range s {
		if !(unicode.IsDigit(r) || unicode.IsSpace(r) || strings.ContainsRune("-—–_/第页共PpAaGgEe.·", r)) {
			return false
		}
	}
	return true
}

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
