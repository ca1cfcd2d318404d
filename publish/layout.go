// Package publish writes the three statistical tables of a report (表二, 表三, 表四) in the official layout,
// ready for the annual report: as a Word .docx (WriteDocx) and as HTML to paste into a website's CMS
// (WriteHTML). The layout — labels, merged headers, rows and columns — is the template layout of each
// table's version (templates.For), so it is never retyped; merges become rowspan/colspan in HTML and
// gridSpan/vMerge in Word. What publish writes, package extract reads back to the same values.
package publish

import (
	"fmt"
	"slices"

	"nianbao/model"
	"nianbao/templates"
)

// Cell is one cell of a published table: the top-left cell of a merged range, or a single cell.
type Cell struct {
	// Row and Col are the 0-based position of the cell in the table grid.
	Row, Col int
	// RowSpan and ColSpan are the extent of the cell (1 for an unmerged cell).
	RowSpan, ColSpan int
	// Text is the label, or the value as printed ("" for a blank value).
	Text string
	// Header is true for column headers and block headings (bold, centred).
	Header bool
	// Value is true for a value cell (centred numbers).
	Value bool
}

// Table is one published table: its section heading and its grid.
type Table struct {
	// ID is "t2", "t3" or "t4".
	ID string
	// Title is the section heading ("二、主动公开政府信息情况").
	Title string
	// Widths are the relative widths of the grid columns (Excel character units of the template).
	Widths []float64
	// Rows lists, for each grid row, the cells that start in it, left to right.
	Rows [][]Cell
	// HeaderRows is the number of top rows that are column headers, repeated on every page a table runs
	// over (0 for 表二, whose headers belong to each block).
	HeaderRows int
}

// Document is what publish writes for one report.
type Document struct {
	// Heading is the report's title, "{单位}{年度}年政府信息公开工作年度报告", as extract reads it back.
	Heading string
	Tables  []Table
}

// Build lays out the tables of r that it has (r.Tables), each in the version it was read in.
func Build(r *model.Report) (*Document, error) {
	d := &Document{Heading: heading(r)}
	for _, id := range model.TableIDs {
		v, ok := r.Tables[id]
		if !ok {
			continue
		}
		t, err := table(r, v, id)
		if err != nil {
			return nil, err
		}
		d.Tables = append(d.Tables, t)
	}
	if len(d.Tables) == 0 {
		return nil, fmt.Errorf("报告中没有表二、表三、表四中的任何一张表")
	}
	return d, nil
}

// heading is the report's title; a report without unit or year keeps what it has.
func heading(r *model.Report) string {
	s := r.Unit.Name
	if r.Year != 0 {
		s += fmt.Sprintf("%d年", r.Year)
	}
	return s + "政府信息公开工作年度报告"
}

// table converts the template sheet of one table into a published grid. Row 1 of the sheet is the title,
// which becomes the section heading; the grid starts at row 2.
func table(r *model.Report, v model.Version, id string) (Table, error) {
	spec := model.TableOf(v, id)
	s := templates.For(v).Sheet(spec.Name)
	if s == nil {
		return Table{}, fmt.Errorf("publish: no template sheet %s for version %d", spec.Name, v)
	}
	const first = 2
	widths := make([]float64, s.Width)
	for i := range widths {
		widths[i] = 9 // the default column width, for a column the template does not size
		if i < len(s.ColWidths) {
			widths[i] = s.ColWidths[i]
		}
	}
	out := Table{ID: id, Title: spec.Title, Widths: widths, Rows: make([][]Cell, s.Height-first+1)}
	covered := make([][]bool, len(out.Rows))
	for i := range covered {
		covered[i] = make([]bool, s.Width)
	}
	for _, p := range s.Cells {
		c1, r1, c2, r2, ok := templates.ParseRange(p.Ref)
		if p.Range != "" {
			c1, r1, c2, r2, ok = templates.ParseRange(p.Range)
		}
		if !ok {
			return Table{}, fmt.Errorf("publish: bad reference %q on %s", p.Ref, s.Name)
		}
		if r1 < first {
			continue
		}
		c := Cell{Row: r1 - first, Col: c1 - 1, RowSpan: r2 - r1 + 1, ColSpan: c2 - c1 + 1,
			Header: p.Style == templates.Header}
		switch {
		case p.Key != "":
			c.Value = true
			if val, ok := r.Values[p.Key]; ok {
				c.Text = model.FormatValue(val)
			}
		default:
			c.Text = p.Text
		}
		out.Rows[c.Row] = append(out.Rows[c.Row], c)
		for y := r1; y <= r2; y++ {
			for x := c1; x <= c2; x++ {
				covered[y-first][x-1] = true
			}
		}
	}
	// Cells of the grid no template cell covers stay blank, so that every row spans the whole width.
	for y, row := range covered {
		for x, done := range row {
			if !done {
				out.Rows[y] = append(out.Rows[y], Cell{Row: y, Col: x, RowSpan: 1, ColSpan: 1})
			}
		}
	}
	for _, row := range out.Rows {
		slices.SortFunc(row, func(a, b Cell) int { return a.Col - b.Col })
	}
	if len(spec.Blocks) == 1 {
		out.HeaderRows = slices.IndexFunc(out.Rows, func(row []Cell) bool {
			return slices.ContainsFunc(row, func(c Cell) bool { return c.Value })
		})
	}
	return out, nil
}

// WithZeros returns a copy of r in which every cell of its tables that has no value holds 0. Reports of a
// summary's units keep only their values that are not 0 (locate.NewMember); a published table prints
// those zeros, where a unit's own workbook leaves a blank cell blank.
func WithZeros(r *model.Report) *model.Report {
	out := *r
	out.Values = make(map[string]float64, len(r.Values))
	for _, c := range r.Cells() {
		out.Values[c.Key] = r.Values[c.Key]
	}
	for k, v := range r.Values {
		out.Values[k] = v
	}
	return &out
}
