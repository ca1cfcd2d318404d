package book

import (
	"testing"

	"nianbao/locate"
)

// The cells of a merged range but its top-left one are blanked with their text kept as Covered, and a
// cell holding only covered text is stored.
func TestApplyMergesKeepsCoveredText(t *testing.T) {
	s := &Sheet{Name: "A"}
	b := NewBuilder(DefaultLimits())
	for _, c := range []struct {
		r, c int
		cell locate.Cell
	}{{0, 0, locate.Cell{Text: "标题", Str: true}}, {0, 1, locate.Cell{Text: "5"}}, {1, 0, locate.Cell{Covered: "已覆盖"}}, {1, 2, locate.Cell{Text: "外"}}} {
		if err := b.Put(s, c.r, c.c, c.cell); err != nil {
			t.Fatal(err)
		}
	}
	s.Merges = []Range{{R1: 0, C1: 0, R2: 1, C2: 1}}
	if err := b.ApplyMerges(s); err != nil {
		t.Fatal(err)
	}
	want := [][]locate.Cell{{{Text: "标题", Str: true}, {Covered: "5"}}, {{Covered: "已覆盖"}, {}, {Text: "外"}}}
	for r := range want {
		for c := range want[r] {
			if s.Rows[r][c] != want[r][c] {
				t.Errorf("(%d,%d) = %+v, want %+v", r, c, s.Rows[r][c], want[r][c])
			}
		}
	}
}
