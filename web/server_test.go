package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/summary"
	"nianbao/web/season"
)

// TestSubmissionsAsCheck: the API answers with the document `nianbao check --json` prints for the same
// files: same verdicts, values and findings, the file known by its own name.
func TestSubmissionsAsCheck(t *testing.T) {
	_, doc := loaded(t, "")
	want := batch.NewDocument(checked(t), nil)
	if len(doc.Files) != len(want.Files) || doc.Stats != want.Stats || doc.Valid != want.Valid {
		t.Fatalf("stats: want %+v, got %+v", want.Stats, doc.Stats)
	}
	if want.Stats.Failed == 0 || want.Stats.Passed == 0 {
		t.Fatalf("the demo should have passing and failing files: %+v", want.Stats)
	}
	for i, wf := range want.Files {
		gf := doc.Files[i]
		name := filepath.Base(wf.Path)
		t.Run(name, func(t *testing.T) {
			if gf.Path != name || gf.SHA256 != wf.SHA256 || gf.Verdict != wf.Verdict || gf.Unit != wf.Unit {
				t.Errorf("want %s %s %s %v, got %s %s %s %v", name, wf.SHA256[:8], wf.Verdict, wf.Unit,
					gf.Path, gf.SHA256[:8], gf.Verdict, gf.Unit)
			}
			for i := range wf.Findings {
				wf.Findings[i].File = name
			}
			wj, _ := json.Marshal(wf.Findings)
			gj, _ := json.Marshal(gf.Findings)
			if string(wj) != string(gj) {
				t.Errorf("findings differ:\nwant %s\ngot  %s", wj, gj)
			}
			wv, _ := json.Marshal(wf.Values)
			gv, _ := json.Marshal(gf.Values)
			if string(wv) != string(gv) {
				t.Errorf("values differ")
			}
		})
	}
}

// TestSummaryAsCLI: the summary downloaded from the page equals the one `nianbao summary` writes for the
// same files, cell for cell, with and without --include-invalid.
func TestSummaryAsCLI(t *testing.T) {
	s, _ := loaded(t, "")
	for _, tc := range []struct {
		name    string
		query   string
		invalid bool
	}{{"default", "", false}, {"include-invalid", "?include_invalid=1", true}} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := s.do("GET", fmt.Sprintf("/api/%d/summary.xlsx%s", testYear, tc.query), nil, "")
			if code != http.StatusOK {
				t.Fatalf("%d %s", code, body)
			}
			got := filepath.Join(t.TempDir(), "web.xlsx")
			os.WriteFile(got, body, 0o644)
			want, _ := cliSummary(t, tc.invalid)
			sameWorkbook(t, want, got)
		})
	}
}

// TestStatus: every roster unit with the summary's status, counts as in the summary, the missing unit,
// the replaced file and the off-roster file; each reported unit links to the version used.
func TestStatus(t *testing.T) {
	s, _ := loaded(t, "")
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	_, want := cliSummary(t, false)
	if st.Counts == nil || *st.Counts != want.Counts {
		t.Fatalf("counts: want %+v, got %+v", want.Counts, st.Counts)
	}
	if len(st.Units) != len(want.Units) {
		t.Fatalf("rows: want %d, got %d", len(want.Units), len(st.Units))
	}
	seen := map[summary.Status]int{}
	for i, u := range st.Units {
		w := want.Units[i]
		wfile := ""
		if w.File != "" {
			wfile = filepath.Base(w.File)
		}
		if u.Code != w.Code || u.Status != w.Status || u.File != wfile {
			t.Errorf("row %d: want %s %s %s, got %s %s %s", i, w.Code, w.Status, filepath.Base(w.File), u.Code, u.Status, u.File)
		}
		if u.File != "" && u.Version == 0 {
			t.Errorf("row %d (%s): no version for file %s", i, u.Code, u.File)
		}
		seen[u.Status]++
	}
	for _, must := range []summary.Status{summary.Passed, summary.Failed, summary.Missing, summary.OffRoster, summary.Replaced} {
		if seen[must] == 0 {
			t.Errorf("no unit is %s: %v", must, seen)
		}
	}
	if len(st.Files) != len(received(t)) {
		t.Errorf("files: want %d, got %d", len(received(t)), len(st.Files))
	}
}

// TestDuplicateAndVersions: a file uploaded twice is recognised and not recorded again; a unit's corrected
// file is a second version of its submission; both stay downloadable byte for byte.
func TestDuplicateAndVersions(t *testing.T) {
	s, doc := loaded(t, "")
	paths := received(t)
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), paths[0])
	var again SubmitDocument
	if code != http.StatusOK || json.Unmarshal(body, &again) != nil {
		t.Fatalf("%d %s", code, body)
	}
	if !again.Uploads[0].Duplicate || again.Uploads[0].Version != doc.Uploads[0].Version {
		t.Errorf("second upload not recognised: %+v", again.Uploads[0])
	}
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	if len(st.Files) != len(paths) {
		t.Errorf("files after a duplicate: want %d, got %d", len(paths), len(st.Files))
	}
	var replaced *season.StatusRow
	for i := range st.Units {
		if st.Units[i].Status == summary.Replaced {
			replaced = &st.Units[i]
		}
	}
	if replaced == nil {
		t.Fatal("no replaced file in the demo")
	}
	var page VersionPage
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, replaced.Version), &page)
	if len(page.Others) != 2 || page.Others[0].ID != replaced.Version {
		t.Fatalf("versions of %s: %+v", replaced.Code, page.Others)
	}
	for _, v := range page.Others {
		code, data := s.do("GET", fmt.Sprintf("/api/%d/versions/%d/file", testYear, v.ID), nil, "")
		orig, err := os.ReadFile(filepath.Join(demoRegion(t), demo.ReceivedDir, v.Name))
		if err != nil || code != http.StatusOK || string(data) != string(orig) {
			t.Errorf("version %d (%s): not the file received (%d, %v)", v.ID, v.Name, code, err)
		}
	}
}

// TestRestart: a new server on the same data folder has every submission, version and finding, and the
// same summary: the one `nianbao summary` writes for the files, which the server gave before the restart
// (TestSummaryAsCLI, on the same loaded data folder).
func TestRestart(t *testing.T) {
	dir := t.TempDir()
	s, _ := loaded(t, dir)
	var before Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &before)
	pages := map[int64]string{}
	for _, v := range before.Files {
		_, body := s.do("GET", fmt.Sprintf("/api/%d/versions/%d", testYear, v.ID), nil, "")
		pages[v.ID] = string(body)
	}
	s.close()
	s2 := newTestServer(t, dir, Options{Loopback: true})
	var after Status
	s2.getJSON(fmt.Sprintf("/api/%d/status", testYear), &after)
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		t.Errorf("status changed across a restart:\nbefore %s\nafter  %s", bj, aj)
	}
	for _, v := range before.Files {
		code, body := s2.do("GET", fmt.Sprintf("/api/%d/versions/%d", testYear, v.ID), nil, "")
		if code != http.StatusOK || string(body) != pages[v.ID] {
			t.Errorf("version %d (%s): page changed across a restart", v.ID, v.Name)
		}
	}
	s2.summaryIsCLI(t)
}

// TestUnitTables: a failing file's page lays out the three tables with its failing cells marked and the
// messages numbered beside them.
func TestUnitTables(t *testing.T) {
	s, doc := loaded(t, "")
	var id int64
	for _, u := range doc.Uploads {
		if u.Verdict == batch.Failed {
			id = u.Version
		}
	}
	if id == 0 {
		t.Fatal("no failing file")
	}
	var p VersionPage
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, id), &p)
	if len(p.Tables) != 4 || p.Tables[0].Name != "表二" || p.Tables[1].Name != "表三" || p.Tables[2].Name != "表四" {
		t.Fatalf("tables: %d", len(p.Tables))
	}
	marked, spans := 0, 0
	for _, tb := range p.Tables[:3] {
		for _, row := range tb.Rows {
			for _, c := range row {
				if strings.Contains(c.Class, "error") {
					marked++
					if len(c.Marks) == 0 || c.Key == "" {
						t.Errorf("%s: error cell without mark or key: %+v", tb.Name, c)
					}
					for _, m := range c.Marks {
						if m < 1 || m > len(tb.Notes) || tb.Notes[m-1].Message == "" {
							t.Errorf("%s: mark %d has no note", tb.Name, m)
						}
					}
				}
				if c.ColSpan > 1 || c.RowSpan > 1 {
					spans++
				}
			}
		}
	}
	errs := 0
	for _, f := range p.File.Findings {
		if f.Severity.String() == "错误" && f.Key != "" {
			errs++
		}
	}
	if marked == 0 || errs == 0 {
		t.Errorf("no failing cell marked (%d errors at cells)", errs)
	}
	if spans < 5 {
		t.Errorf("merged headers lost: %d spans", spans)
	}
	code, body := s.do("GET", fmt.Sprintf("/api/%d/versions/%d/annotated.xlsx", testYear, id), nil, "")
	if code != http.StatusOK || len(body) < 1000 || string(body[:2]) != "PK" {
		t.Errorf("annotated copy: %d, %d bytes", code, len(body))
	}
}
