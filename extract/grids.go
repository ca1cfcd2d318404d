package extract

import (
	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
)

// readGrids finds the tables in the grids of text, HTML and Word input with package locate, as for
// workbooks, and reads their values into r.
func readGrids(r *model.Report, grids []locate.Grid) []checks.Finding {
	l := locate.Find(grids)
	for id, v := range l.Tables {
		r.Tables[id] = v
	}
	out := append([]checks.Finding(nil), l.Problems...)
	return append(out, locate.Read(r, grids, l)...)
}
