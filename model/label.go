package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize folds a label for matching: full-width ASCII to half-width, every kind of white space and
// quote removed, "、" after a digit to ".", 合计 to 总计, Latin letters lower-cased. Real reports retype labels
// with spaces and line breaks inside ("商业 企业"), ASCII punctuation ("(三)不予公开"), straight quotes and
// 合计 for 总计 (FORMAT.md §3); all of them normalize to the same text as the official label.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		switch r {
		case '“', '”', '"', '‘', '’', '\'', '「', '」', '『', '』', 0x200B, 0x200C, 0x200D, 0xFEFF:
			continue
		case '、', '．':
			if prev >= '0' && prev <= '9' {
				r = '.'
			}
		case '〔', '【', '［':
			r = '['
		case '〕', '】', '］':
			r = ']'
		case '—', '–', '－', '−':
			r = '-'
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
		prev = r
	}
	return strings.ReplaceAll(b.String(), "合计", "总计")
}

// Match tells how well a text names a line: 3 when it is the label or an alias, 2 when one is a prefix of
// the other (a header cut at its line break, "本年新" for 本年新制作数量, or a local suffix,
// "现行有效件数(历史累计)"), 0 when it does not name it. Both sides are normalized; the text must keep at
// least two characters to match by prefix.
func (l Line) Match(text string) int {
	t := Normalize(text)
	if t == "" {
		return 0
	}
	best := 0
	for i, name := range append([]string{l.Label}, l.Aliases...) {
		n := Normalize(name)
		switch {
		case t == n:
			return 3
		case i == 0 && utf8.RuneCountInString(t) >= 2 && (strings.HasPrefix(n, t) || strings.HasPrefix(t, n)):
			best = 2
		case i > 0 && strings.HasPrefix(t, n):
			best = 2
		}
	}
	return best
}

// Similarity is a score in [0, 1] of how alike two labels are, by the character bigrams they share (Dice's
// coefficient over normalized text). It ranks near misses: a garbled label from a PDF ("其他法律行政止公开")
// or a unit name with a typo.
func Similarity(a, b string) float64 { return GramsOf(a).Similarity(GramsOf(b)) }

// Grams are a label's character bigrams over its normalized text, made once for comparing it with many
// others: GramsOf(a).Similarity(GramsOf(b)) is Similarity(a, b).
type Grams struct {
	norm  string
	count map[[2]rune]int
	total int
}

// GramsOf returns the bigrams of s.
func GramsOf(s string) Grams {
	g := Grams{norm: Normalize(s)}
	g.count = bigrams(g.norm)
	for _, n := range g.count {
		g.total += n
	}
	return g
}

// Similarity is Similarity of the two labels the grams were made of.
func (g Grams) Similarity(h Grams) float64 {
	if len(g.count) == 0 || len(h.count) == 0 {
		if g.norm == h.norm {
			return 1
		}
		return 0
	}
	shared := 0
	for k, n := range g.count {
		shared += min(n, h.count[k])
	}
	return 2 * float64(shared) / float64(g.total+h.total)
}

func bigrams(s string) map[[2]rune]int {
	rs := []rune(s)
	m := map[[2]rune]int{}
	for i := 0; i+1 < len(rs); i++ {
		m[[2]rune{rs[i], rs[i+1]}]++
	}
	return m
}
