package model

import (
	"testing"
	"time"
)

func TestCollectingYear(t *testing.T) {
	for _, c := range []struct {
		day  string
		want int
	}{
		{"2025-01-01T00:00:00+08:00", 2024},
		{"2025-03-15T12:00:00+08:00", 2024},
		{"2025-06-30T23:59:59+08:00", 2024},
		{"2025-07-01T00:00:00+08:00", 2025},
		{"2025-12-31T23:59:59+08:00", 2025},
	} {
		now, err := time.Parse(time.RFC3339, c.day)
		if err != nil {
			t.Fatal(err)
		}
		if got := CollectingYear(now); got != c.want {
			t.Errorf("CollectingYear(%s) = %d, want %d", c.day, got, c.want)
		}
	}
}
