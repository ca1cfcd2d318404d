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
	// LibreOffice rounds the shortest decimal that reads back as v, half up, to 15 digits (not the exact
	// binary value: 8.150110338799115 becomes 8.15011033879912).
	short := strconv.FormatFloat(v, 'e', -1, 64)
	e := strings.IndexByte(short, 'e')
	exp0, _ := strconv.Atoi(short[e+1:])
	digits, exp := roundHalfUp(short[:1]+strings.TrimPrefix(short[1:e], "."), exp0, 15)
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		digits = "0"
	}
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

// roundHalfUp rounds the decimal digits d (value d[0].d[1:] × 10^exp) to n digits, half up, carrying into
// the exponent when all of them round up.
func roundHalfUp(d string, exp, n int) (string, int) {
	if len(d) <= n {
		return d, exp
	}
	b := []byte(d[:n])
	if d[n] >= '5' {
		i := n - 1
		for ; i >= 0 && b[i] == '9'; i-- {
			b[i] = '0'
		}
		if i < 0 {
			return "1" + string(b[:n-1]), exp + 1
		}
		b[i]++
	}
	return string(b), exp
}
