package checks

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/model"
)

// consistent fills a 2021 report whose 表三 自然人 column balances: 5 new + 1 carried = 4 handled + 2 carried over.
func consistent() *model.Report {
	r := model.NewReport(model.Unit{Name: "测试局"}, 2024, model.V2021)
	set := func(k string, v float64) { r.Set(k, v, model.Source{Sheet: "表三", Cell: "X1"}) }
	set("t3.new.person", 5)
	set("t3.carried.person", 1)
	set("t3.open.person", 3)
	set("t3.unavailable1.person", 1)
	set("t3.carryover.person", 2)
	set("t4.review.upheld", 2)
	set("t4.review.pending", 1)
	set("t2.normative.issued", 1)
	set("t2.normative.valid", 4)
	r.ComputeTotals()
	return r
}

func TestConsistentReportPasses(t *testing.T) {
	r := consistent()
	assert.Equal(t, 4.0, r.Get("t3.resulttotal.person"))
	assert.Equal(t, 5.0, r.Get("t3.new.total"))
	assert.Equal(t, 3.0, r.Get("t4.review.total"))
	assert.Empty(t, Run(r, nil))
}

func TestT3BalanceMessage(t *testing.T) {
	r := consistent()
	r.Values["t3.open.person"] = 1 // 4 handled becomes 2 …
	r.ComputeTotals()
	r.Values["t3.carryover.person"] = 2
	fs := Run(r, nil)
	// … which breaks T3-1 in the 自然人 and the 总计 column.
	require.Len(t, fs, 2)
	f := fs[0]
	assert.Equal(t, "T3-1", f.Rule)
	assert.Equal(t, Error, f.Severity)
	assert.Equal(t, "t3.carryover.person", f.Key)
	assert.Equal(t, "四、结转下年度继续办理", f.Row)
	assert.Equal(t, "自然人", f.Column)
	assert.Equal(t, "表三", f.Sheet)
	assert.Equal(t, "表三 自然人列：一 + 二 = 5 + 1 = 6，但 （七）总计 + 四 = 2 + 2 = 4，相差 2", f.Message)
	assert.Equal(t, 4.0, *f.Expected)
	assert.Equal(t, 2.0, *f.Actual)
	assert.Equal(t, -2.0, *f.Difference)
	assert.Equal(t, "t3.carryover.total", fs[1].Key)
}

func TestTypedTotalsAreChecked(t *testing.T) {
	r := consistent()
	r.Values["t3.resulttotal.person"] = 7 // typed over the formula
	r.Values["t4.suit.total"] = 1
	fs := Run(r, nil)
	var rules []string
	for _, f := range fs {
		rules = append(rules, f.Rule)
	}
	assert.ElementsMatch(t, []string{"T3-1", "T3-2", "T3-3", "T4-2"}, rules)
	for _, f := range fs {
		if f.Rule == "T3-2" {
			assert.Equal(t, "表三 自然人列：（七）总计 = 7，但 （一）至（六）各项之和 = 4，相差 3", f.Message)
			assert.Equal(t, 4.0, *f.Expected)
		}
		if f.Rule == "T4-2" {
			assert.Equal(t, "表四 未经复议直接起诉：总计 = 1，但 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 0 + 0 + 0 + 0 = 0，相差 1", f.Message)
		}
	}
}

func TestKindsAndTable2Warnings(t *testing.T) {
	r := consistent()
	r.Values["t3.new.business"] = 1.5
	r.Sources["t3.new.business"] = model.Source{Text: "1.5件"}
	r.Values["t2.normative.issued"] = 5 // issued more than valid
	r.ComputeTotals()
	fs := Run(r, nil)
	byRule := map[string]Finding{}
	for _, f := range fs {
		byRule[f.Rule] = f
	}
	assert.Equal(t, "表三 一、本年新收政府信息公开申请数量 / 商业企业：应为整数，填写的是 「1.5件」", byRule["T3-4"].Message)
	assert.Equal(t, Warning, byRule["T2-1"].Severity)
	assert.Equal(t, "表二 行政规范性文件：本年制发件数 = 5，大于 现行有效件数 = 4", byRule["T2-1"].Message)

	r19 := model.NewReport(model.Unit{}, 2019, model.V2019)
	r19.Set("t2.license.previous", 3, model.Source{})
	r19.Set("t2.license.change", -5, model.Source{})
	r19.Set("t2.normative.made", 65, model.Source{}) // seed 002: 65 | 0 | 0
	fs = Run(r19, nil)
	require.Len(t, fs, 1)
	assert.Equal(t, "T2-5", fs[0].Rule)
	assert.Equal(t, "表二 行政许可：上一年项目数量 + 本年增/减 = 3 + -5 = -2，小于 0", fs[0].Message)
}

func TestCrossYear(t *testing.T) {
	prev := consistent()
	prev.Year = 2023
	prev.Values["t2.normative.valid"] = 3 // 3 valid + 1 issued = 4 this year
	cur := consistent()
	cur.Values["t3.carried.person"] = 2 // last year carried over 2
	cur.Values["t3.carryover.person"] = 3
	cur.ComputeTotals()
	assert.Empty(t, Run(cur, prev))
	cur.Values["t3.carried.person"] = 1
	cur.Values["t3.carryover.person"] = 2
	cur.ComputeTotals()
	fs := Run(cur, prev)
	require.Len(t, fs, 2)
	assert.Equal(t, "X-1", fs[0].Rule)
	assert.Equal(t, "表三 自然人列：本年 二、上年结转 = 1，但 上年度 四、结转下年度继续办理 = 2，相差 1", fs[0].Message)
	assert.Equal(t, "t3.carried.total", fs[1].Key)

	// A 2019-format last year still has rows 二 and 四.
	old := model.NewReport(model.Unit{}, 2020, model.V2019)
	old.Set("t3.carryover.person", 1, model.Source{})
	old.ComputeTotals()
	assert.Empty(t, Run(cur, old))
}

func TestRulesRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All {
		assert.False(t, seen[r.ID], r.ID)
		seen[r.ID] = true
		assert.NotEmpty(t, r.Description)
	}
	b, err := json.Marshal(All[0])
	require.NoError(t, err)
	assert.Contains(t, string(b), `"severity":"警告"`)
	var s Severity
	require.NoError(t, json.Unmarshal([]byte(`"提示"`), &s))
	assert.Equal(t, Info, s)
	// Every identity of both versions references keys of its own form.
	for _, v := range model.Versions {
		for _, tb := range model.FormOf(v).Tables {
			for _, idn := range Identities(tb) {
				for _, tm := range append(idn.Left, idn.Right...) {
					_, ok := model.FormOf(v).Cell(tm.Key)
					assert.True(t, ok, "%d %s %s", v, idn.Rule.ID, tm.Key)
				}
			}
		}
	}
	assert.Len(t, Identities(model.TableOf(model.V2021, "t3")), 7+7+25)
	assert.Len(t, Identities(model.TableOf(model.V2019, "t3")), 7+7+23)
}
