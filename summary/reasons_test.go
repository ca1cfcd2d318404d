package summary

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
	"nianbao/model"
)

// TestUncountedUnitsSayWhy: every roster unit that sent a file but is not in the totals says why in its
// note — a report of another year, errors (the first of them), a file that cannot be read, a replaced file
// — and units with cross-year differences are counted, the unexplained ones listed.
func TestUncountedUnitsSayWhy(t *testing.T) {
	ros := &model.Roster{Units: []model.RosterUnit{
		{Code: "01", Name: "市政府办", Row: 2}, {Code: "02", Name: "甲局", Parent: "01", Row: 3},
		{Code: "03", Name: "乙局", Parent: "01", Row: 4}, {Code: "04", Name: "丙局", Parent: "01", Row: 5},
		{Code: "05", Name: "丁局", Parent: "01", Row: 6}}}
	report := func(code, name string) *model.Report {
		r := model.NewReport(model.Unit{Code: code, Name: name}, 2024, model.V2021)
		r.ComputeTotals()
		return r
	}
	fd := func(rule checks.Rule, msg string) checks.Finding {
		return checks.Finding{ID: "F1", Rule: rule.ID, Severity: rule.Severity, Message: msg}
	}
	x1 := fd(checks.XCarry, "表三 自然人列：…相差 1")
	x1.Key = "t3.carried.person"
	explained := x1
	explained.Explanation = "上年度数据更正"
	inputs := []Input{
		{Path: "01.xlsx", Report: report("01", "市政府办"), Findings: []checks.Finding{explained}},
		{Path: "02.xlsx", Report: report("02", "甲局"), Findings: []checks.Finding{fd(checks.RYear, "文件中的报告年度为 2023 年，本次收集的是 2024 年度")}},
		{Path: "03.xlsx", Report: report("03", "乙局"), Findings: []checks.Finding{fd(checks.T3Balance, "表三 自然人列：相差 1"), {ID: "F2", Rule: "T3-1", Severity: checks.Error, Because: "F1", Message: "总计列"}}},
		{Path: "04_丙局.xls", Findings: []checks.Finding{fd(checks.RFile, "文件已损坏")}},
		{Path: "05.xlsx", Report: report("05", "丁局"), Findings: []checks.Finding{x1}},
	}
	res, err := Build(ros, inputs, Options{Year: 2024})
	require.NoError(t, err)
	notes := map[string]string{}
	for _, u := range res.Units {
		notes[u.Code] = u.Note
	}
	assert.Equal(t, Explained, res.Units[0].Status, "an explained X-1 passes")
	assert.Equal(t, "", notes["01"])
	assert.Equal(t, "未计入合计：报告年度不符（文件中的报告年度为 2023 年，本次收集的是 2024 年度）", notes["02"])
	assert.Equal(t, "未计入合计：有错误 1 条，第一条：表三 自然人列：相差 1", notes["03"], "the consequence is not counted")
	assert.Equal(t, "未计入合计：文件无法读取（文件已损坏）", notes["04"])
	assert.Equal(t, Warned, res.Units[4].Status)
	assert.Equal(t, 2, res.Counts.CrossYear)
	assert.Equal(t, 1, res.Counts.CrossYearExplained)
	assert.Equal(t, []string{"丁局（05）"}, res.Unexplained)
	assert.Equal(t, 2, res.Counts.Included)
}
