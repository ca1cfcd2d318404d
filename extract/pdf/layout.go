package pdf

import (
	"sort"

	"nianbao/locate"
)

// Layout: characters become lines (by baseline), ruled tables become grids (by cell), and the two are put
// in reading order, top to bottom, page by page.

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

// layout builds the document from the interpreted pages.
func layout(name string, pages []*page) *Doc {
	doc := &Doc{Pages: len(pages)}
	running := runningLines(pages)
	var prev *gridBuild // the last table of the previous page, if it ended the page
	var all []glyph
	for _, p := range pages {
		all = append(all, p.glyphs...)
	}
	_, docUnit := columnUnit(all) // spans are in the same units on every page
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
					cols, spans := columns(p.glyphs, it.rest, left, unit, docUnit)
					doc.Lines = append(doc.Lines, Line{Page: p.n, N: it.line.n, Text: it.text, Grid: -1,
						Columns: cols, Spans: spans})
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
