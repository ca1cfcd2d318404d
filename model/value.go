package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Parsed is what a cell's text means as a value of some kind.
type Parsed struct {
	// Value is the number read; 0 when the cell is blank or unreadable.
	Value float64
	// Blank is true when the cell was empty: it counts as 0.
	Blank bool
	// Note says in Chinese how text was converted ("「减1」读作 -1"); empty for a plain number.
	Note string
	// Problem says in Chinese why the text cannot be read as a number; empty when it can. Whether the number
	// suits the kind (a negative count, a fraction of a case) is Kind.Check's question.
	Problem string
}

// MaxValue bounds every value: nothing in these tables comes near it, and above it float64 stops counting
// whole numbers exactly.
const MaxValue = 1e12

var (
	thousands = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
	plain     = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	units     = []string{"件", "个", "项", "条", "次", "宗", "份"}
	zeroWords = map[string]bool{"-": true, "--": true, "/": true, "无": true, "\\": true}
)

// ParseValue reads a cell's text as a value of kind k. It accepts what agencies type: full-width digits,
// thousands separators, a unit word ("12件"), a sign word for changes ("减1", "增3", "+3"), an amount with
// 元 or 万元 ("247万元", "251000元" → 25.1), and "-", "—", "/", "无" for zero. Every conversion is explained in
// Note; anything else is a Problem. Nothing is guessed.
func ParseValue(k Kind, text string) Parsed {
	if v, ok := digits(text); ok { // the common case, a plain whole number: no conversion to explain
		return Parsed{Value: v}
	}
	raw := strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000, r == 0xA0:
			return ' '
		case r == '—', r == '–', r == '−', r == '－':
			return '-'
		case r == '，':
			return ','
		}
		return r
	}, text))
	s := strings.ReplaceAll(raw, " ", "")
	if s == "" {
		return Parsed{Blank: true}
	}
	quoted := "「" + text + "」"
	if zeroWords[s] || strings.Trim(s, "-") == "" {
		return Parsed{Note: quoted + "读作 0"}
	}
	var notes []string
	if s != text {
		notes = append(notes, "已去除空格或全角字符")
	}
	scale := 1.0
	switch k {
	case Amount:
		switch {
		case strings.HasSuffix(s, "万元"):
			s = strings.TrimSuffix(s, "万元")
			notes = append(notes, "单位万元")
		case strings.HasSuffix(s, "元"):
			s = strings.TrimSuffix(s, "元")
			scale = 1e-4
			notes = append(notes, "单位元，已换算为万元")
		}
	case Change:
		switch {
		case strings.HasPrefix(s, "减"):
			s = "-" + strings.TrimPrefix(s, "减")
			notes = append(notes, "「减」读作负数")
		case strings.HasPrefix(s, "增"):
			s = strings.TrimPrefix(s, "增")
			notes = append(notes, "「增」读作正数")
		}
	}
	if k != Amount {
		for _, u := range units {
			if strings.HasSuffix(s, u) {
				s = strings.TrimSuffix(s, u)
				notes = append(notes, "已去除单位「"+u+"」")
				break
			}
		}
	}
	if thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
		notes = append(notes, "已去除千位分隔符")
	}
	if !plain.MatchString(s) {
		return Parsed{Problem: "无法识别为数字：" + quoted}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || math.Abs(v*scale) > MaxValue {
		return Parsed{Problem: "数值超出范围：" + quoted}
	}
	v *= scale
	if strings.HasPrefix(s, "+") {
		notes = append(notes, "已去除正号")
	}
	if k != Amount && v != math.Trunc(v) && Round(v) == math.Trunc(Round(v)) {
		// 31.00001, 30.99999, 1e-7: rounding to four decimals would make a whole number of it silently
		return Parsed{Problem: fmt.Sprintf("%s不是整数（件数应为整数，请填写准确的数字）", quoted)}
	}
	if k != Amount && v == math.Trunc(v) && strings.Contains(s, ".") {
		notes = append(notes, "小数点后为0，按整数读取")
	}
	p := Parsed{Value: Round(v)}
	if len(notes) > 0 {
		p.Note = fmt.Sprintf("%s读作 %s（%s）", quoted, FormatValue(p.Value), strings.Join(notes, "，"))
	}
	return p
}

// FormatValue prints a value the way clerks write it: integers without decimals, amounts with at most
// four decimals and no trailing zeros.
func FormatValue(v float64) string {
	return strconv.FormatFloat(Round(v), 'f', -1, 64)
}

// Check says in Chinese why v is not a valid value of kind k, or "" when it is.
func (k Kind) Check(v float64) string {
	switch {
	case k != Change && v < 0:
		return "不能为负数"
	case k != Amount && v != math.Trunc(v):
		return "应为整数"
	}
	return ""
}

// digits reads a text of 1 to 12 ASCII digits as a number.
func digits(s string) (float64, bool) {
	if len(s) == 0 || len(s) > 12 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return float64(n), true
}
