package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormShapes(t *testing.T) {
	for _, tc := range []struct {
		v          Version
		t2, t3, t4 int
	}{
		{V2019, 22, 23 * 7, 15},
		{V2021, 10, 25 * 7, 15},
	} {
		f := FormOf(tc.v)
		assert.Len(t, f.Table("t2").Cells(), tc.t2, "%d t2", tc.v)
		assert.Len(t, f.Table("t3").Cells(), tc.t3, "%d t3", tc.v)
		assert.Len(t, f.Table("t4").Cells(), tc.t4, "%d t4", tc.v)
	}
}

func TestKeysAndLabels(t *testing.T) {
	f21, f19 := FormOf(V2021), FormOf(V2019)
	for key, want := range map[string]string{
		"t3.new.person":            "一、本年新收政府信息公开申请数量 / 自然人",
		"t3.withheld3.business":    "3.危及“三安全一稳定” / 商业企业",
		"t3.other2.legal":          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 / 法律服务机构",
		"t3.resulttotal.total":     "（七）总计 / 总计",
		"t3.carryover.otherorg":    "四、结转下年度继续办理 / 其他",
		"t4.suitafter.pending":     "复议后起诉 / 尚未审结",
		"t2.fees.amount":           "行政事业性收费 / 本年收费金额（单位：万元）",
		"t2.normative.valid":       "行政规范性文件 / 现行有效件数",
		"t3.partial.nonprofit":     "（二）部分公开（区分处理的，只计这一情形，不计其他情形） / 社会公益组织",
		"t3.declined5.research":    "5.要求行政机关确认或重新出具已获取信息 / 科研机构",
		"t3.unavailable1.person":   "1.本机关不掌握相关政府信息 / 自然人",
		"t4.review.corrected":      "行政复议 / 结果纠正",
		"t2.coercion.decisions":    "行政强制 / 本年处理决定数量",
		"t2.license.decisions":     "行政许可 / 本年处理决定数量",
		"t2.rules.repealed":        "规章 / 本年废止件数",
		"t4.suit.total":            "未经复议直接起诉 / 总计",
		"t3.other3.total":          "3.其他 / 总计",
		"t3.withheld8.person":      "8.属于行政查询事项 / 自然人",
		"t3.carried.total":         "二、上年结转政府信息公开申请数量 / 总计",
		"t2.penalty.decisions":     "行政处罚 / 本年处理决定数量",
		"t3.open.person":           "（一）予以公开 / 自然人",
		"t3.unavailable3.otherorg": "3.补正后申请内容仍不明确 / 其他",
	} {
		c, ok := f21.Cell(key)
		require.True(t, ok, key)
		assert.Equal(t, want, c.Label(), key)
	}
	for key, want := range map[string]string{
		"t3.other.person":         "（六）其他处理 / 自然人",
		"t2.otherservice.change":  "其他对外管理服务事项 / 本年增/减",
		"t2.procurement.amount":   "政府集中采购 / 采购总金额",
		"t2.fees.change":          "行政事业性收费 / 本年增/减",
		"t2.normative.published":  "规范性文件 / 本年新公开数量",
		"t2.rules.total":          "规章 / 对外公开总数量",
		"t2.license.previous":     "行政许可 / 上一年项目数量",
		"t2.procurement.count":    "政府集中采购 / 采购项目数量",
		"t2.coercion.decisions":   "行政强制 / 处理决定数量",
		"t3.resulttotal.otherorg": "（七）总计 / 其他",
	} {
		c, ok := f19.Cell(key)
		require.True(t, ok, key)
		assert.Equal(t, want, c.Label(), key)
	}
	_, ok := f19.Cell("t3.other1.person")
	assert.False(t, ok, "2019 has a single （六） row")
	_, ok = f21.Cell("t3.other.person")
	assert.False(t, ok, "2021 splits （六） into three rows")
}

func TestKindsAndTotals(t *testing.T) {
	f19 := FormOf(V2019)
	c, _ := f19.Cell("t2.penalty.change")
	assert.Equal(t, Change, c.Kind)
	c, _ = f19.Cell("t2.procurement.amount")
	assert.Equal(t, Amount, c.Kind)
	c, _ = FormOf(V2021).Cell("t2.fees.amount")
	assert.Equal(t, Amount, c.Kind)

	f := FormOf(V2021)
	var totals []string
	for _, c := range f.Cells() {
		if !c.Input() {
			totals = append(totals, c.Key)
		}
	}
	// 25 row totals in the 总计 column, 6 column totals in （七）总计, 3 totals in 表四.
	assert.Len(t, totals, 25+6+3)
	c, _ = f.Cell("t3.resulttotal.person")
	assert.Len(t, c.Sum, 2+8+3+5+3)
	assert.Equal(t, "t3.open.person", c.Sum[0])
	c, _ = f.Cell("t3.carryover.person")
	assert.True(t, c.Input(), "四 is an input: T3-1 is checked, never forced")
	c, _ = f.Cell("t3.new.total")
	assert.Equal(t, []string{"t3.new.person", "t3.new.business", "t3.new.research", "t3.new.nonprofit", "t3.new.legal", "t3.new.otherorg"}, c.Sum)
	c, _ = f.Cell("t4.review.total")
	assert.Equal(t, []string{"t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"}, c.Sum)
	c, _ = FormOf(V2019).Cell("t3.resulttotal.legal")
	assert.Len(t, c.Sum, 2+8+3+5+1)
}

func TestVersionForYear(t *testing.T) {
	assert.Equal(t, V2019, VersionForYear(2019))
	assert.Equal(t, V2019, VersionForYear(2020))
	assert.Equal(t, V2021, VersionForYear(2021))
	assert.Equal(t, V2021, VersionForYear(2025))
}

func TestNormalizeAndMatch(t *testing.T) {
	assert.Equal(t, Normalize("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"), Normalize(T3Note))
	assert.Equal(t, Normalize("3.危及\"三安全一稳定\""), Normalize("3.危及“三安全一稳定”"))
	assert.Equal(t, Normalize("商业企业"), Normalize("商业 \n企业"))
	assert.Equal(t, Normalize("1.属于国家秘密"), Normalize("１、属于国家秘密"))

	t3 := TableOf(V2021, "t3").Blocks[0]
	assert.Equal(t, 3, t3.Cols[6].Match("合计"))
	assert.Equal(t, 3, t3.Rows[4].Match("1、属于国家秘密"))
	t2 := TableOf(V2019, "t2").Blocks[0]
	assert.Equal(t, 2, t2.Cols[0].Match("本年新"), "truncated header")
	assert.Equal(t, 2, t2.Cols[1].Match("本年新"), "truncated header is ambiguous; position decides")
	assert.Equal(t, 0, t2.Cols[2].Match("本年新"))
	t21 := TableOf(V2021, "t2").Blocks[0]
	assert.Equal(t, 2, t21.Cols[2].Match("现行有效件数(历史累计)"), "local suffix")
	assert.Equal(t, 0, t21.Cols[2].Match("件"))
	t4 := TableOf(V2021, "t4").Blocks[0]
	assert.Equal(t, 2, t4.Cols[0].Match("结果"))
	assert.Equal(t, 3, t4.Cols[3].Match("尚未"), "alias of the cut header")

	assert.Greater(t, Similarity("其他法律行政止公开", "2.其他法律行政法规禁止公开"), 0.6)
	assert.Less(t, Similarity("重复申请", "2.其他法律行政法规禁止公开"), 0.2)
}

func TestParseValue(t *testing.T) {
	for _, tc := range []struct {
		kind    Kind
		text    string
		value   float64
		blank   bool
		note    bool
		problem bool
	}{
		{Count, "5", 5, false, false, false},
		{Count, "", 0, true, false, false},
		{Count, "  ", 0, true, false, false},
		{Count, "１２", 12, false, true, false},
		{Count, "1,234", 1234, false, true, false},
		{Count, "12件", 12, false, true, false},
		{Count, "0.0", 0, false, true, false},
		{Count, "-", 0, false, true, false},
		{Count, "—", 0, false, true, false},
		{Count, "/", 0, false, true, false},
		{Count, "无", 0, false, true, false},
		{Count, "2.5", 2.5, false, false, false},
		{Count, "-3", -3, false, false, false},
		{Count, "abc", 0, false, false, true},
		{Count, "1e308", 0, false, false, true},
		{Count, "NaN", 0, false, false, true},
		{Count, "Infinity", 0, false, false, true},
		{Change, "减1", -1, false, true, false},
		{Change, "增3", 3, false, true, false},
		{Change, "+3", 3, false, true, false},
		{Change, "-3", -3, false, false, false},
		{Change, "1.5", 1.5, false, false, false},
		{Amount, "247万元", 247, false, true, false},
		{Amount, "251000元", 25.1, false, true, false},
		{Amount, "0.35", 0.35, false, false, false},
		{Amount, "363900", 363900, false, false, false},
		{Amount, "-1", -1, false, false, false},
	} {
		p := ParseValue(tc.kind, tc.text)
		assert.Equal(t, tc.value, p.Value, "%q", tc.text)
		assert.Equal(t, tc.blank, p.Blank, "%q blank", tc.text)
		assert.Equal(t, tc.note, p.Note != "", "%q note %q", tc.text, p.Note)
		assert.Equal(t, tc.problem, p.Problem != "", "%q problem %q", tc.text, p.Problem)
	}
	assert.Equal(t, "「减1」读作 -1（「减」读作负数）", ParseValue(Change, "减1").Note)
	assert.Equal(t, "无法识别为数字：「abc」", ParseValue(Count, "abc").Problem)
	assert.Equal(t, "不能为负数", Count.Check(-3))
	assert.Equal(t, "应为整数", Count.Check(2.5))
	assert.Equal(t, "应为整数", Change.Check(1.5))
	assert.Equal(t, "", Change.Check(-3))
	assert.Equal(t, "", Amount.Check(0.35))
	assert.Equal(t, "不能为负数", Amount.Check(-1))
}

func TestSum(t *testing.T) {
	a := NewReport(Unit{Code: "A"}, 2024, V2021)
	b := NewReport(Unit{Code: "B"}, 2024, V2021)
	a.Set("t3.new.person", 5, Source{})
	b.Set("t3.new.person", 7, Source{})
	a.Set("t2.fees.amount", 0.1, Source{})
	b.Set("t2.fees.amount", 0.2, Source{})
	s, err := Sum(Unit{Name: "全市"}, 2024, V2021, a, b)
	require.NoError(t, err)
	assert.Equal(t, 12.0, s.Get("t3.new.person"))
	assert.Equal(t, 0.3, s.Get("t2.fees.amount"))
	assert.Equal(t, []string{"A", "B"}, s.Covers)
	c := NewReport(Unit{Code: "C"}, 2020, V2019)
	_, err = Sum(Unit{}, 2024, V2021, a, c)
	assert.Error(t, err)
}

func TestCellRef(t *testing.T) {
	for _, tc := range []struct {
		col, row int
		ref      string
	}{{1, 1, "A1"}, {26, 9, "Z9"}, {27, 1, "AA1"}, {28, 4, "AB4"}, {16384, 1048576, "XFD1048576"}} {
		if got := CellRef(tc.col, tc.row); got != tc.ref {
			t.Errorf("CellRef(%d, %d) = %q, want %q", tc.col, tc.row, got, tc.ref)
		}
		for _, in := range []string{tc.ref, "$" + tc.ref, strings.ToLower(tc.ref)} {
			c, r, ok := ParseRef(in)
			if !ok || c != tc.col || r != tc.row {
				t.Errorf("ParseRef(%q) = %d, %d, %v", in, c, r, ok)
			}
		}
	}
	for _, bad := range []string{"", "A", "1", "A0", "XFE1", "AAAA1", "A1048577", "A+1", "A-1", "A1B", "$$A1", "A$$1", "A 1", "A12345678"} {
		if c, r, ok := ParseRef(bad); ok {
			t.Errorf("ParseRef(%q) = %d, %d, true; want false", bad, c, r)
		}
	}
}

// TestNearIntegers (issue 20): a count that is almost but not quite a whole number is not rounded silently.
func TestNearIntegers(t *testing.T) {
	for _, s := range []string{"31.00001", "30.99999", "1e-7", "1E-7", "0.00001"} {
		if p := ParseValue(Count, s); p.Problem == "" {
			t.Errorf("%s read as %v without a problem", s, p.Value)
		}
	}
	for s, want := range map[string]float64{"31": 31, "31.0": 31, "3.5": 3.5} {
		if p := ParseValue(Count, s); p.Value != want {
			t.Errorf("%s read as %v", s, p.Value)
		}
	}
	if p := ParseValue(Amount, "12.00001"); p.Problem != "" || p.Value != 12 {
		t.Errorf("amount 12.00001: %+v", p)
	}
}
