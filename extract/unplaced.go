package extract

import (
	"fmt"
	"strings"

	"nianbao/checks"
	"nianbao/model"
)

// What the aligned reader does not place: the cells of rows whose numbers cannot be tied to their columns
// (reported, left out of the report), and a table printed without a single number (blank, not missing).

// unplaced takes the values of rows reported as unreadable out of the report: locate reads their cells as
// blank, which counts as 0, but a value that cannot be tied to one cell is reported, not placed. Each such
// cell gets an R-4 finding at the row's line, so that the identities through it are not evaluated (无法核对)
// rather than failed on a 0 that was never printed; the R-2 notes about blanks are left as they are.
func unplaced(r *model.Report, rejected []rejectedCell) []checks.Finding {
	var out []checks.Finding
	for _, rc := range rejected {
		f := checks.At(checks.RUnread, r, rc.key, "")
		c, _ := r.Cell(rc.key)
		f.Line, f.Cell, f.Sheet = rc.line, "", ""
		f.Message = fmt.Sprintf("%s %s：此行的数值无法对应到各列，此单元格未读取", c.Table.Name, c.Label())
		delete(r.Values, rc.key)
		delete(r.Sources, rc.key)
		out = append(out, f)
	}
	return out
}

// rejectedCell is a cell of a row whose values could not be placed in its columns, and the row's line.
type rejectedCell struct {
	key  string
	line int
}

// blankTable reports whether the lines of 表四's region print its header — its groups 行政复议, 行政诉讼 and
// the two kinds of 诉讼 (the column labels wrap inside their narrow cells, often one character a line) — so
// that a region without numbers is the table with blank cells, not a table that is not there. Only 表四 is printed wholly blank
// (most bodies have no 复议 or 诉讼).
func blankTable(id string, lines []alignedLine) bool {
	if id != "t4" || len(lines) == 0 {
		return false
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(strings.ReplaceAll(l.text, " ", ""))
	}
	text := b.String()
	for _, w := range []string{"行政复议", "行政诉讼", "直接起诉", "复议后起诉"} {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
