package model

import (
	"math"
	"strconv"
	"testing"
)

// FuzzParseValue: any cell text reads without panic into a finite value within bounds, or a problem; a
// plain integer reads as itself.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"5", "", " ", "１２", "1,234", "12件", "减1", "+3", "-3", "247万元", "251000元",
		"—", "/", "无", "0.0", "1e308", "NaN", "abc", "2.5", "--", "1,2,3", "元", "万元", "减", "9999999999999"} {
		f.Add(s, 0)
		f.Add(s, 1)
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, text string, kind int) {
		k := Kind(((kind % 3) + 3) % 3)
		p := ParseValue(k, text)
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) || math.Abs(p.Value) > MaxValue {
			t.Fatalf("%q: value %v", text, p.Value)
		}
		if p.Blank && (p.Value != 0 || p.Problem != "") {
			t.Fatalf("%q: blank with %v %q", text, p.Value, p.Problem)
		}
		if p.Problem != "" && p.Value != 0 {
			t.Fatalf("%q: unreadable text must count as 0, got %v", text, p.Value)
		}
		if n, err := strconv.Atoi(text); err == nil && text == strconv.Itoa(n) && n >= 0 && n < 1e9 && (p.Value != float64(n) || p.Note != "") {
			t.Fatalf("%q: plain integer read as %v (%q)", text, p.Value, p.Note)
		}
	})
}

// FuzzNormalize: normalizing is idempotent, matching never panics, and similarity is a symmetric score in
// [0, 1] that is 1 for a text and itself.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{T3Note, "（三）不予 公开", "合计", "3.危及\"三安全一稳定\"", "１、属于国家秘密", "\xff\xfe", "总计合计"} {
		f.Add(s, "2.其他法律行政法规禁止公开")
	}
	lines := FormOf(V2021).Table("t3").Blocks[0].Rows
	f.Fuzz(func(t *testing.T, a, b string) {
		n := Normalize(a)
		if Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %q: %q then %q", a, n, Normalize(n))
		}
		for _, l := range lines {
			if m := l.Match(a); m < 0 || m > 3 {
				t.Fatalf("Match(%q) = %d", a, m)
			}
		}
		s1, s2 := Similarity(a, b), Similarity(b, a)
		if s1 < 0 || s1 > 1 || math.Abs(s1-s2) > 1e-12 {
			t.Fatalf("Similarity(%q, %q) = %v, reverse %v", a, b, s1, s2)
		}
		if n != "" && Similarity(a, a) != 1 {
			t.Fatalf("Similarity(%q, itself) = %v", a, Similarity(a, a))
		}
	})
}
