package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Lines: characters grouped by baseline, their text, their layout in character columns, and the lines
// that are page furniture (page numbers, running headers and footers).
// pline is one line of characters on a page.
type pline struct {
	n      int // 1-based on the page
	top    float64
	glyphs []int // indices into page.glyphs, left to right
}

// groupLines puts a page's characters into lines: a character joins the line whose baseline is within
// 40% of the smaller of its height and the line's (a large title does not swallow the line above).
func groupLines(gs []glyph) ([]*pline, []int) {
	idx := make([]int, len(gs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return gs[idx[a]].y > gs[idx[b]].y })
	var lines []*pline
	lineOf := make([]int, len(gs))
	var base, hmax float64
	for _, i := range idx {
		g := gs[i]
		if n := len(lines); n == 0 || math.Abs(base-g.y) > 0.4*math.Min(hmax, g.h) {
			lines = append(lines, &pline{n: len(lines) + 1, top: g.y + g.h})
			base, hmax = g.y, g.h
		}
		l := lines[len(lines)-1]
		l.glyphs = append(l.glyphs, i)
		l.top = math.Max(l.top, g.y+g.h)
		hmax = math.Max(hmax, g.h)
		lineOf[i] = l.n
	}
	for _, l := range lines {
		sort.SliceStable(l.glyphs, func(a, b int) bool { return gs[l.glyphs[a]].x0 < gs[l.glyphs[b]].x0 })
	}
	return lines, lineOf
}

// columnUnit returns the page's left edge and the width of one text column: half the usual character
// height, since a Chinese character is square and two columns wide.
func columnUnit(gs []glyph) (left, unit float64) {
	if len(gs) == 0 {
		return 0, 5
	}
	hs := make([]float64, len(gs))
	left = math.Inf(1)
	for i, g := range gs {
		hs[i] = g.h
		left = math.Min(left, g.x0)
	}
	sort.Float64s(hs)
	return left, math.Max(hs[len(hs)/2]/2, 1)
}

// columns lays a line out in character columns, the way "pdftotext -layout" does: each character at the
// column of its position, with two spaces or more where the gap is a column's width or wider, so that the
// cells of a table without ruling lines stay apart. The layout moves a character right when the ones before
// it are wider than their columns; spans keep where each character really is.
func columns(gs []glyph, idx []int, left, unit, spanUnit float64) (string, []Span) {
	var b strings.Builder
	spans := make([]Span, 0, len(idx))
	col := 0
	for k, i := range idx {
		g := gs[i]
		at := int(math.Round((g.x0 - left) / unit))
		if k > 0 {
			gap := (g.x0 - gs[idx[k-1]].x1) / unit
			switch {
			case gap >= 1.5:
				at = max(at, col+2)
			case g.spaceBefore || gap >= 0.6:
				at = col + 1
			default:
				at = col
			}
		}
		for ; col < at; col++ {
			b.WriteByte(' ')
		}
		spans = append(spans, Span{Col: col, X0: g.x0 / spanUnit, X1: g.x1 / spanUnit})
		b.WriteString(g.text)
		for _, r := range g.text {
			col++
			if wide(r) {
				col++
			}
		}
	}
	return b.String(), spans
}

// joinGlyphs writes characters of one line left to right, with a space where the gap is wide.
func joinGlyphs(gs []glyph, idx []int) string {
	var b strings.Builder
	for k, i := range idx {
		g := gs[i]
		if k > 0 {
			p := gs[idx[k-1]]
			if g.spaceBefore && g.x0 > p.x1 || g.x0-p.x1 > 0.25*math.Max(g.h, p.h) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.text)
	}
	return b.String()
}

// cellText writes the characters of one cell: line by line, lines joined without a space between Chinese
// characters (a label wrapped in its cell) and with one otherwise.
func cellText(gs []glyph, idx []int, lineOf []int) string {
	sort.SliceStable(idx, func(a, b int) bool {
		la, lb := lineOf[idx[a]], lineOf[idx[b]]
		if la != lb {
			return la < lb
		}
		return gs[idx[a]].x0 < gs[idx[b]].x0
	})
	var out string
	for start := 0; start < len(idx); {
		end := start
		for end < len(idx) && lineOf[idx[end]] == lineOf[idx[start]] {
			end++
		}
		part := joinGlyphs(gs, idx[start:end])
		if out == "" {
			out = part
		} else {
			out = joinText(out, part)
		}
		start = end
	}
	return strings.TrimSpace(out)
}

func wide(r rune) bool { return r >= 0x2E80 || unicode.Is(unicode.Han, r) }

func lastRune(s string) rune {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1]
}

// onlyMarginsBefore reports whether items hold nothing but short margin lines (page numbers, headers).
func onlyMarginsBefore(items []item) bool {
	for _, it := range items {
		if it.table != nil || !it.margin {
			return false
		}
	}
	return true
}

// runningLines finds running headers and footers: lines with the same text (digits aside) at the same
// height on at least two pages and on more than half of them.
func runningLines(pages []*page) map[string]bool {
	if len(pages) < 2 {
		return nil
	}
	count := map[string]int{}
	for _, p := range pages {
		lines, _ := groupLines(p.glyphs)
		seen := map[string]bool{}
		for _, l := range lines {
			k := runningKey(joinGlyphs(p.glyphs, l.glyphs), l.top)
			if !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	out := map[string]bool{}
	for k, n := range count {
		if n >= 2 && n*2 > len(pages) {
			out[k] = true
		}
	}
	return out
}

func runningKey(text string, top float64) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, text) + "@" + itoa(int(math.Round(top/4)))
}

// isMargin tells a page number or running header line ("- 3 -", "第3页", "3") from text.
func isMargin(s string) bool {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 12 {
		return false
	}
	runs, words := 0, false // runs of digits; words of a page number ("第3页 共7页", "3/7")
	prev := false
	for _, r := range s {
		digit := unicode.IsDigit(r)
		if !(digit || unicode.IsSpace(r) || strings.ContainsRune("-—–_/第页共PpAaGgEe.·", r)) {
			return false
		}
		if digit && !prev {
			runs++
		}
		words = words || strings.ContainsRune("/第页共PpAaGgEe", r)
		prev = digit
	}
	// One number, or two with the words around them; several bare numbers are a row of a table without
	// ruling lines (表四 prints its fifteen figures on a line of their own).
	return runs <= 1 || runs == 2 && words
}
