package model

import "fmt"

// 表三「收到和处理政府信息公开申请情况」: one block, 7 applicant columns (the last their 总计), rows 一, 二,
// the 办理结果 rows with their （七）总计, and 四. The versions differ only in （六）其他处理: one row in 2019,
// three in 2021.

// T3Note is the note printed in the top-left corner of 表三.
const T3Note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

const (
	t3Result      = "三、本年度办理结果"
	t3Withheld    = "（三）不予公开"
	t3Unavailable = "（四）无法提供"
	t3Declined    = "（五）不予处理"
	t3Other       = "（六）其他处理"
)

func table3(v Version) *Table {
	rows := []Line{
		{Key: "new", Label: "一、本年新收政府信息公开申请数量", Short: "一", Aliases: []string{"本年新收"}},
		{Key: "carried", Label: "二、上年结转政府信息公开申请数量", Short: "二", Aliases: []string{"上年结转"}},
		{Key: "open", Label: "（一）予以公开", Short: "（一）予以公开", Groups: []string{t3Result}},
		{Key: "partial", Label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", Short: "（二）部分公开", Groups: []string{t3Result}, Aliases: []string{"（二）部分公开"}},
	}
	rows = append(rows, numbered("withheld", "（三）", []string{t3Result, t3Withheld},
		"属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
		"属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")...)
	rows = append(rows, numbered("unavailable", "（四）", []string{t3Result, t3Unavailable},
		"本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")...)
	rows = append(rows, numbered("declined", "（五）", []string{t3Result, t3Declined},
		"信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息")...)
	if v == V2019 {
		rows = append(rows, Line{Key: "other", Label: t3Other, Short: t3Other, Groups: []string{t3Result}})
	} else {
		rows = append(rows, numbered("other", "（六）", []string{t3Result, t3Other},
			"申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
			"申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
			"其他")...)
	}
	var results []string
	for _, r := range rows[2:] {
		results = append(results, r.Key)
	}
	rows = append(rows,
		Line{Key: "resulttotal", Label: "（七）总计", Short: "（七）总计", Groups: []string{t3Result}, Aliases: []string{"（七）合计"}},
		Line{Key: "carryover", Label: "四、结转下年度继续办理", Short: "四", Aliases: []string{"结转下年度"}},
	)
	org := []string{"申请人情况", "法人或其他组织"}
	return &Table{ID: "t3", Name: "表三", Title: "三、收到和处理政府信息公开申请情况", Blocks: []Block{{
		Corner: T3Note,
		Rows:   rows,
		Cols: []Line{
			{Key: "person", Label: "自然人", Short: "自然人", Groups: org[:1]},
			{Key: "business", Label: "商业企业", Short: "商业企业", Groups: org},
			{Key: "research", Label: "科研机构", Short: "科研机构", Groups: org},
			{Key: "nonprofit", Label: "社会公益组织", Short: "社会公益组织", Groups: org},
			{Key: "legal", Label: "法律服务机构", Short: "法律服务机构", Groups: org},
			{Key: "otherorg", Label: "其他", Short: "其他", Groups: org},
			{Key: "total", Label: "总计", Short: "总计", Groups: org[:1], Aliases: []string{"合计"}},
		},
		TotalCol: "total",
		TotalRow: "resulttotal",
		TotalOf:  results,
	}}}
}

// numbered makes the rows "1.label", "2.label", … of one result group, keyed prefix1, prefix2, ….
func numbered(prefix, group string, groups []string, labels ...string) []Line {
	lines := make([]Line, len(labels))
	for i, l := range labels {
		lines[i] = Line{
			Key:    fmt.Sprintf("%s%d", prefix, i+1),
			Label:  fmt.Sprintf("%d.%s", i+1, l),
			Short:  fmt.Sprintf("%s%d", group, i+1),
			Groups: groups,
		}
	}
	return lines
}
