package locate

import (
	"strings"

	"nianbao/model"
	"nianbao/templates"
)

// keyRow returns the index of a detail sheet's key row, or -1.
func keyRow(rows [][]Cell) int {
	for i, row := range rows[:min(len(rows), templates.DetailKeyRows)] {
		if len(row) > 0 && strings.TrimSpace(row[0].Text) == templates.DetailCode {
			return i
		}
	}
	return -1
}

// NewMember is an empty report of a summary's unit. Members keep only their values that are not 0 (a
// missing value reads as 0), so that a summary of ten thousand units is small in memory.
func NewMember(u model.Unit, summary *model.Report) *model.Report {
	return &model.Report{Unit: u, Year: summary.Year, Version: summary.Version, Tables: summary.Tables,
		Values: map[string]float64{}, Sources: map[string]model.Source{}}
}

// Members reads the per-unit reports from the detail sheets of a summary workbook, in the order of their
// first appearance. A unit's values are spread over the sheets of its tables; the tables of each member
// follow the summary's report.
func Members(grids []Grid, summary *model.Report) []*model.Report {
	var order []string
	byID := map[string]*model.Report{}
	for _, g := range grids {
		if !strings.HasSuffix(g.Name, templates.DetailSuffix) {
			continue
		}
		kr := keyRow(g.Rows)
		if kr < 0 {
			continue
		}
		keys := make([]string, len(g.Rows[kr]))
		for i, c := range g.Rows[kr] {
			keys[i] = strings.TrimSpace(c.Text)
		}
		for ri, row := range g.Rows {
			if ri <= kr || (len(row) > 0 && strings.TrimSpace(row[0].Text) == templates.DetailCodeHeader) {
				continue
			}
			var u model.Unit
			vals := map[int]model.Cell{} // column → cell spec
			for ci, c := range row {
				if ci >= len(keys) {
					break
				}
				switch keys[ci] {
				case templates.DetailCode:
					u.Code = strings.TrimSpace(c.Text)
				case templates.DetailName:
					u.Name = strings.TrimSpace(c.Text)
				default:
					if spec, ok := summary.Cell(keys[ci]); ok {
						vals[ci] = spec
					}
				}
			}
			if u.Code == "" && u.Name == "" {
				continue
			}
			id := u.Code // a unit is its code; by name only when it has none
			if id == "" {
				id = "\x00" + u.Name
			}
			r, ok := byID[id]
			if !ok {
				r = NewMember(u, summary)
				byID[id] = r
				order = append(order, id)
			}
			for ci, spec := range vals {
				if p := model.ParseValue(spec.Kind, row[ci].Text); p.Value != 0 {
					r.Set(spec.Key, p.Value, model.Source{Sheet: g.Name, Cell: model.CellRef(ci+1, ri+1)})
				}
			}
		}
	}
	out := make([]*model.Report, len(order))
	for i, id := range order {
		out[i] = byID[id]
	}
	return out
}
