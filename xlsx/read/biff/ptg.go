package biff

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"unicode"

	"nianbao/xlsx/read/book"
)

// fn is a built-in function of the BIFF8 function table: its name and, for ptgFunc, its argument count.
type fn struct {
	name string
	args int
}

// funcs holds the functions a yearly-report form and common foreign layouts use; a formula calling
// another one becomes UnknownFormula.
var funcs = map[int]fn{0: {"COUNT", -1}, 1: {"IF", -1}, 2: {"ISNA", 1}, 3: {"ISERROR", 1}, 4: {"SUM", -1},
	5: {"AVERAGE", -1}, 6: {"MIN", -1}, 7: {"MAX", -1}, 8: {"ROW", -1}, 9: {"COLUMN", -1}, 10: {"NA", 0},
	19: {"PI", 0}, 20: {"SQRT", 1}, 24: {"ABS", 1}, 25: {"INT", 1}, 26: {"SIGN", 1}, 27: {"ROUND", 2},
	28: {"LOOKUP", -1}, 29: {"INDEX", -1}, 30: {"REPT", 2}, 31: {"MID", 3}, 32: {"LEN", 1}, 33: {"VALUE", 1},
	34: {"TRUE", 0}, 35: {"FALSE", 0}, 36: {"AND", -1}, 37: {"OR", -1}, 38: {"NOT", 1}, 39: {"MOD", 2},
	48: {"TEXT", 2}, 63: {"RAND", 0}, 65: {"DATE", 3}, 67: {"DAY", 1}, 68: {"MONTH", 1}, 69: {"YEAR", 1},
	74: {"NOW", 0}, 77: {"ROWS", 1}, 78: {"COLUMNS", 1}, 100: {"CHOOSE", -1}, 101: {"HLOOKUP", -1},
	102: {"VLOOKUP", -1}, 109: {"LOG", -1}, 111: {"CHAR", 1}, 112: {"LOWER", 1}, 113: {"UPPER", 1},
	115: {"LEFT", -1}, 116: {"RIGHT", -1}, 117: {"EXACT", 2}, 118: {"TRIM", 1}, 119: {"REPLACE", 4},
	120: {"SUBSTITUTE", -1}, 124: {"FIND", -1}, 127: {"ISTEXT", 1}, 128: {"ISNUMBER", 1}, 129: {"ISBLANK", 1},
	130: {"T", 1}, 131: {"N", 1}, 169: {"COUNTA", -1}, 183: {"PRODUCT", -1}, 190: {"ISNONTEXT", 1},
	197: {"TRUNC", -1}, 198: {"ISLOGICAL", 1}, 212: {"ROUNDUP", 2}, 213: {"ROUNDDOWN", 2}, 221: {"TODAY", 0},
	228: {"SUMPRODUCT", -1}, 336: {"CONCATENATE", -1}, 337: {"POWER", 2}, 344: {"SUBTOTAL", -1},
	345: {"SUMIF", -1}, 346: {"COUNTIF", 2}, 347: {"COUNTBLANK", 1}}

// binOps are the infix operators ptgAdd (0x03) … ptgRange (0x11).
var binOps = [...]string{3: "+", 4: "-", 5: "*", 6: "/", 7: "^", 8: "&", 9: "<", 10: "<=", 11: "=", 12: ">=",
	13: ">", 14: "<>", 15: " ", 16: ",", 17: ":"}

// ptgSize is the size of each base token's fixed data after its identifier byte.
var ptgSize = [0x40]int{0x17: 2, 0x19: 3, 0x1C: 1, 0x1D: 1, 0x1E: 2, 0x1F: 8, 0x21: 2, 0x22: 3, 0x24: 4,
	0x25: 8, 0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2, 0x2A: 4, 0x2B: 8, 0x2C: 4, 0x2D: 8, 0x2E: 2, 0x2F: 2,
	0x3A: 6, 0x3B: 10, 0x3C: 6, 0x3D: 10}

// maxFormulaText bounds the text of one decoded formula (Excel allows 8192 characters).
const maxFormulaText = 8192

// decodeFormula turns the parsed tokens of the formula of cell (row, col) into the text Excel shows,
// without "="; ok is false for tokens it does not know or damaged data.
func decodeFormula(t []byte, row, col int, g *globals) (string, bool) {
	var st []string
	pop := func(n int) ([]string, bool) {
		if n > len(st) {
			return nil, false
		}
		v := st[len(st)-n:]
		st = st[:len(st)-n]
		return v, true
	}
	for i := 0; i < len(t); {
		tok := t[i]
		i++
		base := tok
		if tok >= 0x20 {
			base = 0x20 | tok&0x1F
		}
		need := ptgSize[base]
		if i+need > len(t) {
			return "", false
		}
		d := t[i:]
		i += need
		switch {
		case base >= 0x03 && base <= 0x11:
			v, ok := pop(2)
			if !ok {
				return "", false
			}
			st = append(st, v[0]+binOps[base]+v[1])
		case base == 0x12 || base == 0x13 || base == 0x14 || base == 0x15:
			v, ok := pop(1)
			if !ok {
				return "", false
			}
			st = append(st, [...]string{"+" + v[0], "-" + v[0], v[0] + "%", "(" + v[0] + ")"}[base-0x12])
		case base == 0x16:
			st = append(st, "")
		case base == 0x17:
			s, used, ok := chars(d[2:], int(d[0]), d[1]&1 != 0)
			if !ok {
				return "", false
			}
			i += used
			st = append(st, `"`+strings.ReplaceAll(s, `"`, `""`)+`"`)
		case base == 0x19:
			switch {
			case d[0]&0x04 != 0: // choose: a jump table follows
				i += 2 * (int(binary.LittleEndian.Uint16(d[1:])) + 1)
			case d[0]&0x10 != 0: // SUM of one argument
				v, ok := pop(1)
				if !ok {
					return "", false
				}
				st = append(st, "SUM("+v[0]+")")
			}
		case base == 0x1C:
			st = append(st, boolErr(d[0], true))
		case base == 0x1D:
			st = append(st, boolErr(d[0], false))
		case base == 0x1E:
			st = append(st, strconv.Itoa(int(binary.LittleEndian.Uint16(d))))
		case base == 0x1F:
			st = append(st, formulaNumber(math.Float64frombits(binary.LittleEndian.Uint64(d))))
		case base == 0x21 || base == 0x22:
			n, id := 0, int(binary.LittleEndian.Uint16(d))
			if base == 0x22 {
				n, id = int(d[0]), int(binary.LittleEndian.Uint16(d[1:]))&0x7FFF
			}
			f, ok := funcs[id]
			if !ok || base == 0x21 && f.args < 0 {
				return "", false
			}
			if base == 0x21 {
				n = f.args
			}
			v, ok := pop(n)
			if !ok {
				return "", false
			}
			st = append(st, f.name+"("+strings.Join(v, ",")+")")
		case base == 0x24 || base == 0x2C:
			st = append(st, cellRef(d, 0, 2, base == 0x2C, row, col))
		case base == 0x25 || base == 0x2D:
			st = append(st, cellRef(d, 0, 4, base == 0x2D, row, col)+":"+cellRef(d, 2, 6, base == 0x2D, row, col))
		case base == 0x3A || base == 0x3B:
			sh, ok := g.sheetName(int(binary.LittleEndian.Uint16(d)))
			if !ok {
				return "", false
			}
			ref := cellRef(d, 2, 4, false, row, col)
			if base == 0x3B {
				ref = cellRef(d, 2, 6, false, row, col) + ":" + cellRef(d, 4, 8, false, row, col)
			}
			st = append(st, sh+"!"+ref)
		case base == 0x2A || base == 0x2B || base == 0x3C || base == 0x3D:
			st = append(st, "#REF!")
		case base >= 0x26 && base <= 0x29 || base == 0x2E || base == 0x2F:
			// memory tokens: the subexpression follows as ordinary tokens
		default:
			return "", false // arrays, names, add-in functions, tables
		}
		if len(st) > 0 && len(st[len(st)-1]) > maxFormulaText {
			return "", false
		}
	}
	if len(st) != 1 {
		return "", false
	}
	return st[0], true
}

// cellRef renders the reference whose row is at d[ro:] and column (with its relative flags) at d[co:]; in
// shared formulas (rel) relative parts are offsets from (row, col).
func cellRef(d []byte, ro, co int, rel bool, row, col int) string {
	r := int(binary.LittleEndian.Uint16(d[ro:]))
	cw := binary.LittleEndian.Uint16(d[co:])
	c := int(cw & 0x3FFF)
	rowRel, colRel := cw&0x8000 != 0, cw&0x4000 != 0
	if rel && rowRel {
		r = (row + int(int16(r))) & 0xFFFF
	}
	if rel && colRel {
		c = (col + int(int8(c&0xFF))) & 0xFF
	}
	var b strings.Builder
	if !colRel {
		b.WriteByte('$')
	}
	b.WriteString(colName(c))
	if !rowRel {
		b.WriteByte('$')
	}
	b.WriteString(strconv.Itoa(r + 1))
	return b.String()
}

func colName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// sheetName names the sheet of an EXTERNSHEET reference, quoted when it needs it.
func (g *globals) sheetName(ixti int) (string, bool) {
	if ixti >= len(g.xti) || g.xti[ixti][1] >= len(g.sheets) {
		return "", false
	}
	n := g.sheets[g.xti[ixti][1]].name
	plain := n != ""
	for i, r := range n {
		if !(unicode.IsLetter(r) || r == '_' || unicode.IsDigit(r) && i > 0 || r == '.' && i > 0) {
			plain = false
		}
	}
	if plain {
		return n, true
	}
	return "'" + strings.ReplaceAll(n, "'", "''") + "'", true
}

// formulaNumber writes a number constant of a formula as LibreOffice does: rounded to 15 digits like a
// cell value, but in plain decimals ("0.00005") unless the magnitude is extreme.
func formulaNumber(v float64) string {
	s := book.Number(v)
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.Contains(s, "E") {
		if a := math.Abs(f); a >= 1e-10 && a < 1e21 {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	return s
}
