package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"testing"
	"time"

	"nianbao/batch"
	"nianbao/summary"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// The benchmarks below run in-process what the province-scale cases of `make bench` run as child processes
// (`nianbao summary` of a region, and of a province), so that they can be profiled:
//
//	NIANBAO_BENCH_DIR=/tmp/nianbao-bench go test -run '^$' -bench Province -benchtime 1x \
//	    -cpuprofile cpu.out -memprofile mem.out ./internal/bench
//
// They need the regions `make bench` generated there (BENCH_DIR/10000, BENCH_DIR/province-15x2000) and skip
// without NIANBAO_BENCH_DIR. With NIANBAO_BENCH_HEAP=file, a heap profile is also written of the moment the
// live heap was largest (sampled every 50 ms; the profile is as of the garbage collection before it).

// BenchmarkProvinceWrite is `nianbao summary` over the 10,000 units of BENCH_DIR/10000.
func BenchmarkProvinceWrite(b *testing.B) {
	dir := benchDir(b, "10000")
	runSummary(b, filepath.Join(dir, "名单.xlsx"), filepath.Join(dir, "收到"))
}

// BenchmarkProvinceRead is `nianbao check` of the 10,000-unit summary that make bench wrote
// (BENCH_DIR/10000/汇总-bench.xlsx).
func BenchmarkProvinceRead(b *testing.B) {
	path := filepath.Join(benchDir(b, "10000"), "汇总-bench.xlsx")
	if _, err := os.Stat(path); err != nil {
		b.Skip(err)
	}
	if heap := os.Getenv("NIANBAO_BENCH_HEAP"); heap != "" {
		defer peakHeap(b, heap)()
	}
	for b.Loop() {
		f := batch.CheckFile(path, batch.Options{})
		if !f.Summary || f.Refused || len(f.Members) < 9000 {
			b.Fatalf("read as a summary %v, %d members: %v", f.Summary, len(f.Members), f.Findings)
		}
	}
}

// BenchmarkProvinceConsolidate is `nianbao summary` over the city summaries of BENCH_DIR/province-15x2000.
func BenchmarkProvinceConsolidate(b *testing.B) {
	dir := benchDir(b, "province-15x2000")
	runSummary(b, filepath.Join(dir, "省名单.xlsx"), filepath.Join(dir, "各市"))
}

func benchDir(b *testing.B, sub string) string {
	root := os.Getenv("NIANBAO_BENCH_DIR")
	if root == "" {
		b.Skip("NIANBAO_BENCH_DIR not set (a BENCH_DIR of make bench)")
	}
	dir := filepath.Join(root, sub)
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("%s: run make bench first", dir)
	}
	return dir
}

func runSummary(b *testing.B, rosterPath, folder string) {
	roster, err := read.ReadRoster(rosterPath)
	if err != nil {
		b.Fatal(err)
	}
	if path := os.Getenv("NIANBAO_BENCH_HEAP"); path != "" {
		stop := peakHeap(b, path)
		defer stop()
	}
	for b.Loop() {
		res, err := summary.Run(roster, []string{folder}, batch.Options{Year: 2024}, summary.Options{Year: 2024, Tool: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if err := xlsx.WriteSummaryTo(io.Discard, res.Result); err != nil {
			b.Fatal(err)
		}
		runtime.KeepAlive(res)
	}
}

// peakHeap samples the live heap every 50 ms and keeps a heap profile of its largest moment, which the
// returned function writes to path.
func peakHeap(b *testing.B, path string) func() {
	done, finished := make(chan struct{}), make(chan struct{})
	var best bytes.Buffer
	var peak, kept uint64
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			v := sample[0].Value.Uint64()
			if v > kept+kept/20 { // a profile costs: only when the peak grew by 5% since the one kept
				best.Reset()
				_ = pprof.Lookup("heap").WriteTo(&best, 0)
				kept = v
			}
			peak = max(peak, v)
		}
	}()
	return func() {
		close(done)
		<-finished
		b.Logf("peak heap objects %d MB", peak>>20)
		if err := os.WriteFile(path, best.Bytes(), 0o644); err != nil {
			b.Error(err)
		}
	}
}
