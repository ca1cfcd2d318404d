package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"nianbao/demo"
)

// Demo regions (generated only: roster, templates, received files) are written once per test binary into
// a folder TestMain removes: generating one costs more than most tests, and several tests only read one.
// Tests write their outputs elsewhere and copy what they change.
var regions struct {
	root string // set by TestMain
	mu   sync.Mutex
	by   map[[2]int]*sharedDemo // by seed and units
}

// sharedDemo is one shared region, generated on first use, and its summary, made on first use.
type sharedDemo struct {
	once sync.Once
	dir  string
	err  string

	sumOnce        sync.Once
	summary        string // the workbook
	stdout, sumErr string
}

// shared returns the entry of the region of seed and units, made on first use.
func shared(seed, units int) *sharedDemo {
	regions.mu.Lock()
	defer regions.mu.Unlock()
	if regions.by == nil {
		regions.by = map[[2]int]*sharedDemo{}
	}
	r := regions.by[[2]int{seed, units}]
	if r == nil {
		r = &sharedDemo{}
		regions.by[[2]int{seed, units}] = r
	}
	return r
}

// sharedRegion returns the folder of the demo region of seed and units.
func sharedRegion(t *testing.T, seed, units int) string {
	t.Helper()
	r := shared(seed, units)
	r.once.Do(func() {
		dir := filepath.Join(regions.root, fmt.Sprintf("示例-%d-%d", seed, units))
		out, errw, code := runCLI(t, "demo", "-o", dir, "--seed", fmt.Sprint(seed), "--units", fmt.Sprint(units), "--generate-only")
		if code != 0 {
			r.err = fmt.Sprintf("demo: exit %d\n%s%s", code, out, errw)
			return
		}
		r.dir = dir
	})
	if r.dir == "" {
		t.Fatalf("the shared demo region (seed %d, %d units) could not be generated: %s", seed, units, r.err)
	}
	return r.dir
}

// regionFiles are the roster and the folder of received files of a shared region.
func regionFiles(t *testing.T, seed, units int) (roster, received string) {
	t.Helper()
	dir := sharedRegion(t, seed, units)
	return filepath.Join(dir, demo.RosterFile), filepath.Join(dir, demo.ReceivedDir)
}

// regionSummary is `nianbao summary --roster 名单.xlsx --year 2024 -o 汇总.xlsx 收到/` of a shared region,
// run once per test binary: the workbook (only read by the tests) and what the command printed. Several
// tests start from exactly this summary.
func regionSummary(t *testing.T, seed, units int) (workbook, stdout string) {
	t.Helper()
	roster, received := regionFiles(t, seed, units)
	r := shared(seed, units)
	r.sumOnce.Do(func() {
		out := filepath.Join(regions.root, fmt.Sprintf("汇总-%d-%d.xlsx", seed, units))
		stdout, errw, code := runCLI(t, "summary", "--roster", roster, "--year", "2024", "-o", out, received)
		if code > 1 {
			r.sumErr = fmt.Sprintf("summary: exit %d\n%s%s", code, stdout, errw)
			return
		}
		r.summary, r.stdout = out, stdout
	})
	if r.summary == "" {
		t.Fatalf("the summary of the shared demo region (seed %d, %d units) could not be made: %s", seed, units, r.sumErr)
	}
	return r.summary, r.stdout
}

// newRegionRoot makes the folder the shared regions go into and returns how to remove it.
func newRegionRoot() (func(), error) {
	root, err := os.MkdirTemp("", "nianbao-cmd-regions-")
	if err != nil {
		return nil, err
	}
	regions.root = root
	return func() { os.RemoveAll(root) }, nil
}
