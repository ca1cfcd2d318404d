package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
)

func putPrevious(t *testing.T, s *testServer, year int, source, file string) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("source", source)
	if file != "" {
		w, _ := mw.CreateFormFile("file", filepath.Base(file))
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	code, body := s.do("PUT", fmt.Sprintf("/api/%d/previous", year), &buf, mw.FormDataContentType())
	return code, string(body)
}

// TestPrevious: with last year's summary uploaded, every file is checked again with the cross-year rules
// exactly as `nianbao check --previous` checks it, and the result survives; without last year's files the
// source is refused and the old one kept.
func TestPrevious(t *testing.T) {
	s, _ := loaded(t, "")
	prevPath, _ := cliSummary(t, false) // stands for last year's summary: its carry-over differs from this year's
	if code, body := putPrevious(t, s, testYear, "", prevPath); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	opt := batch.Options{Year: testYear}
	prev, err := batch.LoadPrevious(prevPath, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Previous = prev.Lookup
	want := batch.Check(received(t), opt)
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	if st.Previous != "file" || st.CrossYear == 0 {
		t.Fatalf("previous %q, %d cross-year findings", st.Previous, st.CrossYear)
	}
	for i, v := range st.Files {
		var p VersionPage
		s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, v.ID), &p)
		w := want[i]
		for j := range w.Findings {
			w.Findings[j].File = filepath.Base(w.Path)
		}
		wj, _ := json.Marshal(w.Findings)
		gj, _ := json.Marshal(p.File.Findings)
		if v.Name != filepath.Base(w.Path) || string(wj) != string(gj) {
			t.Errorf("%s: findings with the previous year differ from the CLI's", v.Name)
		}
	}
	// A unit sees the cross-year findings of its own file (through its link), as its file's page lists them.
	files := map[string][]batch.File{}
	for _, f := range want {
		files[f.Unit.Code] = append(files[f.Unit.Code], f)
	}
	code, body := s.do("POST", fmt.Sprintf("/api/%d/links", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("links: %d %s", code, body)
	}
	lf := &linkFixture{testServer: s, links: map[string]LinkInfo{}}
	lf.readLinks(body)
	seen := 0
	for unit, fs := range files {
		link, ok := lf.links[unit]
		if !ok || len(fs) != 1 {
			continue
		}
		n := 0
		for _, fd := range fs[0].Findings {
			if strings.HasPrefix(fd.Rule, "X-") {
				n++
			}
		}
		var us Status
		code, body, _ := lf.as(link.Token, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, "")
		if code != http.StatusOK || json.Unmarshal(body, &us) != nil {
			t.Fatalf("status for unit %s: %d %s", unit, code, body)
		}
		if us.CrossYear != n {
			t.Errorf("unit %s sees %d cross-year findings, its file has %d", unit, us.CrossYear, n)
		}
		if n > 0 {
			seen++
		}
	}
	if seen == 0 {
		t.Error("no unit with a cross-year finding of its own")
	}
	if code, body := putPrevious(t, s, testYear+2, "workspace", ""); code != http.StatusUnprocessableEntity || !strings.Contains(body, "还没有任何文件") {
		t.Errorf("previous workspace without files: %d %s", code, body)
	}
	if code, body := putPrevious(t, s, testYear, "none", ""); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	if st.Previous != "" || st.CrossYear != 0 {
		t.Errorf("after none: previous %q, %d cross-year findings", st.Previous, st.CrossYear)
	}
}
