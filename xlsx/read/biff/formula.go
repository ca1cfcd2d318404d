package biff

import (
	"encoding/binary"
	"math"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// UnknownFormula is the Formula of a cell whose formula tokens could not be turned into text (a function
// or token this reader does not know): the cell is still known to hold a formula, and its cached value is
// read as usual.
const UnknownFormula = "#FORMULA?"

// formula reads a FORMULA record: the cached result (a number, or a boolean, error or string marked by
// 0xFFFF in the top bytes, the string following in a STRING record) and the formula text.
func (sr *sheetReader) formula(r *reader, rec record) error {
	d := rec.data
	if len(d) < 22 {
		return sr.short(rec)
	}
	row, col := u16(d, 0), u16(d, 2)
	cce := u16(d, 20)
	if 22+cce > len(d) {
		return sr.short(rec)
	}
	rgce := d[22 : 22+cce]
	if len(rgce) == 5 && rgce[0] == 0x01 { // ptgExp: a shared formula whose SHRFMLA follows the first cell
		master := [2]int{u16(rgce, 1), u16(rgce, 3)}
		if r.peek() == rShrFmla && master == [2]int{row, col} {
			next, _, err := r.next()
			if err != nil {
				return err
			}
			if sr.shared == nil {
				sr.shared = map[[2]int][]byte{}
			}
			if len(sr.shared) < 1<<16 {
				sr.shared[master] = next.data
			}
		}
		rgce = nil
		if sh, ok := sr.shared[master]; ok && len(sh) >= 10 {
			if n := u16(sh, 8); 10+n <= len(sh) {
				rgce = sh[10 : 10+n]
			}
		}
	}
	text, ok := decodeFormula(rgce, row, col, sr.g)
	if !ok || text == "" {
		text = UnknownFormula
	}
	cell := locate.Cell{Formula: text}
	if binary.LittleEndian.Uint16(d[12:]) != 0xFFFF {
		cell.Text = book.Number(math.Float64frombits(binary.LittleEndian.Uint64(d[6:])))
	} else {
		switch d[6] {
		case 0: // string: the STRING record that follows holds it
			sr.pending = &[2]int{row, col}
		case 1:
			cell.Text = boolErr(d[8], false)
		case 2:
			cell.Text, cell.Str = boolErr(d[8], true), true // an error value is not a number, as in the .xlsx reader
		}
	}
	if err := sr.putAt(row, col, cell); err != nil {
		return err
	}
	return nil
}
