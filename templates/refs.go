package templates

import (
	"strconv"
	"strings"
)

// ColName returns the letters of a 1-based column number: 1 → "A", 27 → "AA".
func ColName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// CellRef returns the A1 reference of a 1-based column and row.
func CellRef(col, row int) string { return ColName(col) + strconv.Itoa(row) }

// ParseRef splits an A1 reference ("$D$5" or "d5") into its 1-based column and row.
func ParseRef(ref string) (col, row int, ok bool) {
	ref = strings.ToUpper(strings.ReplaceAll(ref, "$", ""))
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > 1048576 || col > 16384 {
		return 0, 0, false
	}
	return col, row, true
}

// RangeRef returns "A1:C3" for two corners, or the single reference when they are the same cell.
func RangeRef(c1, r1, c2, r2 int) string {
	if c1 == c2 && r1 == r2 {
		return CellRef(c1, r1)
	}
	return CellRef(c1, r1) + ":" + CellRef(c2, r2)
}

// ParseRange splits "A1:C3" (or a single "A1") into its corners.
func ParseRange(rng string) (c1, r1, c2, r2 int, ok bool) {
	from, to, found := strings.Cut(rng, ":")
	if !found {
		to = from
	}
	c1, r1, ok1 := ParseRef(from)
	c2, r2, ok2 := ParseRef(to)
	return c1, r1, c2, r2, ok1 && ok2
}

// InRange reports whether ref lies inside the range rng ("C3:D3").
func InRange(ref, rng string) bool {
	c, r, ok := ParseRef(ref)
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
		c0, r0, _ := ParseRef(refs[i])
		j := i + 1
		dc, dr := 0, 0
		if j < len(refs) {
			c1, r1, _ := ParseRef(refs[j])
			switch {
			case c1 == c0 && r1 == r0+1:
				dr = 1
			case r1 == r0 && c1 == c0+1:
				dc = 1
			}
		}
		if dc+dr > 0 {
			for j < len(refs) {
				c, r, _ := ParseRef(refs[j])
				if c != c0+dc*(j-i) || r != r0+dr*(j-i) {
					break
				}
				j++
			}
		}
		c1, r1, _ := ParseRef(refs[j-1])
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
