package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"nianbao/locate"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

// TestLinksSurviveRestart: links (and revocations), withdrawals, choices, the units' uploads and the log
// are all there after the server is started again on the same data folder, with the same tokens.
func TestLinksSurviveRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := newLinkFixture(t, dir)
	tokA := f.links[unitA].Token
	f.unitUpload(tokA, demoFile(t, unitA, true))
	if code, body := f.do("POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, f.verA), nil, ""); code != http.StatusOK {
		t.Fatalf("choose: %d %s", code, body)
	}
	if code, body := f.do("DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, f.verB), nil, ""); code != http.StatusOK {
		t.Fatalf("withdraw: %d %s", code, body)
	}
	f.do("DELETE", fmt.Sprintf("/api/%d/links/%s", testYear, unitC), nil, "")
	var linksBefore, linksAfter struct{ Links []LinkInfo }
	f.getJSON(fmt.Sprintf("/api/%d/links", testYear), &linksBefore)
	logBefore, _ := f.srv.store.Log(testYear)
	stBefore := statusOf(t, f.testServer)
	f.close()

	g := &linkFixture{testServer: newTestServer(t, dir, Options{Loopback: false})}
	g.getJSON(fmt.Sprintf("/api/%d/links", testYear), &linksAfter)
	tokens := func(ls []LinkInfo) (out []string) {
		for _, l := range ls {
			out = append(out, l.Code+" "+l.Token+" "+l.Created)
		}
		return out
	}
	if !reflect.DeepEqual(tokens(linksBefore.Links), tokens(linksAfter.Links)) || len(linksAfter.Links) != len(f.links)-1 {
		t.Errorf("links after the restart differ: %d before, %d after", len(linksBefore.Links), len(linksAfter.Links))
	}
	if code, _, _ := g.as(f.links[unitC].Token, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, ""); code != http.StatusUnauthorized {
		t.Errorf("revoked link after the restart: %d", code)
	}
	var st Status
	code, body, _ := g.as(tokA, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, "")
	if code != http.StatusOK || json.Unmarshal(body, &st) != nil || rowByVersion(st, f.verA) == nil || rowByVersion(st, f.verA).Rule != season.RuleChosen {
		t.Errorf("unit status after the restart: %d %s", code, truncate(body))
	}
	stAfter := statusOf(t, g.testServer)
	for _, u := range stAfter.Units {
		if u.Version == f.verB {
			t.Errorf("withdrawn version counts again after the restart: %+v", u)
		}
	}
	if len(stAfter.Files) != len(stBefore.Files) {
		t.Errorf("files: %d before, %d after", len(stBefore.Files), len(stAfter.Files))
	}
	logAfter, _ := g.srv.store.Log(testYear)
	if !reflect.DeepEqual(logBefore, logAfter) {
		t.Errorf("log after the restart differs:\n%+v\n%+v", logBefore, logAfter)
	}
	actors := map[string]bool{}
	for _, e := range logAfter {
		actors[e.Actor] = true
	}
	if !actors[store.ActorClerk] || !actors["单位 "+unitA] {
		t.Errorf("actors in the log: %v", actors)
	}
}

// TestLinksAndLogSheets: links.xlsx lists every roster unit with its link (blank once revoked), log.xlsx
// every line of the log with its actor; both read back with read.Open.
func TestLinksAndLogSheets(t *testing.T) {
	t.Parallel()
	f := newLinkFixture(t, "")
	f.unitUpload(f.links[unitA].Token, demoFile(t, unitA, true))
	f.do("DELETE", fmt.Sprintf("/api/%d/links/%s", testYear, unitB), nil, "")
	var lastSheet string
	grid := func(path, sheet string) [][]string {
		t.Helper()
		code, body := f.do("GET", path, nil, "")
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		p := filepath.Join(t.TempDir(), "x.xlsx")
		os.WriteFile(p, body, 0o644)
		lastSheet = p
		wb, err := read.Open(p, read.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range wb.Grids {
			if g.Name == sheet {
				return locate.Texts(g.Rows)
			}
		}
		t.Fatalf("%s: no sheet %s", path, sheet)
		return nil
	}
	rows := grid(fmt.Sprintf("/api/%d/links.xlsx", testYear), "报送链接")
	if py := openpyxlRows(t, lastSheet, "报送链接"); py != nil && fmt.Sprint(py) != fmt.Sprint(trimRows(rows)) {
		t.Errorf("links.xlsx as openpyxl reads it:\n%v\nas read.Open reads it:\n%v", py, trimRows(rows))
	}
	units := 0
	for _, row := range rows[1:] {
		if len(row) < 5 || row[0] == "" {
			continue
		}
		units++
		want := f.links[row[0]].URL
		if row[0] == unitB {
			want = ""
		}
		if row[4] != want || (want != "" && row[1] != f.links[row[0]].Name) {
			t.Errorf("links.xlsx row %v, want URL %q", row, want)
		}
	}
	if units != len(f.links) {
		t.Errorf("links.xlsx: %d units, want %d", units, len(f.links))
	}
	entries, _ := f.srv.store.Log(testYear)
	rows = grid(fmt.Sprintf("/api/%d/log.xlsx", testYear), "操作记录")
	if py := openpyxlRows(t, lastSheet, "操作记录"); py != nil && fmt.Sprint(py) != fmt.Sprint(trimRows(rows)) {
		t.Errorf("log.xlsx as openpyxl reads it:\n%v\nas read.Open reads it:\n%v", py, trimRows(rows))
	}
	if len(rows) != len(entries)+1 {
		t.Fatalf("log.xlsx: %d rows for %d entries", len(rows), len(entries))
	}
	for i, e := range entries {
		if r := rows[i+1]; r[2] != e.Actor || r[3] != e.Act {
			t.Errorf("log.xlsx row %d: %v, want %+v", i+2, r, e)
		}
	}
	if !strings.Contains(fmt.Sprint(rows), "单位 "+unitA) || !strings.Contains(fmt.Sprint(rows), "收回报送链接") {
		t.Errorf("log.xlsx lacks the unit's receipt or the revocation: %v", rows)
	}
}

// openpyxlOK says whether /usr/bin/python3 imports openpyxl, asked once per test binary.
var (
	openpyxlOnce sync.Once
	openpyxlOK   bool
)

// openpyxlRows reads a sheet's cell texts with openpyxl (/usr/bin/python3), nil when it is not installed
// (a failure when NIANBAO_REQUIRE_SOFFICE=1, as CI installs it).
func openpyxlRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	const py = "/usr/bin/python3"
	openpyxlOnce.Do(func() { openpyxlOK = exec.Command(py, "-c", "import openpyxl").Run() == nil })
	if !openpyxlOK {
		if os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" {
			t.Fatal("/usr/bin/python3 with openpyxl is required (NIANBAO_REQUIRE_SOFFICE=1)")
		}
		t.Log("no /usr/bin/python3 with openpyxl: the sheet is read by read.Open only")
		return nil
	}
	out, err := exec.Command(py, "-c", `import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
print(json.dumps([["" if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)]))`, path, sheet).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var rows [][]string
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatal(err)
	}
	return trimRows(rows)
}

// trimRows drops trailing blank cells and rows, which readers report differently.
func trimRows(rows [][]string) [][]string {
	out := [][]string{}
	for _, r := range rows {
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		out = append(out, r)
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}
