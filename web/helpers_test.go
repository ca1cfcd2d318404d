package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"

	"nianbao/demo"
	"nianbao/xlsx/read"
)

const (
	testYear  = 2024
	testToken = "test-token"
	testTool  = "nianbao（测试）"
)

var (
	demoOnce sync.Once
	demoDir  string
	demoErr  error
)

// demoRegion generates the demo region once per test run (roster and received files, without the .xls
// file so that the test does not depend on LibreOffice) and returns its folder.
func demoRegion(t testing.TB) string {
	t.Helper()
	demoOnce.Do(func() {
		demoDir, demoErr = os.MkdirTemp("", "nianbao-web-demo-")
		if demoErr == nil {
			_, demoErr = demo.Run(demo.Options{Dir: demoDir, Units: 24, Seed: 7, Year: testYear, GenerateOnly: true,
				NoLegacy: true})
		}
	})
	if demoErr != nil {
		t.Fatalf("demo: %v", demoErr)
	}
	return demoDir
}

// received lists the demo's received files in name order.
func received(t testing.TB) []string {
	t.Helper()
	dir := filepath.Join(demoRegion(t), demo.ReceivedDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, filepath.Join(dir, e.Name()))
	}
	sort.Strings(out)
	return out
}

// testServer is a server on a fresh data folder (or dir, when given) behind httptest.
type testServer struct {
	t   testing.TB
	srv *Server
	ts  *httptest.Server
	dir string
}

func newTestServer(t testing.TB, dir string, opt Options) *testServer {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	opt.Dir, opt.Token, opt.Tool = dir, testToken, testTool
	srv, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	s := &testServer{t: t, srv: srv, ts: ts, dir: dir}
	t.Cleanup(s.close)
	return s
}

func (s *testServer) close() {
	if s.ts != nil {
		s.ts.Close()
		s.srv.Close()
		s.ts = nil
	}
}

// do sends a request with the access token (as another system would) and returns status and body.
func (s *testServer) do(method, path string, body io.Reader, ctype string) (int, []byte) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.ts.URL+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	res, err := s.ts.Client().Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res.StatusCode, data
}

// getJSON fetches a JSON document, failing the test on another status than 200.
func (s *testServer) getJSON(path string, v any) {
	s.t.Helper()
	code, body := s.do("GET", path, nil, "")
	if code != http.StatusOK {
		s.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
}

// multipartFiles builds a multipart body with each file under "file", preceded by its modification time
// under "modified" as the page sends it.
func multipartFiles(t testing.TB, field string, paths ...string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		mw.WriteField("modified", strconv.FormatInt(st.ModTime().UnixMilli(), 10))
		w, err := mw.CreateFormFile(field, filepath.Base(p))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (s *testServer) upload(path string, paths ...string) (int, []byte) {
	s.t.Helper()
	body, ctype := multipartFiles(s.t, "file", paths...)
	return s.do("POST", path, body, ctype)
}

func (s *testServer) putRoster(path string) {
	s.t.Helper()
	body, ctype := multipartFiles(s.t, "file", path)
	if code, out := s.do("PUT", fmt.Sprintf("/api/%d/roster", testYear), body, ctype); code != http.StatusOK {
		s.t.Fatalf("roster: %d %s", code, out)
	}
}

// summaryIsCLI downloads the year's summary and requires it to hold the cells of `nianbao summary`'s over
// the demo's files (cliSummary).
func (s *testServer) summaryIsCLI(t testing.TB) {
	t.Helper()
	code, body := s.do("GET", fmt.Sprintf("/api/%d/summary.xlsx", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("summary.xlsx: %d %s", code, body)
	}
	got := filepath.Join(t.TempDir(), "web.xlsx")
	if err := os.WriteFile(got, body, 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := cliSummary(t, false)
	sameWorkbook(t, want, got)
}

// sameWorkbook compares two workbooks cell by cell as read.Open reads them (every sheet, text and
// formula of every cell), except the row stating when the summary was made.
func sameWorkbook(t testing.TB, want, got string) {
	t.Helper()
	sameWorkbookAs(t, want, got, nil)
}

// sameWorkbookAs is sameWorkbook where a text of want equal to a key of as stands for its value in got
// (the digest of a file that differs on purpose).
func sameWorkbookAs(t testing.TB, want, got string, as map[string]string) {
	t.Helper()
	a, err := readWorkbook(t, want)
	if err != nil {
		t.Fatal(err)
	}
	b, err := read.Open(got, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Grids) != len(b.Grids) {
		t.Fatalf("sheets: want %d, got %d", len(a.Grids), len(b.Grids))
	}
	cells, diffs := 0, 0
	for i, ga := range a.Grids {
		gb := b.Grids[i]
		if ga.Name != gb.Name {
			t.Fatalf("sheet %d: want %s, got %s", i+1, ga.Name, gb.Name)
		}
		if len(ga.Rows) != len(gb.Rows) {
			t.Errorf("sheet %s: want %d rows, got %d", ga.Name, len(ga.Rows), len(gb.Rows))
			continue
		}
		for r := range ga.Rows {
			if len(ga.Rows[r]) > 0 && ga.Rows[r][0].Text == "生成时间" {
				continue
			}
			n := max(len(ga.Rows[r]), len(gb.Rows[r]))
			for c := 0; c < n; c++ {
				var ca, cb string
				if c < len(ga.Rows[r]) {
					text := ga.Rows[r][c].Text
					if x, ok := as[text]; ok {
						text = x
					}
					ca = text + "|" + ga.Rows[r][c].Formula
				}
				if c < len(gb.Rows[r]) {
					cb = gb.Rows[r][c].Text + "|" + gb.Rows[r][c].Formula
				}
				cells++
				if ca != cb && diffs < 10 {
					diffs++
					t.Errorf("%s row %d col %d: want %q, got %q", ga.Name, r+1, c+1, ca, cb)
				}
			}
		}
	}
	if cells < 500 {
		t.Fatalf("only %d cells compared: the summaries are too small to mean anything", cells)
	}
}
