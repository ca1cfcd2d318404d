package locate

import (
	"strings"

	"nianbao/model"
	"nianbao/templates"
)

// Members reads the per-unit reports from the detail sheets of a summary workbook, in the order of their
// first appearance. A unit's values are spread over the sheets of its tables; the tables of each member
// follow the summary's report.
func Members(grids []Grid, summary *model.Report) []*model.Report {
	var order []string
	byID := map[string]*model.Report{}
	for _, g := range grids {
		if !strings.HasSuffix(g.Name, templates.DetailSuffix) || len(g.Rows) < 3 {
			continue
		}
		keys := make([]string, len(g.Rows[1]))
		for i, c := range g.Rows[1] {
			keys[i] = strings.TrimSpace(c.Text)
		}
		for ri, row := range g.Rows[2:] {
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
				r = model.NewReport(u, summary.Year, summary.Version)
				r.Tables = summary.Tables
				byID[id] = r
				order = append(order, id)
			}
			for ci, spec := range vals {
				p := model.ParseValue(spec.Kind, row[ci].Text)
				r.Set(spec.Key, p.Value, model.Source{Sheet: g.Name, Cell: model.CellRef(ci+1, ri+3)})
			}
		}
	}
	out := make([]*model.Report, len(order))
	for i, id := range order {
		out[i] = byID[id]
	}
	return out
}
