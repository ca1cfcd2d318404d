package summary

import (
	"fmt"
	"strconv"
	"strings"
)

// scopeWord is how a region's report names the region as a whole: 全市, 全区, 全县, 全省…; the region's
// own name when it ends otherwise.
func scopeWord(region string) string {
	r := []rune(region)
	if len(r) > 0 {
		switch last := r[len(r)-1]; last {
		case '省', '市', '区', '县', '州', '旗', '盟', '镇', '乡':
			return "全" + string(last)
		}
	}
	return region
}

// shortLabel drops a row label's numbering and its bracketed note: "（二）部分公开（区分处理的…）" → "部分公开".
func shortLabel(s string) string {
	if strings.HasPrefix(s, "（") {
		if i := strings.Index(s, "）"); i > 0 {
			s = s[i+len("）"):]
		}
	}
	if _, after, ok := strings.Cut(s, "、"); ok && len([]rune(s)) > len([]rune(after)) && len([]rune(s))-len([]rune(after)) <= 3 {
		s = after
	}
	if i := strings.Index(s, "（"); i > 0 {
		s = s[:i]
	}
	return s
}

// num prints a figure as the report prints it: whole numbers without decimals, amounts with up to four.
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// changeText says how a figure changed: "同比增长12.5%", "同比下降3.0%", "与上年持平", "上年为0件".
func changeText(this, last float64) string {
	switch {
	case this == last:
		return "与上年持平"
	case last == 0:
		return "上年为0件"
	}
	p := (this - last) / last * 100
	if p > 0 {
		return fmt.Sprintf("同比增长%.1f%%", p)
	}
	return fmt.Sprintf("同比下降%.1f%%", -p)
}

// paragraph writes the text of part three (and the 复议/诉讼 sentence of part four) of a region's report
// from the headline figures: every number in it is one of the figures or a sum of them.
func paragraph(region string, year int, figs []Figure) string {
	by := map[string]Figure{}
	for _, f := range figs {
		if len(f.Keys) == 1 {
			by[f.Keys[0]] = f
		}
	}
	nw, ok := by[KeyNew]
	if !ok {
		return ""
	}
	var b strings.Builder
	person := by["t3.new.person"]
	fmt.Fprintf(&b, "%d年，%s共收到政府信息公开申请%s件，%s（上年%s件）；其中自然人申请%s件，法人或其他组织申请%s件。",
		year, scopeWord(region), num(nw.This), changeText(nw.This, nw.Last), num(nw.Last), num(person.This), num(nw.This-person.This))
	c := by[KeyCarried]
	fmt.Fprintf(&b, "上年结转政府信息公开申请%s件。", num(c.This))
	// the result rows: the 表三 figures after 上年结转 and before （七）总计
	var parts []string
	in := false
	for _, f := range figs {
		if f.Table != "表三" {
			continue
		}
		k := ""
		if len(f.Keys) == 1 {
			k = f.Keys[0]
		}
		switch {
		case k == KeyCarried:
			in = true
		case k == KeyResults:
			in = false
		case in:
			parts = append(parts, shortLabel(f.Label)+num(f.This)+"件")
		}
	}
	t := by[KeyResults]
	fmt.Fprintf(&b, "办理结果：%s，共办结%s件，%s；结转下年度继续办理%s件。", strings.Join(parts, "，"), num(t.This),
		changeText(t.This, t.Last), num(by[KeyCarryover].This))
	rv, rc := by["t4.review.total"], by["t4.review.corrected"]
	var st, sl, sc float64
	for _, k := range []string{"t4.suit", "t4.suitafter"} {
		st += by[k+".total"].This
		sl += by[k+".total"].Last
		sc += by[k+".corrected"].This
	}
	fmt.Fprintf(&b, "因政府信息公开引发行政复议%s件，%s，其中结果纠正%s件；行政诉讼%s件，%s，其中结果纠正%s件。",
		num(rv.This), changeText(rv.This, rv.Last), num(rc.This), num(st), changeText(st, sl), num(sc))
	return b.String()
}
