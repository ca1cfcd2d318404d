package pdf

import (
	"math"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Text showing: each character of a shown string is placed under the text and graphics matrices with its
// font's advance, and kept with its text (bold drawn twice counts once).

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.tl}.mul(in.tlm)
	in.tm = in.tlm
}

// show places the characters of one shown string and advances the text matrix.
func (in *interp) show(s string) {
	gs := &in.gs
	f := gs.font
	if f == nil || s == "" {
		return
	}
	for _, g := range f.decode(s) {
		trm := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.trise}.mul(in.tm).mul(gs.ctm)
		w := g.adv * gs.size
		tx := (w + gs.tc) * gs.th
		if g.space {
			tx += gs.tw * gs.th
		}
		x0, y := trm.apply(0, 0)
		x1, _ := trm.apply(g.adv, 0)
		h := math.Hypot(trm[2], trm[3]) * f.vscale
		in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
		if g.text == "" || g.text == " " || g.text == "\u00a0" || g.text == "\u3000" {
			in.space = true
			continue
		}
		if g.text == "\uFFFD" {
			in.pg.unknown++
		}
		g.text = unifyHan(g.text)
		// Writers draw bold text twice at nearly the same place: keep the first.
		key := [3]int64{int64(math.Round(x0)), int64(math.Round(y)), int64(len(g.text))<<32 | int64(firstRune(g.text))}
		if in.seen[key] {
			continue
		}
		in.seen[key] = true
		if in.rd.glyphs >= in.rd.lim.Glyphs {
			continue
		}
		in.rd.glyphs++
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		in.pg.glyphs = append(in.pg.glyphs, glyph{x0: x0, x1: x1, y: y, h: h, text: g.text, spaceBefore: in.space})
		in.space = false
	}
}

// unifyHan replaces the look-alike characters some fonts map their glyphs to — Kangxi radicals (⾏ U+2F8F
// for 行), CJK radicals (⻓ U+2ED3 for 长) and compatibility ideographs — by the ideographs they stand for.
func unifyHan(s string) string {
	for _, r := range s {
		if r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF || r >= 0x2F800 && r <= 0x2FA1F {
			return strings.Map(func(r rune) rune {
				if u, ok := radicals[r]; ok {
					return u
				}
				return r
			}, norm.NFKC.String(s))
		}
	}
	return s
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}
