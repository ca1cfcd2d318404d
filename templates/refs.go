package templates

import (
	"strings"

	"nianbao/model"
)

// RangeRef returns "A1:C3" for two corners, or the single reference when they are the same cell.
func RangeRef(c1, r1, c2, r2 int) string {
	if c1 == c2 && r1 == r2 {
		return model.CellRef(c1, r1)
	}
	return model.CellRef(c1, r1) + ":" + model.CellRef(c2, r2)
}

// ParseRange splits "A1:C3" (or a single "A1") into its corners.
func ParseRange(rng string) (c1, r1, c2, r2 int, ok bool) {
	from, to, found := strings.Cut(rng, ":")
	if !found {
		to = from
	}
	c1, r1, ok1 := model.ParseRef(from)
	c2, r2, ok2 := model.ParseRef(to)
	return c1, r1, c2, r2, ok1 && ok2
}

// InRange reports whether ref lies inside the range rng ("C3:D3").
func InRange(ref, rng string) bool {
	c, r, ok := model.ParseRef(ref)
	c1, r1, c2, r2, ok2 := ParseRange(rng)
	return ok && ok2 && c >= c1 && c <= c2 && r >= r1 && r <= r2
}

// Qualified prefixes a reference or range with its sheet: "'表三'!D5". Names are always quoted, which
// every office suite accepts.
func Qualified(sheet, ref string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + ref
}

// runs groups references into ranges of cells adjacent in one column or one row, keeping their order:
// D7, D8, D9, F3 → D7:D9, F3.
func runs(refs []string) []string {
	var out []string
	for i := 0; i < len(refs); {
		c0, r0, _ := model.ParseRef(refs[i])
		j := i + 1
		dc, dr := 0, 0
		if j < len(refs) {
			c1, r1, _ := model.ParseRef(refs[j])
			switch {
			case c1 == c0 && r1 == r0+1:
				dr = 1
			case r1 == r0 && c1 == c0+1:
				dc = 1
			}
		}
		if dc+dr > 0 {
			for j < len(refs) {
				c, r, _ := model.ParseRef(refs[j])
				if c != c0+dc*(j-i) || r != r0+dr*(j-i) {
					break
				}
				j++
			}
		}
		c1, r1, _ := model.ParseRef(refs[j-1])
		out = append(out, RangeRef(c0, r0, c1, r1))
		i = j
	}
	return out
}

// sumFormula returns a formula adding refs (each qualified with sheet unless sheet is ""), and subtracting
// minus: "SUM(D7:D26)", "D5", "SUM(D5:D6)-D9", "0" for no terms.
func sumFormula(sheet string, plus, minus []string) string {
	q := func(r string) string {
		if sheet == "" {
			return r
		}
		return Qualified(sheet, r)
	}
	var b strings.Builder
	switch rs := runs(plus); {
	case len(rs) == 0:
		b.WriteString("0")
	case len(rs) == 1 && !strings.Contains(rs[0], ":"):
		b.WriteString(q(rs[0]))
	default:
		b.WriteString("SUM(")
		for i, r := range rs {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(q(r))
		}
		b.WriteString(")")
	}
	for _, r := range runs(minus) {
		if strings.Contains(r, ":") {
			b.WriteString("-SUM(" + q(r) + ")")
		} else {
			b.WriteString("-" + q(r))
		}
	}
	return b.String()
}
