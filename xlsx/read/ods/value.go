package ods

import (
	"strconv"
	"strings"
	"time"
)

// epoch is day 0 of the serial dates the .xlsx files of LibreOffice and Excel hold (1900 system).
var epoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// dateSerial turns an office:date-value ("2024-01-15" or "2024-01-15T10:30:00[.5]") into whole days from
// the null date (given as days after 1899-12-30) and the fraction of the day.
func dateSerial(v string, nullDate int) (days, frac float64, ok bool) {
	var t time.Time
	var err error
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00"} {
		if t, err = time.Parse(layout, strings.TrimSpace(v)); err == nil {
			break
		}
	}
	if err != nil {
		return 0, 0, false
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	d := day.Sub(epoch).Hours() / 24
	f := float64(t.Hour()*3600+t.Minute()*60+t.Second())/86400 + float64(t.Nanosecond())/86400e9
	return float64(int64(d) - int64(nullDate)), f, true
}

// duration turns an office:time-value (ISO 8601 duration, "PT10H30M00S", "-P1DT2H") into days.
func duration(v string) (float64, bool) {
	s := strings.TrimSpace(v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(s, "P") {
		return 0, false
	}
	s = s[1:]
	total, inTime, num := 0.0, false, ""
	for _, r := range s {
		switch {
		case r == 'T':
			inTime = true
		case r >= '0' && r <= '9' || r == '.' || r == ',':
			if r == ',' {
				r = '.'
			}
			num += string(r)
		default:
			n, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, false
			}
			num = ""
			switch {
			case r == 'D' && !inTime:
				total += n
			case r == 'H' && inTime:
				total += n / 24
			case r == 'M' && inTime:
				total += n / 1440
			case r == 'S' && inTime:
				total += n / 86400
			default:
				return 0, false // years and months have no fixed length
			}
		}
	}
	if num != "" {
		return 0, false
	}
	if neg {
		total = -total
	}
	return total, true
}

// formula turns an OpenFormula table:formula ("of:=SUM([.B2:.B5];[$表1.C3])") into the Excel syntax the
// .xlsx reader gives ("SUM(B2:B5,表1!C3)"): references lose their brackets and dots, sheets get "!", and
// argument separators become commas; string literals are kept as they are.
func formula(f string) string {
	if f == "" {
		return ""
	}
	if i := strings.IndexByte(f, '='); i >= 0 && i <= 6 {
		f = f[i+1:]
	}
	var b strings.Builder
	inStr, inRef := false, false
	for i := 0; i < len(f); i++ {
		c := f[i]
		switch {
		case inStr:
			b.WriteByte(c)
			if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
			b.WriteByte(c)
		case c == '[':
			inRef = true
		case c == ']' && inRef:
			inRef = false
		case inRef:
			j := i
			for j < len(f) && f[j] != ']' && f[j] != ':' {
				j++
			}
			b.WriteString(ref(f[i:j]))
			if j < len(f) && f[j] == ':' {
				b.WriteByte(':')
				j++
			}
			i = j - 1
		case c == ';':
			b.WriteByte(',')
		case c == '$' && strings.HasPrefix(f[i:], "$$"): // a named expression: $$Name
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ref turns one ODF cell address (".B2", "$表1.B2", "$'a b'.$B$2") into A1 syntax with "Sheet!".
func ref(r string) string {
	dot := strings.LastIndexByte(r, '.')
	if dot < 0 {
		return r
	}
	sheet, cell := strings.TrimPrefix(r[:dot], "$"), r[dot+1:]
	if sheet == "" {
		return cell
	}
	return sheet + "!" + cell
}
