package web

import (
	"nianbao/web/store"
	"testing"
	"time"
)

// TestLikelyYear: the page opens on the year most files were received for lately, else on the calendar's.
func TestLikelyYear(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	r := func(n int, last string) store.Receipts { return store.Receipts{Files: n, Last: at(last)} }
	for _, tc := range []struct {
		now  string
		rec  map[int]store.Receipts
		want int
	}{
		{"2025-02-10", nil, 2024}, // nothing received: the calendar
		{"2025-08-01", nil, 2025}, // from July: this year
		{"2025-08-01", map[int]store.Receipts{2024: r(30, "2025-06-20")}, 2024},                          // late files of 2024 still coming in
		{"2025-08-01", map[int]store.Receipts{2024: r(30, "2025-03-01")}, 2025},                          // 2024's season is long over
		{"2026-01-20", map[int]store.Receipts{2025: r(3, "2026-01-19")}, 2025},                           // the new season
		{"2026-01-20", map[int]store.Receipts{2025: r(3, "2026-01-18"), 2024: r(1, "2026-01-19")}, 2025}, // one stray file does not take over
		{"2026-01-20", map[int]store.Receipts{2025: r(2, "2026-01-18"), 2024: r(2, "2026-01-19")}, 2024}, // a tie: the latest
		{"2026-01-20", map[int]store.Receipts{2023: r(1, "2026-01-19")}, 2023},                           // a late consolidation of 2023
	} {
		if got, why := likelyYear(at(tc.now), tc.rec); got != tc.want || why == "" {
			t.Errorf("%s %v: got %d (%s), want %d", tc.now, tc.rec, got, why, tc.want)
		}
	}
}
