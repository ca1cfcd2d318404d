package extract

import (
	"bytes"
	"testing"
)

// TestContainsFold: isHTML's search for "<table" in any case finds exactly what a search in the lowered
// input finds, at the start, the end, after a false start and after bytes that are not UTF-8.
func TestContainsFold(t *testing.T) {
	for _, s := range []string{"", "<", "<tabl", "<table", "x<TaBlE>", "<<table", "<ta<table", "\xff<TABLE",
		"abc", "<tablé", "<TABL", "%PDF-1.7 <ta ble", "<td><TABLE"} {
		want := bytes.Contains(bytes.ToLower([]byte(s)), []byte("<table"))
		if got := containsFold([]byte(s), "<table"); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}
