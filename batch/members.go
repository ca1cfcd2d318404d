package batch

import (
	"math"
	"strings"

	"nianbao/locate"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// MembersOf builds the per-unit reports from the detail sheets the summary fast path scanned
// (fast.ReadSummary): the same reports locate.Members gives for the grids of those sheets.
func MembersOf(details []read.Detail, summary *model.Report) []*model.Report {
	var order []string
	byID := map[string]*model.Report{}
	for _, d := range details {
		specs := make([]model.Cell, len(d.Keys))
		has := make([]bool, len(d.Keys))
		for i, k := range d.Keys {
			specs[i], has[i] = summary.Cell(strings.TrimSpace(k))
		}
		for _, row := range d.Rows {
			u := model.Unit{Code: row.Code, Name: row.Name}
			id := u.Code + "\x00" + u.Name
			r, ok := byID[id]
			if !ok {
				r = locate.NewMember(u, summary)
				byID[id] = r
				order = append(order, id)
			}
			for ci, v := range row.Values {
				if ci < len(has) && has[ci] && v != 0 && !math.IsNaN(v) {
					r.Set(specs[ci].Key, v, model.Source{Sheet: d.Sheet, Cell: model.CellRef(ci+1, row.Row)})
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
