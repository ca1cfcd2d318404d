package book

import (
	"math"
	"strconv"
	"strings"
)

// Number renders a cell's number as LibreOffice writes it into the <v> of an .xlsx (and so as the .xlsx
// reader returns it for LibreOffice's conversion of a legacy file): rounded to 15 significant digits,
// trailing zeros dropped, plain when the decimal exponent is in [-4, 16], otherwise as "1.5E-005" /
// "1E+020" (three exponent digits). Subnormal numbers are 0.
func Number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "#NUM!"
	}
	if math.Abs(v) < 0x1p-1022 {
		return "0"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	short := strconv.FormatFloat(v, 'e', -1, 64)
	exp0, _ := strconv.Atoi(short[strings.IndexByte(short, 'e')+1:])
	m := strconv.FormatFloat(v, 'e', 14, 64) // d.dddddddddddddde±XX
	i := strings.IndexByte(m, 'e')
	exp, _ := strconv.Atoi(m[i+1:])
	digits := strings.TrimRight(m[:1]+m[2:i], "0")
	if exp0 < -4 || exp0 >= 17 {
		s := digits[:1]
		if len(digits) > 1 {
			s += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		e := strconv.Itoa(exp)
		for len(e) < 3 {
			e = "0" + e
		}
		return sign + s + "E" + es + e
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits))
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}
