package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/demo"
	"nianbao/internal/office"
	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/web/view"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

const explainText = "本年制发的规章中有5件已于年内废止"

func (s *testServer) putExplanations(id int64, body string) (int, ExplainResult, string) {
	s.t.Helper()
	code, out := s.do("PUT", fmt.Sprintf("/api/%d/versions/%d/explanations", testYear, id), strings.NewReader(body), "application/json")
	var res ExplainResult
	if code == http.StatusOK {
		if err := json.Unmarshal(out, &res); err != nil {
			s.t.Fatal(err)
		}
	}
	return code, res, string(out)
}

func (s *testServer) unitRow(code string) season.StatusRow {
	s.t.Helper()
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	for _, u := range st.Units {
		if u.Code == code && u.OnRoster {
			return u
		}
	}
	s.t.Fatalf("no status row for %s", code)
	return season.StatusRow{}
}

// TestExplanations: a warning explained in the page counts as `check` counts the same warning explained in
// the workbook's 说明 column: same verdict 通过（已说明）, same findings, the status 已报送·通过（已说明）, and the
// summary the CLI writes for the explained file, cell for cell. Errors and consequences cannot be explained,
// an empty text removes the explanation, and explanations survive a restart.
func TestExplanations(t *testing.T) {
	t.Parallel()
	warned, explained := warnedPair(t)
	wantFile := batch.CheckInput(batch.Input{Name: filepath.Base(explained), Open: func() ([]byte, error) { return os.ReadFile(explained) }},
		batch.Options{Year: testYear})
	if wantFile.Verdict != batch.Explained {
		t.Fatalf("the CLI's verdict on the explained file: %s %+v", wantFile.Verdict, wantFile.Findings)
	}

	dir := t.TempDir()
	s := newTestServer(t, dir, Options{Loopback: true})
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), warned)
	if code != http.StatusOK {
		t.Fatalf("upload: %d %s", code, body)
	}
	var doc SubmitDocument
	json.Unmarshal(body, &doc)
	v := doc.Uploads[0]
	if v.Verdict != batch.Warned {
		t.Fatalf("uploaded: %+v", v)
	}
	unit := doc.Files[0].Unit.Code
	var page VersionPage
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, v.Version), &page)
	var warnID string
	for _, f := range page.File.Findings {
		if f.Rule == checks.T2Issued.ID {
			warnID = f.ID
		}
	}
	if warnID == "" {
		t.Fatalf("no T2-1 warning: %+v", page.File.Findings)
	}

	// Refused as a whole: an unknown id, and bad JSON.
	if code, _, out := s.putExplanations(v.Version, `{"F99": "x", "`+warnID+`": "y"}`); code != http.StatusUnprocessableEntity || !strings.Contains(out, "F99") {
		t.Errorf("unknown id: %d %s", code, out)
	}
	if code, _, out := s.putExplanations(v.Version, `["F1"]`); code != http.StatusBadRequest || !hasHan(out) {
		t.Errorf("bad body: %d %s", code, out)
	}
	if row := s.unitRow(unit); row.Status != summary.Warned {
		t.Fatalf("a refused request changed the status: %s", row.Status)
	}

	code, res, out := s.putExplanations(v.Version, fmt.Sprintf(`{%q: %q}`, warnID, "  "+explainText+" "))
	if code != http.StatusOK {
		t.Fatalf("explain: %d %s", code, out)
	}
	if res.Verdict != batch.Explained {
		t.Errorf("verdict after the explanation: %s", res.Verdict)
	}
	same := func(what string, got []checks.Finding) {
		t.Helper()
		wj, _ := json.Marshal(wantFile.Findings)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Errorf("%s: findings differ from check's on the explained workbook:\nwant %s\ngot  %s", what, wj, gj)
		}
	}
	same("answer", res.Findings)
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, v.Version), &page)
	same("version page", page.File.Findings)
	if page.Version.Verdict != batch.Explained {
		t.Errorf("version verdict: %s", page.Version.Verdict)
	}
	row := s.unitRow(unit)
	if row.Status != summary.Explained || row.Explained != 1 || row.Warnings != 0 {
		t.Errorf("status row: %+v", row)
	}

	// The summary is the one `nianbao summary` writes for the file explained in the workbook.
	roster, err := read.ReadRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	cli, err := summary.Run(roster, []string{explained}, batch.Options{Year: testYear}, summary.Options{Year: testYear, Tool: testTool})
	if err != nil {
		t.Fatal(err)
	}
	wantSummary := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := xlsx.WriteSummary(wantSummary, cli.Result); err != nil {
		t.Fatal(err)
	}
	code, data := s.do("GET", fmt.Sprintf("/api/%d/summary.xlsx", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("summary: %d %s", code, data)
	}
	gotSummary := filepath.Join(t.TempDir(), "web.xlsx")
	os.WriteFile(gotSummary, data, 0o644)
	sameWorkbookAs(t, wantSummary, gotSummary, map[string]string{wantFile.SHA256: v.SHA256})
	wb, err := read.Open(gotSummary, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, g := range wb.Grids {
		for _, r := range g.Rows {
			line := ""
			for _, c := range r {
				line += c.Text + "|"
			}
			listed = listed || (strings.Contains(line, "已说明") && strings.Contains(line, explainText))
		}
	}
	if !listed {
		t.Error("the summary does not list the explained warning with its text")
	}

	// So does the findings workbook.
	code, data = s.do("GET", fmt.Sprintf("/api/%d/findings.xlsx", testYear), nil, "")
	fpath := filepath.Join(t.TempDir(), "findings.xlsx")
	os.WriteFile(fpath, data, 0o644)
	fb, err := read.Open(fpath, read.Limits{})
	if err != nil || code != http.StatusOK {
		t.Fatalf("findings.xlsx: %d %v", code, err)
	}
	listed = false
	for _, r := range fb.Grids[0].Rows {
		listed = listed || len(r) == 10 && r[1].Text == "已说明" && r[9].Text == explainText
	}
	if !listed {
		t.Error("findings.xlsx does not list the explained warning with its text")
	}

	// The log records it; a restart keeps it (the result is checked again and the explanation applied).
	var lg struct{ Log []store.LogEntry }
	s.getJSON(fmt.Sprintf("/api/%d/log", testYear), &lg)
	if last := lg.Log[len(lg.Log)-1]; !strings.Contains(last.Act, warnID) || !strings.Contains(last.Act, explainText) {
		t.Errorf("log: %+v", last)
	}
	s.close()
	s = newTestServer(t, dir, Options{Loopback: true})
	if row := s.unitRow(unit); row.Status != summary.Explained {
		t.Errorf("after a restart: %s", row.Status)
	}

	// A new previous-year source checks every file again (and renumbers findings): the explanation stays
	// with its warning.
	if code, body := putPrevious(t, s, testYear, "", wantSummary); code != http.StatusOK {
		t.Fatalf("previous: %d %s", code, body)
	}
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, v.Version), &page)
	for _, f := range page.File.Findings {
		if f.Rule == checks.T2Issued.ID && f.Explanation != explainText {
			t.Errorf("after the re-check: %+v", f)
		}
	}
	if code, body := putPrevious(t, s, testYear, "none", ""); code != http.StatusOK {
		t.Fatalf("previous: %d %s", code, body)
	}

	// An empty text removes it.
	if code, res, out := s.putExplanations(v.Version, fmt.Sprintf(`{%q: ""}`, warnID)); code != http.StatusOK || res.Verdict != batch.Warned {
		t.Errorf("removing: %d %s %s", code, res.Verdict, out)
	}
	if row := s.unitRow(unit); row.Status != summary.Warned {
		t.Errorf("after removing: %s", row.Status)
	}
}

// TestExplanationsFromWorkbook: the workbook's own 说明 shows in the page; one recorded in the page
// replaces it, and removing that brings the workbook's back. An error cannot be explained.
func TestExplanationsFromWorkbook(t *testing.T) {
	t.Parallel()
	_, explained := warnedPair(t)
	s := newTestServer(t, "", Options{Loopback: true})
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), explained)
	if code != http.StatusOK {
		t.Fatalf("upload: %d %s", code, body)
	}
	var doc SubmitDocument
	json.Unmarshal(body, &doc)
	id := doc.Uploads[0].Version
	find := func(fs []checks.Finding) checks.Finding {
		for _, f := range fs {
			if f.Rule == checks.T2Issued.ID {
				return f
			}
		}
		t.Fatalf("no T2-1: %+v", fs)
		return checks.Finding{}
	}
	var page VersionPage
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, id), &page)
	f := find(page.File.Findings)
	if f.Explanation != explainText || page.Version.Verdict != batch.Explained {
		t.Fatalf("workbook explanation: %q %s", f.Explanation, page.Version.Verdict)
	}
	if _, res, _ := s.putExplanations(id, fmt.Sprintf(`{%q: "另一说明"}`, f.ID)); find(res.Findings).Explanation != "另一说明" {
		t.Errorf("replaced: %+v", find(res.Findings))
	}
	if _, res, _ := s.putExplanations(id, fmt.Sprintf(`{%q: ""}`, f.ID)); find(res.Findings).Explanation != explainText || res.Verdict != batch.Explained {
		t.Errorf("removed: %+v %s", find(res.Findings), res.Verdict)
	}

	// The same workbook saved by LibreOffice (as a unit typing its 说明 in LibreOffice would): the page shows
	// the explanation read back.
	if office.Available() {
		saved, err := office.Convert(t.Context(), explained, filepath.Join(t.TempDir(), "lo"), "xlsx")
		if err != nil {
			t.Fatal(err)
		}
		code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), saved) // a new version of the unit
		var lo SubmitDocument
		if code != http.StatusOK || json.Unmarshal(body, &lo) != nil || lo.Uploads[0].Version == 0 || lo.Uploads[0].Duplicate {
			t.Fatalf("LibreOffice's copy: %d %s", code, body)
		}
		var p VersionPage
		s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, lo.Uploads[0].Version), &p)
		var fault *view.Note
		for i, g := range p.Groups {
			if g.Fault.Rule == checks.T2Issued.ID {
				fault = &p.Groups[i].Fault
			}
		}
		if fault == nil || fault.Explanation != explainText || fault.ExplainedBy != "文件" || p.Version.Verdict != batch.Explained {
			t.Errorf("LibreOffice's copy on the page: %+v %s", fault, p.Version.Verdict)
		}
	} else if os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" {
		t.Fatal("NIANBAO_REQUIRE_SOFFICE=1 but LibreOffice (soffice) is not installed")
	}

	// A failing demo file: its errors and their consequences are refused with a Chinese message.
	var failed batch.File
	for _, g := range checked(t) {
		if g.Verdict == batch.Failed && !g.Summary {
			failed = g
			break
		}
	}
	code, body = s.upload(fmt.Sprintf("/api/%d/submissions", testYear), failed.Path)
	if code != http.StatusOK {
		t.Fatalf("upload: %d %s", code, body)
	}
	json.Unmarshal(body, &doc)
	for _, fd := range doc.Files[0].Findings {
		if fd.Severity != checks.Error {
			continue
		}
		code, _, out := s.putExplanations(doc.Uploads[0].Version, fmt.Sprintf(`{%q: "不改"}`, fd.ID))
		if code != http.StatusUnprocessableEntity || !hasHan(out) {
			t.Errorf("explaining error %s: %d %s", fd.ID, code, out)
		}
	}
}
