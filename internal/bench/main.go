// Command bench is the driver of `make bench`: it generates synthetic regions with `nianbao demo --units N
// --generate-only` (not timed; reused when already there), then times `nianbao check --quiet`,
// `nianbao summary` over each region's 收到/ folder, `nianbao template --roster` (one pre-filled template per
// unit of the region's roster) and, as a reference, a plain excelize reader (OpenFile
// + GetRows with formatted values, as many workers as CPUs) over the same files. Each command runs as a
// child process, several times; it prints the minimum and median wall time, ms per file, files per second
// and the child's peak RSS, then the targets met or missed. At N = 1000 it also checks LibreOffice's
// .xls and .ods of the same files (converted once, kept in the region) and compares them with the .xlsx.
//
//	go build -o bin/nianbao ./cmd/nianbao && go run ./internal/bench -nianbao bin/nianbao -n 1000,10000
//
// The demo is generated with LibreOffice hidden (NIANBAO_SOFFICE=/bin/false), so that its one legacy .xls
// file, whose conversion costs a constant second or two, is an .xlsx like the others.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"nianbao/batch"
)

func main() {
	bin := flag.String("nianbao", "bin/nianbao", "the nianbao binary to measure")
	sizes := flag.String("n", "1000,10000", "numbers of units, comma-separated")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "nianbao-bench"), "where the regions are generated (kept for reuse)")
	runs := flag.Int("runs", 3, "runs of each command")
	legacy := flag.Bool("legacy", true, "at N = 1000, also check LibreOffice's .xls and .ods of the same files")
	legacyOnly := flag.Bool("legacy-only", false, "run only the legacy case: check the 1,000 .xlsx, .xls and .ods files (implies -n 1000; no summary, province or web runs)")
	reference := flag.String("reference", "", "internal: read the workbooks of this folder with excelize and exit")
	withRef := flag.Bool("excelize", true, "also time the excelize reference reader")
	prov := flag.String("province", "15x2000", "cities×units of the province consolidation (issue 17); empty to skip")
	webN := flag.Int("web", 2000, "files ingested through the web API (issue 18); 0 to skip")
	webSmall := flag.Int("web-small", 200, "files stored in the smaller web run, for the memory per stored file (issue 20)")
	only := flag.String("only", "", `"province": only the province-scale cases of issue 17 (write and read back the summary of each -n, consolidate -province; no web or legacy runs)`)
	flag.Parse()
	if *only != "" && *only != "province" {
		fail(fmt.Errorf("bad -only %q (want province)", *only))
	}
	provinceOnly := *only == "province"
	if *legacyOnly {
		*sizes, *legacy, *prov = strconv.Itoa(legacyUnits), true, ""
	}
	if *reference != "" {
		if err := readAll(*reference); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	var results []result
	for _, s := range strings.Split(*sizes, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 3 {
			fail(fmt.Errorf("bad -n %q", s))
		}
		region := filepath.Join(*dir, fmt.Sprint(n))
		if err := generate(*bin, region, n); err != nil {
			fail(err)
		}
		received := filepath.Join(region, "收到")
		files, _, err := batch.Collect([]string{received})
		if err != nil {
			fail(err)
		}
		out := filepath.Join(region, "汇总-bench.xlsx")
		fmt.Printf("\nN = %d units, %d files, %d CPUs\n", n, len(files), runtime.NumCPU())
		for _, c := range []struct {
			name string
			argv []string
		}{
			{"nianbao check", []string{*bin, "check", "--quiet", received}},
			{"nianbao summary", []string{*bin, "summary", "--quiet", "--force", "--roster", filepath.Join(region, "名单.xlsx"),
				"--year", "2024", "-o", out, received}},
			{"excelize GetRows", []string{self, "-reference", received}},
		} {
			if c.name == "excelize GetRows" && !*withRef || *legacyOnly && c.name != "nianbao check" || provinceOnly && c.name != "nianbao summary" {
				continue
			}
			r, err := measure(c.name, n, len(files), c.argv, *runs)
			if err != nil {
				fail(err)
			}
			fmt.Println(r)
			results = append(results, r)
		}
		if !*legacyOnly && !provinceOnly {
			// one pre-filled template per unit of the roster, written by the prototype filler (issue 12)
			r, err := measure("template --roster", n, n, []string{*bin, "template", "--force", "--year", "2024",
				"--roster", filepath.Join(region, "名单.xlsx"), "-o", filepath.Join(region, "模板-bench")}, *runs)
			if err != nil {
				fail(err)
			}
			fmt.Println(r)
			results = append(results, r)
		}
		if !*legacyOnly {
			// reading the summary just written back, as the office above does (issue 17)
			r, err := measure("read summary", n, 1, []string{*bin, "check", "--quiet", out}, *runs)
			if err != nil {
				fail(err)
			}
			fmt.Println(r)
			results = append(results, r)
		}
		if n == legacyUnits && *legacy && !provinceOnly {
			xls, ods, err := legacyCopies(region, received)
			if err != nil {
				fail(err)
			}
			for _, c := range []struct{ name, dir string }{{"check .xls", xls}, {"check .ods", ods}} {
				r, err := measure(c.name, n, len(files), []string{*bin, "check", "--quiet", c.dir}, *runs)
				if err != nil {
					fail(err)
				}
				fmt.Println(r)
				results = append(results, r)
			}
		}
	}
	if *prov != "" {
		var cities, units int
		if _, err := fmt.Sscanf(*prov, "%dx%d", &cities, &units); err != nil || cities < 1 || units < 2 {
			fail(fmt.Errorf("bad -province %q (want e.g. 15x2000)", *prov))
		}
		pdir := filepath.Join(*dir, "province-"+*prov)
		roster, folder, err := province(pdir, cities, units)
		if err != nil {
			fail(err)
		}
		fmt.Printf("\nprovince: %d city summaries of %d units (+ one double-counted copy), %d CPUs\n", cities, units, runtime.NumCPU())
		r, err := measure("consolidate", cities*units, cities+1, []string{*bin, "summary", "--quiet", "--force", "--roster", roster,
			"--year", "2024", "-o", filepath.Join(pdir, "省汇总-bench.xlsx"), folder}, *runs)
		if err != nil {
			fail(err)
		}
		fmt.Println(r)
		results = append(results, r)
	}
	if *webN > 0 && !*legacyOnly && !provinceOnly {
		if err := webTargets(*bin, *dir, *webN, *webSmall, *runs); err != nil {
			fail(err)
		}
	}
	if !*legacyOnly && !provinceOnly {
		targets(results)
	}
	if !*legacyOnly {
		provinceTargets(results)
	}
	if !provinceOnly {
		legacyTargets(results)
	}
}

// provinceTargets prints the targets of issue 17 against the figures measured.
func provinceTargets(rs []result) {
	fmt.Println("\nTargets (issue 17):")
	line := func(label, name string, units int, wall time.Duration, rss int64) {
		for _, r := range rs {
			if r.name == name && r.units == units {
				ok := r.min <= wall && r.peakRSS <= rss
				v := "met"
				if !ok {
					v = "MISSED"
				}
				fmt.Printf("  %-44s %6.2f s  %4d MB  %s   (CPU %.2f s)\n", label, r.min.Seconds(), r.peakRSS>>20, v, r.cpu.Seconds())
				return
			}
		}
		fmt.Printf("  %-44s (not measured)\n", label)
	}
	line("read a 10,000-unit summary ≤ 2 s, ≤ 250 MB:", "read summary", 10000, 2*time.Second, 250<<20)
	line("write it (summary) ≤ 6 s, ≤ 200 MB:", "nianbao summary", 10000, 6*time.Second, 200<<20)
	var units int
	for _, r := range rs {
		if r.name == "consolidate" {
			units = r.units
		}
	}
	line(fmt.Sprintf("consolidate %d units ≤ 10 s, ≤ 400 MB:", units), "consolidate", units, 10*time.Second, 400<<20)
}

// result is what one command cost over one region.
type result struct {
	name         string
	units, files int
	min, median  time.Duration
	cpu          time.Duration // user + system time of the child, the least of the runs
	peakRSS      int64         // bytes, the largest of the runs
	walls        []time.Duration
}

func (r result) String() string {
	ms := float64(r.min.Microseconds()) / 1000 / float64(r.files)
	return fmt.Sprintf("  %-17s wall min %6.2f s  median %6.2f s   %6.3f ms/file  %7.0f files/s   peak RSS %4d MB   CPU %6.2f s",
		r.name, r.min.Seconds(), r.median.Seconds(), ms, float64(r.files)/r.min.Seconds(), r.peakRSS>>20, r.cpu.Seconds())
}

// measure runs argv runs times and keeps wall times and the peak RSS of the child. Exit status 1 (files
// with errors, which the demo has on purpose) is expected; anything else fails.
func measure(name string, units, files int, argv []string, runs int) (result, error) {
	r := result{name: name, units: units, files: files}
	for i := 0; i < runs; i++ {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stderr = os.Stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 1) {
			return r, fmt.Errorf("%s: %v", strings.Join(argv, " "), err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.peakRSS = max(r.peakRSS, int64(ru.Maxrss)<<10) // kilobytes on Linux
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			if i == 0 || cpu < r.cpu {
				r.cpu = cpu
			}
		}
		r.walls = append(r.walls, wall)
	}
	slices.Sort(r.walls)
	r.min, r.median = r.walls[0], r.walls[len(r.walls)/2]
	return r, nil
}

// generate writes the demo region of n units into dir unless it is already there.
func generate(bin, dir string, n int) error {
	if _, err := os.Stat(filepath.Join(dir, "名单.xlsx")); err == nil {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	start := time.Now()
	cmd := exec.Command(bin, "demo", "--units", fmt.Sprint(n), "--generate-only", "-o", dir)
	cmd.Env = append(os.Environ(), "NIANBAO_SOFFICE=/bin/false")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("demo --units %d: %v", n, err)
	}
	fmt.Printf("generated %d units into %s in %.1f s (not timed below)\n", n, dir, time.Since(start).Seconds())
	return nil
}

// readAll reads every workbook of dir with the reference excelize reader, one worker per CPU.
func readAll(dir string) error {
	files, _, err := batch.Collect([]string{dir})
	if err != nil {
		return err
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, runtime.NumCPU())
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(files); i = int(next.Add(1)) - 1 {
				if _, err := readWithExcelize(files[i]); err != nil {
					errs <- fmt.Errorf("%s: %v", files[i], err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// targets prints the targets of issue 6 against the figures measured.
func targets(rs []result) {
	get := func(name string, units int) (result, bool) {
		for _, r := range rs {
			if r.name == name && r.units == units {
				return r, true
			}
		}
		return result{}, false
	}
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	fmt.Println("\nTargets (issue 6, N = 10000):")
	check, ok1 := get("nianbao check", 10000)
	sum, ok2 := get("nianbao summary", 10000)
	if !ok1 || !ok2 {
		fmt.Println("  (run with -n 1000,10000 to compare with the targets)")
		return
	}
	fmt.Printf("  check ≤ 3 s wall:                 %.2f s  %s\n", check.min.Seconds(), verdict(check.min <= 3*time.Second))
	fmt.Printf("  summary ≤ 6 s wall:               %.2f s  %s\n", sum.min.Seconds(), verdict(sum.min <= 6*time.Second))
	peak := max(check.peakRSS, sum.peakRSS)
	fmt.Printf("  peak RSS ≤ 200 MB:                %d MB  %s\n", peak>>20, verdict(peak <= 200<<20))
	if ref, ok := get("excelize GetRows", 10000); ok {
		fmt.Printf("  check vs excelize GetRows:        %.1f× faster\n", ref.min.Seconds()/check.min.Seconds())
	}
	for _, name := range []string{"nianbao check", "nianbao summary"} {
		small, ok := get(name, 1000)
		big, _ := get(name, 10000)
		if !ok {
			continue
		}
		grow := big.peakRSS - small.peakRSS
		fmt.Printf("  %-16s RSS growth 1k→10k ≤ 50 MB: %d MB  %s\n", name, grow>>20, verdict(grow <= 50<<20))
		per := func(r result) float64 { return r.min.Seconds() / float64(r.files) }
		ratio := per(big) / per(small)
		fmt.Printf("  %-16s per-file time 10k/1k ≤ 1.2: %.2f  %s\n", name, ratio, verdict(ratio <= 1.2))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}
