package checks

import (
	"testing"

	"nianbao/model"
)

// TestCarriedOver: 2021 carries 四 into 二 column by column; 2019 also 表二's 上一年项目数量 = last year's
// 上一年项目数量 + 本年增/减; a report of this year built from them passes the cross-year rules.
func TestCarriedOver(t *testing.T) {
	for _, v := range []model.Version{model.V2021, model.V2019} {
		last := model.NewReport(model.Unit{Code: "1"}, 2019, v)
		n := 1.0
		for _, c := range model.FormOf(v).Cells() {
			if c.Input() {
				last.Values[c.Key] = n
				n++
			}
		}
		last.ComputeTotals()
		got := CarriedOver(v, last)
		want := map[string]float64{}
		for _, col := range model.FormOf(v).Table("t3").Blocks[0].Cols {
			if col.Key != "total" {
				want["t3.carried."+col.Key] = last.Get("t3.carryover." + col.Key)
			}
		}
		if v == model.V2019 {
			for _, r := range []string{"license", "otherservice", "penalty", "coercion", "fees"} {
				want["t2."+r+".previous"] = last.Get("t2."+r+".previous") + last.Get("t2."+r+".change")
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d: %d carried cells, want %d: %+v", v, len(got), len(want), got)
		}
		cur := model.NewReport(model.Unit{Code: "1"}, 2020, v)
		for _, c := range got {
			if w, ok := want[c.Key]; !ok || c.Value != w || c.From == "" {
				t.Errorf("%d: %+v, want %v", v, c, w)
			}
			cur.Values[c.Key] = c.Value
		}
		cur.ComputeTotals()
		for _, f := range Run(cur, last) {
			if f.Rule == XCarry.ID || f.Rule == XProjects.ID {
				t.Errorf("%d: %s", v, f.Message)
			}
		}
	}
}
