package templates

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// TestMetaCells: a value that fits stays one cell; a longer one is cut after commas into cells that fit
// and join back to it; a value without commas, or of characters outside the BMP (two UTF-16 units each),
// is cut where it must.
func TestMetaCells(t *testing.T) {
	codes := make([]string, 9000)
	for i := range codes {
		codes[i] = strings.Repeat("7", 1+i%9)
	}
	for _, v := range []string{"", "a,b", strings.Join(codes, ","), strings.Repeat("x", 70001), strings.Repeat("😀", 40000),
		strings.Repeat("码,", MetaCellChars/2) + "z"} {
		cells := MetaCells(v)
		if strings.Join(cells, "") != v {
			t.Errorf("%d chars: the cells do not join back", len(v))
		}
		for i, c := range cells {
			if n := len(utf16.Encode([]rune(c))); n > MetaCellChars || n == 0 && len(cells) > 1 {
				t.Errorf("%d chars: cell %d holds %d UTF-16 units", len(v), i, n)
			}
			if i < len(cells)-1 && strings.Contains(v, ",") && !strings.HasSuffix(c, ",") {
				t.Errorf("%d chars: cell %d not cut after a comma", len(v), i)
			}
		}
		if want := len(utf16.Encode([]rune(v)))/MetaCellChars + 1; len(cells) > want+1 || len(v) <= MetaCellChars && len(cells) != 1 {
			t.Errorf("%d chars: %d cells", len(v), len(cells))
		}
	}
}
