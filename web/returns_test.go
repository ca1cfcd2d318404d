package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"nianbao/demo"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// TestReturns: returns.zip holds the annotated copy of every roster unit whose file has errors, named by
// unit, each the copy the unit page gives; those units become 已退回 with the date, across a restart; a
// unit sending a new file is 已报送 again.
func TestReturns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, _ := loaded(t, dir)
	before := statusOf(t, s)
	want := map[string]int64{}
	for _, u := range before.Units {
		if u.OnRoster && u.Status == summary.Failed && u.Via == "" {
			want[u.Code+"_"+u.Name+annotate.Suffix] = u.Version
			if u.FirstError == "" {
				t.Errorf("%s has errors but no first error", u.Code)
			}
		}
		if u.Status == summary.Passed && u.FirstError != "" {
			t.Errorf("%s passed with a first error %q", u.Code, u.FirstError)
		}
		if u.Returned != nil || u.Progress == season.ProgressReturned {
			t.Errorf("%s returned before any download", u.Code)
		}
	}
	if len(want) == 0 {
		t.Fatal("no failing unit in the demo")
	}
	start := time.Now().Add(-time.Second)
	code, body := s.do("GET", fmt.Sprintf("/api/%d/returns.zip", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		id, ok := want[f.Name]
		if !ok {
			t.Errorf("unexpected entry %s", f.Name)
			continue
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		_, one := s.do("GET", fmt.Sprintf("/api/%d/versions/%d/annotated.xlsx", testYear, id), nil, "")
		if !sameXLSX(t, data, one) {
			t.Errorf("%s is not the unit's annotated copy", f.Name)
		}
	}
	if len(names) != len(want) {
		sort.Strings(names)
		t.Errorf("entries %v, want %d", names, len(want))
	}
	s.close()
	s = newTestServer(t, dir, Options{Loopback: true})
	after := statusOf(t, s)
	var again season.StatusRow
	for _, u := range after.Units {
		_, failing := want[u.Code+"_"+u.Name+annotate.Suffix]
		switch {
		case !u.OnRoster || u.Status == summary.Replaced:
		case failing && (u.Progress != season.ProgressReturned || u.Returned == nil || u.Returned.Before(start)):
			t.Errorf("%s: %s %v", u.Code, u.Progress, u.Returned)
		case failing:
			again = u
		case !failing && u.Progress == season.ProgressReturned:
			t.Errorf("%s returned without errors", u.Code)
		}
	}
	// The unit sends a new file (its pre-filled template): 已报送 again.
	tpl := filepath.Join(demoRegion(t), demo.TemplatesDir, xlsx.UnitTemplateName(unitOf(again)))
	uploadOne(t, s, testYear, tpl)
	for _, u := range statusOf(t, s).Units {
		if u.Code == again.Code && u.OnRoster && u.Status != summary.Replaced && (u.Progress != season.ProgressReported || u.Returned != nil) {
			t.Errorf("%s after a new file: %s %v", u.Code, u.Progress, u.Returned)
		}
	}
	var lg struct {
		Log []store.LogEntry `json:"log"`
	}
	s.getJSON(fmt.Sprintf("/api/%d/log", testYear), &lg)
	found := false
	for _, e := range lg.Log {
		found = found || e.Act == fmt.Sprintf("下载全部退回件（%d 个单位）", len(want))
	}
	if !found {
		t.Errorf("the download of the returns is not in the log")
	}
}

// sameXLSX compares two workbooks entry by entry, leaving out what differs between two writes of the same
// annotated copy: the time in docProps/core.xml.
func sameXLSX(t *testing.T, a, b []byte) bool {
	t.Helper()
	read := func(data []byte) map[string]string {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, f := range zr.File {
			if f.Name == "docProps/core.xml" {
				continue
			}
			rc, _ := f.Open()
			d, _ := io.ReadAll(rc)
			rc.Close()
			out[f.Name] = string(d)
		}
		return out
	}
	x, y := read(a), read(b)
	if len(x) != len(y) || len(x) < 5 {
		return false
	}
	for k, v := range x {
		if y[k] != v {
			t.Logf("entry %s differs", k)
			return false
		}
	}
	return true
}

func unitOf(r season.StatusRow) model.Unit { return model.Unit{Code: r.Code, Name: r.Name} }
