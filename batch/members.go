package batch

import (
	"strings"

	"nianbao/locate"
	"nianbao/model"
)

// DetailSuffix ends the names of a summary workbook's detail sheets ("表三明细"). One row holds the
// machine keys ("code", "name", "parent", "status", then one cell key per column): row 1, hidden, above
// two header rows in the current layout; row 2, below one header row, in the layout before it. Every row
// below the headers is one summed unit.
const DetailSuffix = "明细"

// detailKeys is how many top rows may hold the key row, and codeHeader the header of the code column,
// which marks a header row below the key row.
const (
	detailKeys = 4
	codeHeader = "单位代码"
)

// keyRow returns the index of a detail sheet's key row, or -1.
func keyRow(rows [][]locate.Cell) int {
	for i, row := range rows[:min(len(rows), detailKeys)] {
		if len(row) > 0 && strings.TrimSpace(row[0].Text) == "code" {
			return i
		}
	}
	return -1
}

// Members reads the per-unit reports from the detail sheets of a summary workbook, in the order of their
// first appearance. A unit's values are spread over the sheets of its tables; the tables of each member
// follow the summary's report.
func Members(grids []locate.Grid, summary *model.Report) []*model.Report {
	var order []string
	byID := map[string]*model.Report{}
	for _, g := range grids {
		if !strings.HasSuffix(g.Name, DetailSuffix) {
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
			if ri <= kr || (len(row) > 0 && strings.TrimSpace(row[0].Text) == codeHeader) {
				continue
			}
			var u model.Unit
			vals := map[int]model.Cell{} // column → cell spec
			for ci, c := range row {
				if ci >= len(keys) {
					break
				}
				switch keys[ci] {
				case "code":
					u.Code = strings.TrimSpace(c.Text)
				case "name":
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
			id := u.Code + "\x00" + u.Name
			r, ok := byID[id]
			if !ok {
				r = model.NewReport(u, summary.Year, summary.Version)
				r.Tables = summary.Tables
				byID[id] = r
				order = append(order, id)
			}
			for ci, spec := range vals {
				p := model.ParseValue(spec.Kind, row[ci].Text)
				r.Set(spec.Key, p.Value, model.Source{Sheet: g.Name, Cell: model.CellRef(ci+1, ri+1)})
			}
		}
	}
	out := make([]*model.Report, len(order))
	for i, id := range order {
		out[i] = byID[id]
	}
	return out
}
