package locate

import (
	"fmt"

	"nianbao/checks"
	"nianbao/model"
)

// hiddenCopies finds the tables held both by a hidden (or very hidden) sheet and by a visible one: Excel
// shows the clerk the visible copy while a reader going by sheet name or label could read the hidden one.
// Which one the agency meant cannot be known, so each such table is an R-16 error naming both sheets.
// grids are the grids label search looks at (tableGrids); hidden names the hidden sheets.
func hiddenCopies(grids []Grid, hidden map[string]bool) []checks.Finding {
	if len(hidden) == 0 {
		return nil
	}
	split := func(wantHidden bool) []Grid {
		out := make([]Grid, len(grids))
		for i, g := range grids {
			out[i] = g
			if hidden[g.Name] != wantHidden {
				out[i].Rows = nil
			}
		}
		return out
	}
	hid := Find(split(true))
	if len(hid.Tables) == 0 {
		return nil
	}
	vis := Find(split(false))
	var out []checks.Finding
	for _, id := range model.TableIDs {
		hv, ok1 := hid.Tables[id]
		vv, ok2 := vis.Tables[id]
		if !ok1 || !ok2 {
			continue
		}
		name := model.TableOf(hv, id).Name
		hs, vs := sheetOf(grids, hid, model.TableOf(hv, id)), sheetOf(grids, vis, model.TableOf(vv, id))
		out = append(out, checks.At(checks.RHidden, nil, "", fmt.Sprintf(
			"%s 在隐藏的工作表「%s」和可见的工作表「%s」中各有一份，Excel 只显示后者；请删除多余的一份（或取消隐藏后核对）再提交",
			name, hs, vs)))
	}
	return out
}

// sheetOf names the sheet that holds the first cell of table t in a layout.
func sheetOf(grids []Grid, l Layout, t *model.Table) string {
	for _, c := range t.Cells() {
		if p, ok := l.Places[c.Key]; ok && p.Grid >= 0 && p.Grid < len(grids) {
			return grids[p.Grid].Name
		}
	}
	return ""
}
