package extract

import (
	"fmt"

	"nianbao/checks"
	"nianbao/extract/pdf"
	"nianbao/locate"
	"nianbao/model"
)

// document is a report as read from its file, before its figures are interpreted: the lines of its text
// (title, headings, prose) and its tables, either as grids or as column-aligned lines.
type document struct {
	name   string
	format string
	// lines are the report's text in reading order. Lines inside tables are marked so that the prose checks
	// skip them.
	lines []textLine
	// grids are the tables of text, HTML and Word input, for package locate.
	grids []locate.Grid
	// aligned is true for column-aligned text: its tables are read from lines by readAligned.
	aligned bool
	// cellLines is true for text of one cell a line (joinCellLines): a row label without cells is not blank.
	cellLines bool
	// where, when set, rewrites a line number into the file's own terms (a PDF's page and line).
	where func(*model.Source)
}

// textLine is one line or paragraph of a report.
type textLine struct {
	// N is the 1-based line number in the file, or the paragraph number in an HTML or Word file.
	N    int
	Text string
	// Table marks a line that belongs to a table.
	Table bool
	// Cells, for a row joined from a browser copy, are the lines of its TAB cells in order.
	Cells []int
	// Spans, for a line of a PDF, are where its characters are on the page (see pdf.Line.Spans).
	Spans []pdf.Span
}

// lineName is how messages name line n of the document: "第12行", or where a PDF prints it ("第2页第14行").
func (d *document) lineName(n int) string {
	if d.where != nil {
		s := model.Source{Line: n}
		d.where(&s)
		if s.Cell != "" {
			return s.Cell
		}
	}
	return fmt.Sprintf("第%d行", n)
}

// result interprets the document: unit and year from the title, tables into the report, prose checks.
func (d *document) result() *Result {
	res := &Result{Format: d.format}
	unit, year := title(d.lines)
	v := model.VersionForYear(year)
	r := model.NewReport(model.Unit{Name: unit}, year, v)
	r.Tables = map[string]model.Version{}
	if d.aligned {
		res.Findings = append(res.Findings, readAligned(r, d)...)
	} else {
		for i := range d.grids {
			if d.grids[i].Source == nil { // HTML and Word tables: the file, the table and its A1 cell
				g := d.grids[i].Name
				d.grids[i].Source = func(row, col int) model.Source {
					return model.Source{File: d.name, Sheet: g, Cell: model.CellRef(col+1, row+1)}
				}
			}
		}
		res.Findings = append(res.Findings, readGrids(r, d.grids)...)
	}
	if year == 0 {
		res.Findings = append(res.Findings, checks.At(checks.RYear, r, "",
			fmt.Sprintf("%s：标题中找不到报告年度（应形如“2021年政府信息公开工作年度报告”）", d.name)))
		if tv, ok := r.Tables["t3"]; ok {
			r.Version = tv
		}
	}
	for i := range res.Findings {
		if res.Findings[i].File == "" {
			res.Findings[i].File = d.name
		}
	}
	res.Findings = append(res.Findings, proseChecks(r, d)...)
	if d.where != nil {
		for i := range res.Findings {
			f := &res.Findings[i]
			s := model.Source{Line: f.Line, Cell: f.Cell}
			d.where(&s)
			f.Line, f.Cell = s.Line, s.Cell
		}
		for k, s := range r.Sources {
			d.where(&s)
			r.Sources[k] = s
		}
	}
	res.Report = r
	return res
}
