package store

import (
	"crypto/subtle"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"nianbao/model"
)

// TestUnitTokenCompare: every check of a unit token hashes it and compares the hashes with
// subtle.ConstantTimeCompare, whether the id names a link or not; a token with a changed MAC is refused.
// Not parallel: it replaces compareHash while it runs.
func TestUnitTokenCompare(t *testing.T) {
	if reflect.ValueOf(compareHash).Pointer() != reflect.ValueOf(subtle.ConstantTimeCompare).Pointer() {
		t.Fatal("compareHash is not subtle.ConstantTimeCompare")
	}
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.CreateLinks(2024, []string{"001", "002"}, false, ActorClerk); err != nil {
		t.Fatal(err)
	}
	links, err := s.Links(2024)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Token(links["001"])
	if err != nil || tok == "" {
		t.Fatalf("token of 001: %q %v", tok, err)
	}
	calls := 0
	compareHash = func(a, b []byte) int { calls++; return subtle.ConstantTimeCompare(a, b) }
	defer func() { compareHash = subtle.ConstantTimeCompare }()
	flip := []byte(tok)
	if flip[len(flip)-2] == 'A' {
		flip[len(flip)-2] = 'B'
	} else {
		flip[len(flip)-2] = 'A'
	}
	id, _ := LinkID(tok)
	for _, tc := range []struct {
		name, token string
		ok          bool
	}{
		{"valid", tok, true},
		{"changed MAC", string(flip), false},
		{"unknown id", "nb99999_" + tok[len(tok)-43:], false},
		{"another link's id", "nb" + strconv.FormatInt(id+1, 10) + "_" + tok[len(tok)-43:], false},
		{"not a unit token", "garbage", false},
	} {
		calls = 0
		l, err := s.CheckUnitToken(tc.token)
		if (err == nil) != tc.ok || (tc.ok && l.Code != "001") {
			t.Errorf("%s: %v %v", tc.name, l, err)
		}
		if calls != 1 {
			t.Errorf("%s: %d constant-time comparisons, want 1", tc.name, calls)
		}
	}
}

// The link key, from which every unit token is derived, is readable by its owner only from the moment its
// file exists, and is the same key when the store is opened again.
func TestLinkKeyPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no permission bits")
	}
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateLinks(2024, []string{"001"}, false, ActorClerk); err != nil {
		t.Fatal(err)
	}
	links, err := s.Links(2024)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := s.Token(links["001"])
	s.Close()
	st, err := os.Stat(filepath.Join(dir, LinkKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, st.Mode())
	}
	again, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if l, err := again.CheckUnitToken(tok); err != nil || l.Code != "001" {
		t.Errorf("the token after reopening: %v %v", l, err)
	}
}

// Two requests making the same unit's link at once (a double click) make one link: the second finds the
// first's and keeps it, instead of revoking it.
func TestCreateLinksAtOnce(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for year := 2001; year <= 2020; year++ {
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := s.CreateLinks(year, []string{"001"}, false, ActorClerk); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM links WHERE year=?`, year).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d: %d links made for one unit (%v)", year, n, err)
		}
	}
}

// RosterName answers as the roster does: the unit's name, a unit not on it, or no roster at all.
func TestRosterName(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if name, ok, err := s.RosterName(2024, "001"); name != "" || !ok || err != nil {
		t.Errorf("no roster: %q %v %v", name, ok, err)
	}
	r := &model.Roster{Units: []model.RosterUnit{{Code: "001", Name: "甲局", Row: 2}, {Code: "002", Name: "乙局", Row: 3}}}
	if err := s.SetRoster(2024, r, "名单.xlsx", "", ActorClerk); err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"001": "甲局", "002": "乙局"} {
		if name, ok, err := s.RosterName(2024, code); name != want || !ok || err != nil {
			t.Errorf("%s: %q %v %v", code, name, ok, err)
		}
	}
	if name, ok, err := s.RosterName(2024, "003"); name != "" || ok || err != nil {
		t.Errorf("not on the roster: %q %v %v", name, ok, err)
	}
	if _, ok, _ := s.RosterName(2025, "003"); !ok {
		t.Error("another year without a roster: off")
	}
}
