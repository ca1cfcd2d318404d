package extract

import "strings"

// Cell lines: a page's text taken without TABs — the browser's selection text (getSelection), some
// "copy as plain text" paths, pdftotext without -layout — prints every table cell on its own line, a blank
// cell (if kept) as a line holding only a no-break space (the page's &nbsp;), with empty lines between
// cells and nothing between rows:
//
//	一、本年新收政府信息公开申请数量⏎⏎821⏎⏎35⏎⏎\u00a0⏎⏎\u00a0⏎⏎2⏎⏎1⏎⏎859⏎⏎二、上年结转…
//
// A row is then a label followed by its cells: joinCellLines makes each label line and the number and blank
// cell lines after it one TAB row, which the aligned reader places by cell when it has all its cells
// (tabColumns). A group label on a line of its own ("三、本年度办理结果" before "（一）予以公开") stays a line.

// isCellLines reports whether text prints its table cells one a line: many lines that are a lone number or
// a blank cell (only no-break spaces), far more than lines with a label and numbers (PDF text rows). Asked
// after isBrowserCopy: a copy with TAB separators is joined by joinTabCells.
func isCellLines(text string) bool {
	cells, rows := 0, 0
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, "\r")
		if blankCellLine(l) {
			cells++
			continue
		}
		f := strings.Fields(strings.ReplaceAll(l, "\u00a0", " "))
		switch {
		case len(f) == 1 && isValue(f[0]) && strings.ContainsAny(f[0], "0123456789"):
			cells++
		case len(f) >= 2 && isValue(f[len(f)-1]) && !isValue(f[0]):
			rows++
		}
	}
	return cells >= 40 && cells > 3*rows
}

// blankCellLine reports whether a line is blank cells: no-break or ideographic spaces and nothing else, or
// several such cells between TABs (adjacent bare &nbsp; cells come out on one line: "\u00a0\t\u00a0\t").
func blankCellLine(l string) bool {
	return strings.ContainsAny(l, "\u00a0\u3000") && strings.Trim(l, " \t\u00a0\u3000\r") == ""
}

// blankCells counts the blank cells of a blank cell line.
func blankCells(l string) int {
	n := 0
	for _, p := range strings.Split(l, "\t") {
		if strings.ContainsAny(p, "\u00a0\u3000") {
			n++
		}
	}
	return n
}

// joinCellLines joins each label line and the cell lines after it (numbers, blank cells; empty lines
// between them ignored) into one TAB row with the line of every cell in Cells.
func joinCellLines(lines []textLine) []textLine {
	var out []textLine
	row := -1 // index in out of the label line whose cells follow
	for _, l := range lines {
		t := strings.Trim(l.Text, " \t\r")
		if blankCellLine(l.Text) {
			t = l.Text
		}
		switch {
		case t == "":
			out = append(out, l)
		case blankCellLine(t) || isValue(strings.Trim(t, "\u00a0\u3000")):
			if row < 0 {
				if !blankCellLine(t) {
					out = append(out, l)
				}
				continue
			}
			if blankCellLine(t) {
				for range blankCells(t) {
					out[row].Text += "\t"
					out[row].Cells = append(out[row].Cells, l.N)
				}
				continue
			}
			out[row].Text += "\t" + strings.Trim(t, "\u00a0\u3000")
			out[row].Cells = append(out[row].Cells, l.N)
		default:
			l.Cells = []int{l.N}
			out = append(out, l)
			row = len(out) - 1
		}
	}
	return out
}

// tabColumns places the values of a TAB row that kept its blank cells: label cells, then exactly ncols
// cells of numbers or nothing (a browser copy or a Word table copied as text, blank cells still between their
// TABs), or exactly ncols such cells and no label (表四's row of fifteen). The column of a value is then its
// cell's place from the row's end. nil when the row is not so: a row that lost a cell has a label cell where
// the values begin, or too few cells, and stays unplaced.
func tabColumns(vl *alignedLine, ncols int) []int {
	first := vl.cells - ncols // the first value cell
	if vl.cells == 0 || first < 0 || len(vl.vals) == 0 {
		return nil
	}
	isVal := map[int]bool{}
	for _, v := range vl.vals {
		isVal[v.x0/tabColumn] = true
	}
	labels := 0
	for _, t := range vl.toks {
		k := t.x0 / tabColumn
		switch {
		case isVal[k] && k < first:
			return nil // a number among the label cells
		case !isVal[k] && k >= first:
			return nil // a label where values are due
		case !isVal[k]:
			labels++
		}
	}
	if labels == 0 && first > 0 {
		return nil
	}
	cols := make([]int, len(vl.vals))
	for i, v := range vl.vals {
		cols[i] = v.x0/tabColumn - first
	}
	return cols
}

// printsCells reports whether one of a row's lines has all its ncols cells (blank ones included) after a
// label: the row is printed, blank or not.
func printsCells(lines []alignedLine, ncols int) bool {
	for _, l := range lines {
		if l.cells > ncols {
			return true
		}
	}
	return false
}
