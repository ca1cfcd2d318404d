package locate

import (
	"strings"

	"nianbao/checks"
	"nianbao/model"
)

// found is what locating one table in one grid gave.
type found struct {
	version model.Version
	// score ranks grids: how many of the table's labels the grid holds. 0: the table is not there.
	score int
	// places of the table's cell keys; meaningful only without problems.
	places   map[string]Place
	problems []checks.Finding
}

// finder locates one table in one grid.
type finder func(v *view) found

var tableNames = map[string]string{"t2": "表二", "t3": "表三", "t4": "表四"}

// Find locates 表二, 表三 and 表四 in the grids, each independently and each in its own version: 表二 by its
// column labels (本年制发件数… is 2021, 本年新制作数量/上一年项目数量/采购… is 2019) and by the 2019-only
// 其他对外管理服务事项 and 第二十条第（九）项; 表三 by the shape of （六）其他处理 (one row is 2019, three numbered
// rows 2021); 表四 is the same in both (its version is 表三's, else 表二's, else 2021).
//
// A table that is missing, or whose rows or columns are missing or ambiguous, is left out of Tables and
// Places, with an R-5 finding in Problems saying which table and why: nothing is guessed. Template is never
// set here: the caller that recognised our template's meta cell sets it.
func Find(grids []Grid) Layout {
	l := Layout{Tables: map[string]model.Version{}, Places: map[string]Place{}}
	views := make([]*view, len(grids))
	for i, g := range grids {
		views[i] = newView(i, g)
	}
	for _, t := range []struct {
		id   string
		find finder
	}{{"t2", findTable2}, {"t3", findTable3}, {"t4", findTable4}} {
		f, ok := best(views, t.id, t.find, &l)
		if !ok {
			continue
		}
		if t.id == "t4" {
			f.version = model.V2021
			if v, ok := l.Tables["t2"]; ok {
				f.version = v
			}
			if v, ok := l.Tables["t3"]; ok {
				f.version = v
			}
		}
		l.Tables[t.id] = f.version
		for k, p := range f.places {
			l.Places[k] = p
		}
	}
	return l
}

// best runs a finder on every grid and keeps the grid that holds most of the table. Problems go to l; ok is
// false when the table is not usable.
func best(views []*view, id string, find finder, l *Layout) (found, bool) {
	name := tableNames[id]
	var top found
	at := -1
	var complete []int
	for i, v := range views {
		f := find(v)
		if f.score == 0 {
			continue
		}
		if len(f.problems) == 0 {
			complete = append(complete, i)
		}
		if f.score > top.score || (f.score == top.score && len(f.problems) < len(top.problems)) {
			top, at = f, i
		}
	}
	if at < 0 {
		f := checks.At(checks.RTable, nil, "", "未找到"+name+"（"+model.TableOf(model.V2021, id).Title+"）：没有找到它的行或列名称")
		l.Problems = append(l.Problems, f)
		return top, false
	}
	if len(top.problems) > 0 {
		l.Problems = append(l.Problems, top.problems...)
		return top, false
	}
	if len(complete) > 1 {
		var where []string
		for _, i := range complete {
			where = append(where, "“"+views[i].g.Name+"”")
		}
		l.Problems = append(l.Problems, views[at].problem(name, -1, -1,
			"表格在%s中各出现一次，无法确定应读取哪一个", strings.Join(where, "、")))
		return top, false
	}
	return top, true
}
