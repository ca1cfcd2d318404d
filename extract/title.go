package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// titleYear finds the report year in a title: "2021年", "2021年度", "2021 年度".
var titleYear = regexp.MustCompile(`((?:19|20)\d\d)\s*年度?`)

// unitCut are the words that separate the unit from the rest of a title, or end a clause before it.
var unitCut = []string{"关于", "编制", "的"}

// title returns the unit and the year of a report from its first lines. Real titles vary
// ("广元市财政局2020年政府信息公开 / 工作年度报告" over two lines, "区发改局关于政府信息公开工作 2019年度报告",
// "2019年上海市人民政府办公厅政府信息公开工作年度报告", or a first sentence "…要求,市金融发展局编制2021年度
// 政府信息公开工作报告。"). The title is the first text, within the first lines, that mentions a year and a
// 报告; a title broken over two lines is joined first. Year 0 and an empty unit mean not found.
func title(lines []textLine) (unit string, year int) {
	var cands []string
	seen := 0
	for i := 0; i < len(lines) && seen < 8; i++ {
		t := strings.TrimSpace(lines[i].Text)
		if t == "" || lines[i].Table {
			continue
		}
		seen++
		cands = append(cands, t)
		if i+1 < len(lines) {
			cands = append(cands, t+strings.TrimSpace(lines[i+1].Text))
		}
	}
	for _, c := range cands {
		if u, y, ok := parseTitle(c); ok {
			return u, y
		}
	}
	return "", 0
}

// parseTitle reads one candidate title; ok when it names a year and is about a 信息公开 report.
func parseTitle(s string) (unit string, year int, ok bool) {
	s = strings.Join(strings.Fields(s), "")
	for _, sentence := range strings.FieldsFunc(s, func(r rune) bool { return r == '。' || r == ';' || r == '；' }) {
		if !strings.Contains(sentence, "报告") || !strings.Contains(sentence, "公开") {
			continue
		}
		m := titleYear.FindStringSubmatchIndex(sentence)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(sentence[m[2]:m[3]])
		// Only the part of the sentence that holds the title: after the last comma before the year.
		before := sentence[:m[0]]
		if i := strings.LastIndexAny(before, ",，:：、"); i >= 0 {
			_, w := utf8.DecodeRuneInString(before[i:])
			before = before[i+w:]
		}
		u := trimUnit(before)
		if u == "" { // "2019年上海市人民政府办公厅政府信息公开工作年度报告": the unit follows the year
			after := sentence[m[1]:]
			if i := strings.Index(after, "政府信息公开"); i > 0 {
				u = trimUnit(after[:i])
			} else if i := strings.Index(after, "信息公开"); i > 0 {
				u = trimUnit(after[:i])
			}
		}
		return u, y, true
	}
	return "", 0, false
}

// trimUnit strips the words around a unit name: "广元市财政局关于" → "广元市财政局", "(公开)" punctuation.
func trimUnit(s string) string {
	for {
		t := strings.Trim(s, " 　《》<>()（）“”\"'")
		for _, w := range unitCut {
			t = strings.TrimSuffix(t, w)
		}
		t = strings.TrimSuffix(t, "关于政府信息公开工作")
		if t == s {
			return t
		}
		s = t
	}
}
