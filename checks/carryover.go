package checks

import (
	"strings"

	"nianbao/model"
)

// Carried is an input cell of this year that last year's report fixes: the cross-year identities whose
// one side is that cell alone and whose other side holds only values of last year (X-1: 二、上年结转 =
// last year's 四、结转下年度继续办理, column by column; X-2, 2019 表二: 上一年项目数量 = last year's 上一年项目数量
// + 本年增/减).
type Carried struct {
	Key   string
	Value float64
	// From names last year's cells it is computed from, as the rule does: "上年度 四、结转下年度继续办理".
	From string
}

// CarriedOver returns the cells of a version-v report of this year that last year's report fixes, with
// their values, in the order of the identities. Templates pre-fill and lock them, so that the cross-year
// rules hold by construction.
func CarriedOver(v model.Version, last *model.Report) []Carried {
	if last == nil {
		return nil
	}
	var out []Carried
	for _, cur := range model.FormOf(v).Tables {
		pv, ok := last.Tables[cur.ID]
		if !ok {
			pv = last.Version
		}
		prev := model.TableOf(pv, cur.ID)
		if prev == nil {
			continue
		}
		for _, id := range CrossYear(cur, prev) {
			if len(id.Left) != 1 || id.Left[0].Prev || id.Op != Eq {
				continue
			}
			c, ok := model.FormOf(v).Cell(id.Left[0].Key)
			if !ok || !c.Input() {
				continue
			}
			var sum float64
			var names []string
			all := true
			for _, t := range id.Right {
				if !t.Prev {
					all = false
					break
				}
				sum += t.Sign * last.Get(t.Key)
				names = append(names, strings.TrimPrefix(t.Name, "上年度 "))
			}
			if all {
				out = append(out, Carried{Key: c.Key, Value: sum, From: "上年度 " + strings.Join(names, " + ")})
			}
		}
	}
	return out
}
