package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/xlsx/read"
)

// served is a running `nianbao serve`; stop it with stop, which returns its exit code and output.
type served struct {
	url  string
	stop func() (int, string)
}

func startServe(t *testing.T, data string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb strings.Builder
	codec := make(chan int, 1)
	go func() {
		codec <- Run(ctx, []string{"nianbao", "serve", "--addr", "127.0.0.1:0", "--data", data, "--token", "tok"},
			strings.NewReader(""), pw, &errb)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var out strings.Builder
	var url string
	for url == "" && sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if rest, ok := strings.CutPrefix(line, "网页已启动："); ok {
			url = strings.TrimSuffix(rest, "/")
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("serve did not start: %s %s", out.String(), errb.String())
	}
	rest := make(chan string, 1)
	go func() { b, _ := io.ReadAll(pr); rest <- string(b) }()
	return &served{url: url, stop: func() (int, string) {
		cancel()
		code := <-codec
		return code, out.String() + <-rest + errb.String()
	}}
}

// filesBody writes a multipart body with the files (each after its modification time, as the page sends
// them) to w in the background, closing w when w is a pipe, and returns the content type.
func filesBody(t *testing.T, w io.Writer, paths []string) string {
	t.Helper()
	mw := multipart.NewWriter(w)
	go func() {
		writeFiles(mw, paths)
		if c, ok := w.(io.Closer); ok {
			c.Close()
		}
	}()
	return mw.FormDataContentType()
}

func writeFiles(mw *multipart.Writer, paths []string) {
	for _, p := range paths {
		st, _ := os.Stat(p)
		mw.WriteField("modified", strconv.FormatInt(st.ModTime().UnixMilli(), 10))
		fw, _ := mw.CreateFormFile("file", filepath.Base(p))
		data, _ := os.ReadFile(p)
		fw.Write(data)
	}
	mw.Close()
}

func request(t *testing.T, method, url string, body io.Reader, ctype string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, body)
	req.Header.Set("Authorization", "Bearer tok")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data
}

// TestServeSummaryEqualsCLI runs `nianbao serve`, sends it the demo region through the API, stops it with
// an upload in progress (the upload completes), starts it again on the same data, and compares the summary
// it serves with the one `nianbao summary` writes for the same files, cell for cell.
func TestServeSummaryEqualsCLI(t *testing.T) {
	dir := t.TempDir()
	roster, recv := regionFiles(t, 5, 9) // shared: only read
	entries, _ := os.ReadDir(recv)
	var paths []string
	for _, e := range entries {
		paths = append(paths, filepath.Join(recv, e.Name()))
	}
	sort.Strings(paths)
	data := filepath.Join(dir, "data")

	s := startServe(t, data)
	pr, pw := io.Pipe()
	ctype := filesBody(t, pw, []string{roster})
	if code, body := request(t, "PUT", s.url+"/api/2024/roster", pr, ctype); code != http.StatusOK {
		t.Fatalf("roster: %d %s", code, body)
	}
	// An upload in progress when the server is told to stop: the body is held back until stop was called.
	var whole strings.Builder
	mw := multipart.NewWriter(&whole)
	writeFiles(mw, paths)
	wctype := mw.FormDataContentType()
	release, hold := io.Pipe()
	gate := make(chan struct{})
	go func() {
		b := whole.String()
		hold.Write([]byte(b[:4096]))
		<-gate
		hold.Write([]byte(b[4096:]))
		hold.Close()
	}()
	done := make(chan []byte, 1)
	go func() {
		code, body := request(t, "POST", s.url+"/api/2024/submissions", release, wctype)
		if code != http.StatusOK {
			body = []byte(fmt.Sprintf("%d %s", code, body))
		}
		done <- body
	}()
	time.Sleep(300 * time.Millisecond)
	stopped := make(chan string, 1)
	go func() { code, out := s.stop(); stopped <- fmt.Sprint(code) + "\n" + out }()
	time.Sleep(300 * time.Millisecond)
	close(gate)
	var doc struct {
		Stats struct{ Files int }
	}
	if body := <-done; json.Unmarshal(body, &doc) != nil || doc.Stats.Files != len(paths) {
		t.Fatalf("upload in progress at shutdown: %s", body)
	}
	if out := <-stopped; !strings.HasPrefix(out, "0\n") || !strings.Contains(out, "已停止") {
		t.Fatalf("serve did not stop cleanly: %s", out)
	}

	s = startServe(t, data)
	code, body := request(t, "GET", s.url+"/api/2024/summary.xlsx", nil, "")
	if code != http.StatusOK {
		t.Fatalf("summary: %d %s", code, body)
	}
	got := filepath.Join(dir, "served.xlsx")
	os.WriteFile(got, body, 0o644)
	if c, _ := s.stop(); c != 0 {
		t.Errorf("exit %d", c)
	}
	want, _ := regionSummary(t, 5, 9) // nianbao summary of the same roster and files
	compareWorkbooks(t, want, got)
}

func compareWorkbooks(t *testing.T, want, got string) {
	t.Helper()
	a, err := read.Open(want, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := read.Open(got, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Grids) != len(b.Grids) {
		t.Fatalf("sheets: %d vs %d", len(a.Grids), len(b.Grids))
	}
	cells := 0
	for i, g := range a.Grids {
		h := b.Grids[i]
		if g.Name != h.Name || len(g.Rows) != len(h.Rows) {
			t.Fatalf("sheet %d: %s (%d rows) vs %s (%d rows)", i, g.Name, len(g.Rows), h.Name, len(h.Rows))
		}
		for r := range g.Rows {
			if len(g.Rows[r]) > 0 && g.Rows[r][0].Text == "生成时间" {
				continue
			}
			if fmt.Sprint(g.Rows[r]) != fmt.Sprint(h.Rows[r]) {
				t.Errorf("%s row %d:\n want %v\n got  %v", g.Name, r+1, g.Rows[r], h.Rows[r])
			}
			cells += len(g.Rows[r])
		}
	}
	if cells < 500 {
		t.Fatalf("only %d cells compared", cells)
	}
}
