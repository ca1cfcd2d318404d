package ods

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// nameByte classes the bytes of XML names as the decoder reads them: 1 may start a name (letters, '_',
// ':', and every byte of a multi-byte character, which isName checks), 2 may follow, 0 ends it.
var nameByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':' || c >= 0x80:
			t[c] = 1
		case '0' <= c && c <= '9' || c == '.' || c == '-':
			t[c] = 2
		}
	}
	return t
}()

// isNameByte reports whether a byte may be part of an XML name.
func isNameByte(c byte) bool { return nameByte[c] != 0 }

// isName reports whether b is an XML name as the decoder checks it. ASCII names are checked here; a name
// with other characters (none in what office programs write) is handed to encoding/xml itself as the
// target of a processing instruction, so that both agree on the XML specification's character tables.
func isName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for i, c := range b {
		switch {
		case c >= 0x80:
			d := xml.NewDecoder(bytes.NewReader(append(append([]byte("<?"), b...), "?>"...)))
			_, err := d.RawToken()
			return err == nil
		case i == 0 && ('0' <= c && c <= '9' || c == '.' || c == '-'):
			return false
		}
	}
	return true
}

// inRange reports whether r is a character XML allows.
func inRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// entity reads the reference at the start of s (just after '&') and returns its characters and length up to
// and including ';'; ok is false for anything the decoder refuses: an unknown name, a missing ';', a number
// beyond Unicode or a character outside XML's range. A surrogate becomes U+FFFD, as in the decoder.
func entity(s []byte) (r rune, n int, ok bool) {
	semi := bytes.IndexByte(s, ';')
	if semi < 0 {
		return 0, 0, false
	}
	body := s[:semi]
	if len(body) > 0 && body[0] == '#' {
		digits, base := body[1:], 10
		if len(digits) > 0 && digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		for _, c := range digits {
			if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
				return 0, 0, false
			}
		}
		v, err := strconv.ParseUint(string(digits), base, 64)
		if err != nil || v > unicode.MaxRune {
			return 0, 0, false
		}
		r = rune(v)
		if 0xD800 <= r && r <= 0xDFFF {
			r = utf8.RuneError
		}
		return r, semi + 1, inRange(r)
	}
	switch string(body) {
	case "lt":
		return '<', semi + 1, true
	case "gt":
		return '>', semi + 1, true
	case "amp":
		return '&', semi + 1, true
	case "apos":
		return '\'', semi + 1, true
	case "quot":
		return '"', semi + 1, true
	}
	return 0, 0, false
}

// checkAttr is checkText for an attribute value, where '<' is refused too; plain ASCII is passed quickly.
func checkAttr(v []byte) string {
	for i, c := range v {
		if c < 0x20 || c >= 0x80 || c == '&' || c == '<' {
			if bytes.IndexByte(v[i:], '<') >= 0 {
				return "unescaped < inside quoted string"
			}
			return checkText(v[i:], false)
		}
	}
	return ""
}

// checkText returns why the decoder would refuse raw text or an attribute value ("" when it would not):
// a bad reference (outside CDATA), invalid UTF-8, a character outside XML's range.
func checkText(raw []byte, cdata bool) string {
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '&' && !cdata:
			_, n, ok := entity(raw[i+1:])
			if !ok {
				return "invalid character entity"
			}
			i += 1 + n
		case c >= 0x20 && c < 0x80 || c == '\t' || c == '\n' || c == '\r':
			i++
		case c < 0x20:
			return "illegal character code " + strconv.Itoa(int(c))
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				return "invalid UTF-8"
			}
			if !inRange(r) {
				return "illegal character code " + strconv.QuoteRune(r)
			}
			i += size
		}
	}
	return ""
}

// appendText appends the characters of raw text, checked by checkText, to dst: references resolved
// (outside CDATA), CR LF and lone CR read as LF.
func appendText(dst, raw []byte, cdata bool) []byte {
	var prev byte
	for i := 0; i < len(raw); {
		j := i
		for j < len(raw) && raw[j] != '&' && raw[j] != '\r' && !(raw[j] == '\n' && prev == '\r' && j == i) {
			j++
		}
		dst = append(dst, raw[i:j]...)
		if j > i {
			prev = raw[j-1]
		}
		if i = j; i == len(raw) {
			break
		}
		switch raw[i] {
		case '\r':
			dst, prev = append(dst, '\n'), '\r'
			i++
		case '\n': // after CR
			prev = '\n'
			i++
		default: // '&'
			if cdata {
				dst, prev = append(dst, '&'), '&'
				i++
				continue
			}
			r, n, _ := entity(raw[i+1:])
			dst, prev = utf8.AppendRune(dst, r), 0
			i += 1 + n
		}
	}
	return dst
}
