package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"nianbao/batch"
	"nianbao/internal/office"
)

// legacyCopies writes, once per region (kept for reuse, not timed), LibreOffice's .xls and .ods of every
// .xlsx of received into region/收到-xls and region/收到-ods, and returns those folders.
func legacyCopies(region, received string) (xls, ods string, err error) {
	xls, ods = filepath.Join(region, "收到-xls"), filepath.Join(region, "收到-ods")
	files, _, err := batch.Collect([]string{received})
	if err != nil {
		return "", "", err
	}
	start := time.Now()
	for _, c := range []struct{ dir, format string }{{xls, "xls"}, {ods, "ods"}} {
		if done, _ := filepath.Glob(filepath.Join(c.dir, "*."+c.format)); len(done) == len(files) {
			continue
		}
		if err := os.RemoveAll(c.dir); err != nil {
			return "", "", err
		}
		// Two LibreOffice processes at once, each converting a chunk of files in one start.
		const chunk = 200
		var wg sync.WaitGroup
		var mu sync.Mutex
		sem := make(chan struct{}, 2)
		for i := 0; i < len(files); i += chunk {
			part := files[i:min(i+chunk, len(files))]
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				if _, cerr := office.ConvertAll(context.Background(), part, c.dir, c.format); cerr != nil {
					mu.Lock()
					err = cerr
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if err != nil {
			return "", "", err
		}
	}
	if d := time.Since(start); d > time.Second {
		fmt.Printf("converted %d files to .xls and .ods with LibreOffice in %.0f s (not timed below)\n", len(files), d.Seconds())
	}
	return xls, ods, nil
}

// legacyTargets prints the targets of the legacy case (issue 13) against the figures measured.
func legacyTargets(rs []result) {
	var base, xls, ods *result
	for i := range rs {
		switch rs[i].name {
		case "nianbao check":
			if rs[i].units == legacyUnits {
				base = &rs[i]
			}
		case "check .xls":
			xls = &rs[i]
		case "check .ods":
			ods = &rs[i]
		}
	}
	if base == nil || xls == nil || ods == nil {
		return
	}
	fmt.Printf("\nTargets (issue 13, the same %d files as .xlsx, .xls and .ods; the verdict is on wall time, CPU time\n"+
		"(user + system) is less disturbed by other work on the machine):\n", base.files)
	for _, r := range []*result{xls, ods} {
		ratio := r.min.Seconds() / base.min.Seconds()
		grow := r.peakRSS - base.peakRSS
		cpu := r.cpu.Seconds() / base.cpu.Seconds()
		fmt.Printf("  %-10s time ≤ 3× .xlsx: %.2f× wall, %.2f× CPU  %s   peak RSS within 50 MB of .xlsx: %+d MB  %s\n",
			r.name, ratio, cpu, verdictOf(ratio <= 3), grow>>20, verdictOf(grow <= 50<<20))
	}
}

// legacyUnits is the region size the legacy case runs on.
const legacyUnits = 1000

func verdictOf(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
