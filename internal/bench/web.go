package main

import (
	"bufio"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// webResult is what ingesting files through the web API cost (issue 18 point 5) and what the server holds
// afterwards with them stored (issue 20: memory flat in the number of stored files).
type webResult struct {
	files int
	// wall is the time of the one POST /api/{year}/submissions carrying every file (minimum of the runs).
	wall time.Duration
	// peakRSS is the peak RSS of the server process that ingested the files (getrusage, largest of the
	// runs). Then a server restarted on the same store: idleRSS its RSS (VmRSS) once started, statusRSS
	// after three status requests, statusPeak its peak RSS.
	peakRSS, idleRSS, statusRSS, statusPeak int64
	// status is the time of one status request with every file stored.
	status time.Duration
}

const benchToken = "bench-token"

// benchWeb runs `nianbao serve` as a child on a fresh data folder, puts the roster, POSTs the files as one
// multipart upload, stops it with SIGINT and takes its peak RSS; then starts it again on the same store and
// reads its RSS idle and after three status requests.
func benchWeb(bin, dir, roster string, files []string, runs int) (webResult, error) {
	r := webResult{files: len(files)}
	for i := 0; i < runs; i++ {
		data, err := os.MkdirTemp(dir, "web-data-")
		if err != nil {
			return r, err
		}
		one, err := webRun(bin, data, roster, files)
		os.RemoveAll(data)
		if err != nil {
			return r, err
		}
		if i == 0 || one.wall < r.wall {
			r.wall = one.wall
		}
		if i == 0 || one.status < r.status {
			r.status = one.status
		}
		r.peakRSS, r.idleRSS = max(r.peakRSS, one.peakRSS), max(r.idleRSS, one.idleRSS)
		r.statusRSS, r.statusPeak = max(r.statusRSS, one.statusRSS), max(r.statusPeak, one.statusPeak)
	}
	return r, nil
}

var startedURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

// serve starts `nianbao serve` on a data folder and returns its address.
func serve(bin, data string, maxFiles int) (*exec.Cmd, string, error) {
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--token", benchToken,
		"--max-upload-files", strconv.Itoa(max(maxFiles, 1)))
	cmd.Env = append(os.Environ(), "NIANBAO_SOFFICE=/bin/false")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	lines := bufio.NewScanner(out)
	base := ""
	for base == "" && lines.Scan() {
		base = startedURL.FindString(lines.Text())
	}
	if base == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, "", fmt.Errorf("serve did not say where it listens")
	}
	go io.Copy(io.Discard, out)
	return cmd, base, nil
}

// stop stops a server with SIGINT and returns its peak RSS.
func stop(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		return 0, err
	}
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("serve: %v", err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss) << 10, nil
	}
	return 0, nil
}

// statusTimes asks for the status three times and returns the fastest.
func statusTimes(base string) (time.Duration, error) {
	var best time.Duration
	for i := 0; i < 3; i++ {
		start := time.Now()
		req, _ := http.NewRequest(http.MethodGet, base+"api/2024/status", nil)
		req.Header.Set("Authorization", "Bearer "+benchToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("status: %d", resp.StatusCode)
		}
		if d := time.Since(start); i == 0 || d < best {
			best = d
		}
	}
	return best, nil
}

func webRun(bin, data, roster string, files []string) (webResult, error) {
	r := webResult{files: len(files)}
	cmd, base, err := serve(bin, data, len(files))
	if err != nil {
		return r, err
	}
	defer cmd.Process.Kill()
	if code, body, err := post(http.MethodPut, base+"api/2024/roster", []string{roster}); err != nil || code != http.StatusOK {
		return r, fmt.Errorf("roster: %d %v %s", code, err, body)
	}
	start := time.Now()
	code, body, err := post(http.MethodPost, base+"api/2024/submissions", files)
	r.wall = time.Since(start)
	if err != nil || code != http.StatusOK {
		return r, fmt.Errorf("submissions: %d %v %.300s", code, err, body)
	}
	if r.peakRSS, err = stop(cmd); err != nil {
		return r, err
	}
	// Restarted on the same store: what the server holds with the files stored, idle and after status.
	cmd, base, err = serve(bin, data, len(files))
	if err != nil {
		return r, err
	}
	defer cmd.Process.Kill()
	time.Sleep(200 * time.Millisecond)
	r.idleRSS = vmRSS(cmd.Process.Pid)
	if r.status, err = statusTimes(base); err != nil {
		return r, err
	}
	r.statusRSS = vmRSS(cmd.Process.Pid)
	if r.statusPeak, err = stop(cmd); err != nil {
		return r, err
	}
	return r, nil
}

// post sends files as one multipart upload (field "file", as the page sends them), streamed from disk.
func post(method, url string, files []string) (int, []byte, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, f := range files {
			w, err := mw.CreateFormFile("file", filepath.Base(f))
			if err == nil {
				var in *os.File
				if in, err = os.Open(f); err == nil {
					_, err = io.Copy(w, in)
					in.Close()
				}
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	req, err := http.NewRequest(method, url, pr)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+benchToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// vmRSS is a process's resident set now (Linux /proc), 0 when unknown.
func vmRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// webTargets measures ingestion of the n first files of a region through the API against `nianbao check`
// of the same files, and the server's memory with small and n files stored, and prints the targets.
func webTargets(bin, dir string, n, small, runs int) error {
	region := filepath.Join(dir, strconv.Itoa(n))
	if err := generate(bin, region, n); err != nil {
		return err
	}
	all, err := filepath.Glob(filepath.Join(region, "收到", "*.xlsx"))
	if err != nil {
		return err
	}
	if len(all) < n {
		return fmt.Errorf("the region of %d units has only %d .xlsx files", n, len(all))
	}
	files := all[:n]
	roster := filepath.Join(region, "名单.xlsx")
	check, err := measure("nianbao check", n, n, append([]string{bin, "check", "--quiet", "--year", "2024"}, files...), runs)
	if err != nil {
		return err
	}
	fmt.Printf("\nweb ingestion: %d files in one POST /api/2024/submissions (server a child, fresh data folder)\n", n)
	fmt.Println(check)
	big, err := benchWeb(bin, dir, roster, files, runs)
	if err != nil {
		return err
	}
	var low webResult
	if small > 0 && small < n {
		if low, err = benchWeb(bin, dir, roster, files[:small], runs); err != nil {
			return err
		}
	}
	line := func(w webResult) {
		fmt.Printf("  %-17s wall min %6.2f s  %7.0f files/s  peak RSS %4d MB | restarted: RSS idle %3d MB, "+
			"status %5.0f ms, RSS after %3d MB, peak %3d MB\n",
			fmt.Sprintf("web %d files", w.files), w.wall.Seconds(), float64(w.files)/w.wall.Seconds(), w.peakRSS>>20,
			w.idleRSS>>20, float64(w.status.Microseconds())/1000, w.statusRSS>>20, w.statusPeak>>20)
	}
	if low.files > 0 {
		line(low)
	}
	line(big)
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "MISSED"
	}
	ratio := big.wall.Seconds() / check.min.Seconds()
	fmt.Println("\nTargets (issue 18 point 5, issue 20):")
	fmt.Printf("  ingest %d files within 3× of check:  %.2f× (%.2f s vs %.2f s)  %s\n", n, ratio, big.wall.Seconds(),
		check.min.Seconds(), verdict(ratio <= 3))
	fmt.Printf("  server peak RSS ≤ 150 MB:              %d MB  %s\n", big.peakRSS>>20, verdict(big.peakRSS <= 150<<20))
	if low.files > 0 {
		per := func(a, b int64) float64 { return float64(b-a) / float64(big.files-low.files) / 1024 }
		fmt.Printf("  server with %d vs %d files stored:  idle %d vs %d MB (%.1f KB per file), after status %d vs %d MB "+
			"(%.1f KB per file; was ≈ 70)\n", low.files, big.files, low.idleRSS>>20, big.idleRSS>>20,
			per(low.idleRSS, big.idleRSS), low.statusRSS>>20, big.statusRSS>>20, per(low.statusRSS, big.statusRSS))
	}
	return nil
}
