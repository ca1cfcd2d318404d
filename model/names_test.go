package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"某市财政局", "某市财政局"},
		{"../../etc/passwd", "_.._etc_passwd"},
		{`a\b:c*d?e"f<g>h|i`, "a_b_c_d_e_f_g_h_i"},
		{"  局\t名\n ", "局 名"},
		{"名\x00称\x1b", "名_称_"},
		{"...", "未命名"},
		{"", "未命名"},
		{"///", "未命名"},
		{"CON", "_CON"},
		{"nul.txt", "_nul.txt"},
		{"单位.", "单位"},
		{"bad\xffutf8", "bad_utf8"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SafeName(tt.in); got != tt.want {
				t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	long := SafeName(strings.Repeat("很长的单位名称", 40))
	if n := utf8.RuneCountInString(long); n != MaxNameRunes || len(long) > 200 {
		t.Errorf("long name has %d runes, %d bytes", n, len(long))
	}
}
