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
