package extract

import (
	"strings"

	"nianbao/locate"
	"nianbao/model"
)

// Text with '|' between cells, as scraped copies of published reports print their tables. Two shapes occur
// (seeds 000/002/004 and 001/003):
//
//	规章 | 0 | 0 | 0 |              one row per line, every cell followed by '|', merged cells left out and
//	第二十条第(一)项 | |||          the row padded with empty cells to the width of the grid
//
//	规章 |                          one cell per line; the padding of a row comes as one line of bare '|'
//	0 |
//	|||
//
// A run of consecutive lines holding '|' is one grid. In the one-cell-per-line shape the rows are rebuilt
// by the width of the grid: the number of cells up to the first line of bare padding. A leading empty cell
// on every line of a grid ("| 自然人 | …", seed 004) is dropped.

// isPipeText reports whether some lines separate cells with '|'.
func isPipeText(text string) bool {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if strings.Count(l, "|") >= 2 {
			n++
		}
	}
	return n >= 3
}

// pipeCell is one cell of '|' text and the line it is on.
type pipeCell struct {
	text string
	line int
}

func readPipeText(name, text string) *document {
	d := &document{name: name, format: FormatText}
	raw := splitLines(text)
	for i := 0; i < len(raw); {
		if !strings.Contains(raw[i], "|") {
			d.lines = append(d.lines, textLine{N: i + 1, Text: raw[i]})
			i++
			continue
		}
		j := i
		for j < len(raw) && strings.Contains(raw[j], "|") {
			d.lines = append(d.lines, textLine{N: j + 1, Text: raw[j], Table: true})
			j++
		}
		d.grids = append(d.grids, pipeGrid(name, raw[i:j], i+1))
		i = j
	}
	for i := range d.grids {
		d.grids[i].Name = gridName(i)
	}
	return d
}

// gridName names the n-th table of a document (0-based) as clerks count: "表格1".
func gridName(n int) string { return "表格" + itoa(n+1) }

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + itoa(n%10)
}

// splitLines splits text into lines, accepting \r\n and \r, and turning form feeds into line breaks.
func splitLines(text string) []string {
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text)
	return strings.Split(text, "\n")
}

// pipeGrid builds the grid of consecutive '|' lines; first is the line number of lines[0].
func pipeGrid(name string, lines []string, first int) locate.Grid {
	var rows [][]pipeCell
	perLine := 0
	for _, l := range lines {
		if strings.Count(l, "|") <= 1 || strings.Trim(l, "| \t\u3000") == "" {
			perLine++
		}
	}
	if perLine*2 >= len(lines) { // most lines hold one cell or bare padding: one cell per line
		rows = rowsByWidth(lines, first)
	} else {
		for i, l := range lines {
			rows = append(rows, splitPipe(l, first+i))
		}
	}
	dropLeadingEmpty(rows)
	g := locate.Grid{Rows: make([][]locate.Cell, len(rows))}
	at := make([][]int, len(rows))
	for r, row := range rows {
		g.Rows[r] = make([]locate.Cell, len(row))
		at[r] = make([]int, len(row))
		for c, cell := range row {
			g.Rows[r][c] = locate.Cell{Text: cell.text}
			at[r][c] = cell.line
		}
	}
	g.Source = func(row, col int) model.Source {
		if row < 0 || row >= len(at) || len(at[row]) == 0 {
			return model.Source{File: name}
		}
		return model.Source{File: name, Line: at[row][min(max(col, 0), len(at[row])-1)]}
	}
	return g
}

// splitPipe splits one line into its cells: every cell ends with '|'; text after the last '|' is a cell
// only when it is not blank.
func splitPipe(l string, n int) []pipeCell {
	parts := strings.Split(l, "|")
	if strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	cells := make([]pipeCell, len(parts))
	for i, p := range parts {
		cells[i] = pipeCell{strings.TrimSpace(p), n}
	}
	return cells
}

// rowsByWidth rebuilds the rows of one-cell-per-line text: all cells in order, cut into rows of the width
// of the first row, which ends at the first line of bare padding.
func rowsByWidth(lines []string, first int) [][]pipeCell {
	var cells []pipeCell
	width := 0
	for i, l := range lines {
		cs := splitPipe(l, first+i)
		if strings.TrimSpace(l) != "" && len(cs) == 0 {
			cs = []pipeCell{{"", first + i}}
		}
		cells = append(cells, cs...)
		if width == 0 && strings.Trim(l, "| \t\u3000") == "" && strings.Count(l, "|") >= 2 {
			width = len(cells)
		}
	}
	if width == 0 {
		width = len(cells)
	}
	var rows [][]pipeCell
	for i := 0; i < len(cells); i += width {
		rows = append(rows, cells[i:min(i+width, len(cells))])
	}
	return rows
}

// dropLeadingEmpty removes a leading empty cell that every non-empty row has (seed 004 "| 自然人 | …").
func dropLeadingEmpty(rows [][]pipeCell) {
	if len(rows) == 0 {
		return
	}
	for _, r := range rows {
		if len(r) > 0 && r[0].text != "" {
			return
		}
	}
	for i, r := range rows {
		if len(r) > 0 {
			rows[i] = r[1:]
		}
	}
}
