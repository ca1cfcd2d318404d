package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameRunes bounds the length of a file name made by SafeName, leaving room for a prefix and an
// extension within the 255-byte limit of common file systems.
const MaxNameRunes = 60

// SafeName turns a text from an input (a unit name) into something safe as a file name: path separators,
// characters Windows forbids and control characters become "_", surrounding spaces and dots are dropped,
// the length is capped at MaxNameRunes, reserved device names get a "_" prefix, and an empty result is
// "未命名".
func SafeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t', r == '\n', r == '\r':
			b.WriteRune(' ')
		case r == utf8.RuneError, unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|`, r),
			r == 0x2028, r == 0x2029, r == 0x200B, r == 0xFEFF, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c:
			b.WriteRune('_')
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Trim(b.String(), " .")
	if rs := []rune(out); len(rs) > MaxNameRunes {
		out = strings.TrimRight(string(rs[:MaxNameRunes]), " .")
	}
	if out == "" || strings.Trim(out, "_") == "" {
		return "未命名"
	}
	base, _, _ := strings.Cut(strings.ToUpper(out), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
		"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9":
		out = "_" + out
	}
	return out
}
