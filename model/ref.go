package model

import "strconv"

// The size of an Excel worksheet since Excel 2007.
const (
	MaxRows = 1048576
	MaxCols = 16384
)

// ColName returns the letters of a 1-based column number: 1 → "A", 27 → "AA".
func ColName(col int) string {
	var b [8]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// CellRef returns the A1 reference of a 1-based column and row: CellRef(28, 4) = "AB4". It is the one A1
// helper of the project; every package takes columns first, as Excel's own coordinates do.
func CellRef(col, row int) string { return ColName(col) + strconv.Itoa(row) }

// RangeRef returns the A1 range of a rectangle given by its first and last column and row
// ("B2:D9"), the single cell's reference when it is one cell.
func RangeRef(c1, r1, c2, r2 int) string {
	if c1 == c2 && r1 == r2 {
		return CellRef(c1, r1)
	}
	return CellRef(c1, r1) + ":" + CellRef(c2, r2)
}

// ParseRef splits an A1 reference ("D5", "$D$5" or "d5") into its 1-based column and row. It accepts
// only references inside a worksheet (at most XFD1048576) and allocates nothing, so readers of untrusted
// files can call it for every cell.
func ParseRef(ref string) (col, row int, ok bool) {
	i := 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	letters := 0
	for i < len(ref) {
		ch := ref[i] | 0x20
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a'+1)
		letters++
		i++
	}
	if letters == 0 || letters > 3 || col > MaxCols {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	digits := 0
	for ; i < len(ref); i++ {
		d := ref[i]
		if d < '0' || d > '9' || digits == 7 {
			return 0, 0, false
		}
		row = row*10 + int(d-'0')
		digits++
	}
	if digits == 0 || row < 1 || row > MaxRows {
		return 0, 0, false
	}
	return col, row, true
}
