package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao/checks"
	"nianbao/model"
)

// The prose of a report against its tables and its required shape (条例 第五十条, 国办公开办函〔2021〕30号):
//
//	P-1  figures the text quotes ("共收到政府信息公开申请58件", "行政复议3件", "结转下年度继续办理7件") equal the tables;
//	P-2  the six parts 一 … 六 are there, in order;
//	P-3  from 2021 on, part 六 states whether 信息处理费 was charged.

// part is one of the six required parts: its official heading and words any wording of it contains.
type part struct {
	heading string
	words   []string
}

var parts = []part{
	{"一、总体情况", []string{"总体", "基本情况", "概述"}},
	{"二、主动公开政府信息情况", []string{"主动公开"}},
	{"三、收到和处理政府信息公开申请情况", []string{"申请"}},
	{"四、政府信息公开行政复议、行政诉讼情况", []string{"复议", "诉讼"}},
	{"五、存在的主要问题及改进情况", []string{"问题", "改进", "不足"}},
	{"六、其他需要报告的事项", []string{"其他", "事项"}},
}

// heading is a part heading found in the text.
type heading struct {
	number int
	text   string
	index  int // in document.lines
}

var numerals = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

var headingRE = regexp.MustCompile(`^\s*([一二三四五六七八九十])\s*[、.．]`)

// partHeading reads "五、存在的主要问题及改进情况" as part 5; a long line is prose, not a heading.
func partHeading(text string) (heading, bool) {
	m := headingRE.FindStringSubmatch(text)
	if m == nil || utf8.RuneCountInString(strings.TrimSpace(text)) > 40 {
		return heading{}, false
	}
	return heading{number: numerals[m[1]], text: strings.TrimSpace(text)}, true
}

func proseChecks(r *model.Report, d *document) []checks.Finding {
	var heads []heading
	for i, l := range d.lines {
		if l.Table {
			continue
		}
		if h, ok := partHeading(l.Text); ok {
			h.index = i
			heads = append(heads, h)
		}
	}
	out := partChecks(r, d, heads)
	out = append(out, figureChecks(r, d)...)
	return out
}

// partChecks finds each of the six parts, in order, by number and wording.
func partChecks(r *model.Report, d *document, heads []heading) []checks.Finding {
	var out []checks.Finding
	finding := func(line int, msg string) {
		f := checks.At(checks.RParts, r, "", msg)
		f.File, f.Line = d.name, line
		out = append(out, f)
	}
	next := 0 // heads before next are used up
	found := map[int]heading{}
	for i, p := range parts {
		k := -1
		for j := next; j < len(heads); j++ {
			if heads[j].number == i+1 {
				k = j
				break
			}
		}
		if k < 0 {
			finding(0, fmt.Sprintf("缺少第%s部分“%s”", p.heading[:3], p.heading))
			continue
		}
		h := heads[k]
		next = k + 1
		found[i+1] = h
		if !containsAny(h.text, p.words...) {
			finding(d.lines[h.index].N, fmt.Sprintf("第%s部分应为“%s”，报告写的是“%s”",
				p.heading[:3], p.heading, h.text))
		}
	}
	if r.Year >= 2021 {
		if h, ok := found[6]; ok && !feeStated(d, h.index) {
			f := checks.At(checks.RFee, r, "", fmt.Sprintf("第六部分“%s”未说明信息处理费的收取情况（收取或未收取）", h.text))
			f.File, f.Line = d.name, d.lines[h.index].N
			out = append(out, f)
		} else if !ok {
			f := checks.At(checks.RFee, r, "", "缺少第六部分，未说明信息处理费的收取情况")
			f.File = d.name
			out = append(out, f)
		}
	}
	return out
}

// noFee matches the ways reports say that no fee was charged without naming the 信息处理费: "未发生收费情况",
// "未收取任何费用", "没有收费", "无收费事项", "收费金额为0元".
var noFee = regexp.MustCompile(`(?:未|没有|无|不存在|均未|暂未|不曾)[^，。；,;]{0,6}?收(?:取)?(?:任何)?费|` +
	`收费[^，。；,;\d]{0,6}?(?:为|是)?\s*(?:0|零)\s*元|收费情况[:：]?\s*无`)

// feeStated reports whether the text from part 六 on states the 信息处理费: names it, or says that nothing
// was charged (noFee).
func feeStated(d *document, from int) bool {
	for _, l := range d.lines[from:] {
		t := model.Normalize(l.Text)
		if strings.Contains(t, "处理费") || noFee.MatchString(t) {
			return true
		}
	}
	return false
}

// figure is a figure the prose may quote: patterns whose first group is the number, and the table cells
// whose sum it must equal — or else the cells of alt, a second reading the wording allows.
type figure struct {
	name     string
	patterns []*regexp.Regexp
	keys     []string
	// alt, when set, is a sum the same words may also mean: "收到申请N件" counts the applications of the
	// year, or those plus the ones carried over from last year (新收 + 结转).
	alt *altFigure
}

// altFigure is the second reading of a figure.
type altFigure struct {
	name string
	keys []string
}

const gap = `[^，。；,;：:\d]{0,12}?`

var figures = []figure{
	{"本年新收政府信息公开申请", []*regexp.Regexp{
		regexp.MustCompile(`(?:收到|受理|新收)` + gap + `(?:申请|依申请公开)件?` + `[^，。；,;\d]{0,4}?(\d+)\s*件`),
	}, []string{"t3.new.total"}, &altFigure{"本年新收与上年结转之和", []string{"t3.new.total", "t3.carried.total"}}},
	{"结转下年度继续办理", []*regexp.Regexp{
		regexp.MustCompile(`结转下一?年度?(?:继续办理|办理|答复)?[^，。；,;\d]{0,4}?(\d+)\s*件`),
		regexp.MustCompile(`(\d+)\s*件` + `[^，。；,;\d]{0,4}?结转下一?年`),
	}, []string{"t3.carryover.total"}, nil},
	{"上年结转政府信息公开申请", []*regexp.Regexp{
		regexp.MustCompile(`上年(?:度)?结转` + `[^，。；,;\d]{0,6}?(\d+)\s*件`),
	}, []string{"t3.carried.total"}, nil},
	{"行政复议", []*regexp.Regexp{
		regexp.MustCompile(`行政复议(?:申请|案件)?` + `[^，。；,;\d]{0,4}?(\d+)\s*(?:件|起)`),
	}, []string{"t4.review.total"}, nil},
	{"行政诉讼", []*regexp.Regexp{
		regexp.MustCompile(`行政诉讼(?:案件)?` + `[^，。；,;\d]{0,4}?(\d+)\s*(?:件|起)`),
	}, []string{"t4.suit.total", "t4.suitafter.total"}, nil},
}

// figureChecks compares every figure quoted in the prose with the tables (P-1), once per figure and line.
func figureChecks(r *model.Report, d *document) []checks.Finding {
	var out []checks.Finding
	for _, fig := range figures {
		if r.Table(fig.keys[0][:2]) == nil {
			continue
		}
		table := r.SumOf(fig.keys)
		for _, l := range d.lines {
			if l.Table {
				continue
			}
			text := model.Normalize(l.Text)
			for _, re := range fig.patterns {
				m := re.FindStringSubmatch(text)
				if m == nil {
					continue
				}
				quoted, err := strconv.ParseFloat(m[1], 64)
				if err != nil || quoted == table {
					break
				}
				msg := fmt.Sprintf("正文“%s”写%s %s 件，表格为 %s 件", m[0], fig.name,
					model.FormatValue(quoted), model.FormatValue(table))
				if fig.alt != nil {
					alt := r.SumOf(fig.alt.keys)
					if quoted == alt {
						f := checks.At(checks.RProse, r, fig.keys[0], fmt.Sprintf(
							"正文“%s”的 %s 件是%s（%s + %s = %s），与表格一致", m[0], model.FormatValue(quoted),
							fig.alt.name, model.FormatValue(table), model.FormatValue(alt-table), model.FormatValue(alt)))
						f.Severity, f.File, f.Line = checks.Info, d.name, l.N
						out = append(out, f)
						break
					}
					msg = fmt.Sprintf("正文“%s”写 %s 件，既不是%s（%s 件），也不是%s（%s 件）", m[0],
						model.FormatValue(quoted), fig.name, model.FormatValue(table), fig.alt.name, model.FormatValue(alt))
				}
				f := checks.At(checks.RProse, r, fig.keys[0], msg)
				f.File, f.Line = d.name, l.N
				f.Expected, f.Actual = &table, &quoted
				diff := model.Round(quoted - table)
				f.Difference = &diff
				out = append(out, f)
				break
			}
		}
	}
	return out
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
