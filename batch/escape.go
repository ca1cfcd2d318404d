package batch

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Escape makes text from a file (a file name, a unit name, a cell's text quoted in a message) safe to print
// on a terminal or in a text report: it can neither start a line of its own nor move the cursor, clear the
// screen or reorder what follows. Newlines, tabs and other control characters become \n, \t, \x1b…;
// bidirectional overrides and isolates, and the Unicode line and paragraph separators, become \u202e…;
// bytes that are not UTF-8 become \xff…. Printable text, Chinese included, is unchanged.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// needsEscape reports whether Escape changes s.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c < 0x20 || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// unsafeRune reports the non-ASCII runes Escape writes as \u…: C1 controls, bidi controls, line and
// paragraph separators, and zero-width marks that change the order of what is shown.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r < 0xa0: // C1 controls (CSI is 0x9b)
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028 || r == 0x2029 || r == 0x85:
		return true
	}
	return false
}
