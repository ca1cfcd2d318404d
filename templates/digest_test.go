package templates

import (
	"math"
	"testing"

	"nianbao/model"
)

// TestDigestPinned: the digest of a fixed summary (meta, tables, members with fractions, negative zero and
// large numbers) is the one workbooks already written carry, computed before the canonical text went
// straight into the hash instead of into a string: a change here would make every summary out there
// fail its proof of integrity.
func TestDigestPinned(t *testing.T) {
	meta := MetaMap(Meta{Kind: KindSummary, Year: 2024, UnitCode: "R", UnitName: "测试市", Covers: []string{"b", "a"},
		Digest: "-"}.Rows(model.V2021))
	total := model.NewReport(model.Unit{Code: "R"}, 2024, model.V2021)
	a := model.NewReport(model.Unit{Code: "a", Name: "甲"}, 2024, model.V2021)
	b := model.NewReport(model.Unit{Code: "b", Name: " 乙 "}, 2024, model.V2021)
	for i, c := range model.FormOf(model.V2021).Cells() {
		a.Values[c.Key] = float64(i) / 7
		b.Values[c.Key] = -float64(i%3) * 1e15
		total.Values[c.Key] = a.Values[c.Key] + b.Values[c.Key]
	}
	b.Values["t3.new.person"] = math.Copysign(0, -1) // a negative zero digests as 0
	got := Digest(meta, total, []Member{{Code: "b", Name: " 乙 ", Report: b}, {Code: "a", Name: "甲", Report: a}, {Code: "c"}})
	if want := "3aefa5312d773108495619ee6851199d3c8988ee3ea9facd52b6485fbab6e5c1"; got != want {
		t.Errorf("digest %s, want %s", got, want)
	}
}
