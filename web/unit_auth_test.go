package web

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"nianbao/xlsx/read"
)

// requestFor makes a concrete request of a route pattern: this year, the version id and unit code
// given (another unit's), a real asset, an unknown API path for the catch-all.
func requestFor(pattern string, version int64, code string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	switch path {
	case "/{$}":
		path = "/"
	case "/assets/":
		path = "/assets/app.js"
	case "/api/":
		path = "/api/no-such-endpoint"
	}
	r := strings.NewReplacer("{year}", strconv.Itoa(testYear), "{id}", strconv.FormatInt(version, 10), "{code}", code)
	return method, r.Replace(path)
}

// TestUnitRulesCoverRoutes: every route of the server has a rule for unit tokens, so that a new route
// cannot be reached by units by oversight (without a rule it is refused, and this test fails).
func TestUnitRulesCoverRoutes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true})
	if len(s.srv.patterns) < 30 {
		t.Fatalf("only %d routes recorded", len(s.srv.patterns))
	}
	for _, p := range s.srv.patterns {
		if _, ok := unitRules[p]; !ok {
			t.Errorf("route %q has no rule in unitRules", p)
		}
	}
	// What issue 18 names as beyond a unit, whatever else changes.
	for _, p := range []string{"GET /api/years", "GET /api/{year}/roster", "PUT /api/{year}/roster", "PUT /api/{year}/units",
		"POST /api/{year}/roster/copy-previous", "PUT /api/{year}/previous", "GET /api/{year}/summary.xlsx",
		"GET /api/{year}/findings.xlsx", "GET /api/{year}/reminders.xlsx", "GET /api/{year}/returns.zip",
		"GET /api/{year}/templates.zip", "GET /api/{year}/log", "GET /api/{year}/log.xlsx", "GET /api/{year}/links",
		"POST /api/{year}/links", "GET /api/{year}/links.xlsx", "DELETE /api/{year}/links/{code}",
		"DELETE /api/{year}/versions/{id}", "POST /api/{year}/versions/{id}/choose"} {
		if unitRules[p] != unitDenied {
			t.Errorf("route %q must be refused to unit tokens", p)
		}
	}
}

// TestUnitTokenScope: with unit A's token, over every route of the server: everything beyond A is 403
// with a Chinese message (the roster, the summary, settings, the log, links, other units' versions and
// files, other years), and what is A's own is served.
func TestUnitTokenScope(t *testing.T) {
	t.Parallel()
	f := newLinkFixture(t, "")
	tok := f.links[unitA].Token
	check := func(name, method, path string, ok func(int, []byte, http.Header) bool) {
		t.Helper()
		code, body, h := f.as(tok, method, path, nil, "")
		if !ok(code, body, h) {
			t.Errorf("%s: %s %s: %d %s", name, method, path, code, truncate(body))
		}
	}
	forbidden := func(code int, body []byte, _ http.Header) bool {
		var e struct{ Error string }
		return code == http.StatusForbidden && json.Unmarshal(body, &e) == nil && hasHan(e.Error) && strings.Contains(e.Error, unitA)
	}
	served := func(code int, _ []byte, _ http.Header) bool {
		return code != http.StatusForbidden && code != http.StatusUnauthorized
	}
	for _, pattern := range f.srv.patterns {
		rule, known := unitRules[pattern]
		if !known {
			rule = unitDenied // TestUnitRulesCoverRoutes reports it; the server refuses it
		}
		method, path := requestFor(pattern, f.verB, unitB)
		switch rule {
		case unitDenied:
			check(pattern, method, path, forbidden)
		case unitVersion:
			check(pattern+" (B's version)", method, path, forbidden)
			if method == "GET" {
				_, own := requestFor(pattern, f.verA, unitA)
				check(pattern+" (own version)", method, own, served)
			}
			_, other := requestFor(strings.Replace(pattern, "{year}", strconv.Itoa(testYear+1), 1), f.verA, unitA)
			check(pattern+" (other year)", method, other, forbidden)
		case unitYear:
			_, other := requestFor(strings.Replace(pattern, "{year}", strconv.Itoa(testYear+1), 1), f.verA, unitA)
			check(pattern+" (other year)", method, other, forbidden)
			check(pattern, method, path, served)
		case unitTemplate:
			check(pattern+" (B's template)", method, path+"?unit="+unitB, forbidden)
			check(pattern+" (own template)", method, path+"?unit="+unitA, func(c int, b []byte, _ http.Header) bool { return c == 200 && string(b[:2]) == "PK" })
			check(pattern+" (blank template)", method, path, func(c int, b []byte, _ http.Header) bool { return c == 200 && string(b[:2]) == "PK" })
		case unitHome:
			check(pattern, method, path, func(c int, _ []byte, h http.Header) bool {
				return c == http.StatusSeeOther && h.Get("Location") == "/unit"
			})
		case unitOpen:
			check(pattern, method, path, served)
		default:
			t.Errorf("%s: unknown rule %d", pattern, rule)
		}
	}
	// What the unit may read names no other unit.
	for _, path := range []string{fmt.Sprintf("/api/%d/status", testYear), fmt.Sprintf("/api/%d/versions/%d", testYear, f.verA), "/api/unit/session"} {
		_, body, _ := f.as(tok, "GET", path, nil, "")
		if bytes.Contains(body, []byte(f.links[unitB].Name)) || bytes.Contains(body, []byte(`"`+unitB+`"`)) {
			t.Errorf("%s mentions unit %s", path, unitB)
		}
	}
	// The clerk's token still sees everything.
	if code, _ := f.do("GET", fmt.Sprintf("/api/%d/versions/%d", testYear, f.verB), nil, ""); code != http.StatusOK {
		t.Errorf("clerk: %d", code)
	}
}

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// TestUnitTokenCompare: every check of a unit token hashes it and compares the hashes with
// subtle.ConstantTimeCompare, whether the id names a link or not; a token with a changed MAC is refused.
// Not parallel: it replaces compareHash while it runs.
func TestUnitTokenCompare(t *testing.T) {
	if reflect.ValueOf(compareHash).Pointer() != reflect.ValueOf(subtle.ConstantTimeCompare).Pointer() {
		t.Fatal("compareHash is not subtle.ConstantTimeCompare")
	}
	f := newLinkFixture(t, "")
	calls := 0
	compareHash = func(a, b []byte) int { calls++; return subtle.ConstantTimeCompare(a, b) }
	defer func() { compareHash = subtle.ConstantTimeCompare }()
	tok := f.links[unitA].Token
	flip := []byte(tok)
	if flip[len(flip)-2] == 'A' {
		flip[len(flip)-2] = 'B'
	} else {
		flip[len(flip)-2] = 'A'
	}
	id, _ := linkID(tok)
	for _, tc := range []struct {
		name, token string
		ok          bool
	}{
		{"valid", tok, true},
		{"changed MAC", string(flip), false},
		{"unknown id", "nb99999_" + tok[len(tok)-43:], false},
		{"another link's id", "nb" + strconv.FormatInt(id+1, 10) + "_" + tok[len(tok)-43:], false},
		{"not a unit token", "garbage", false},
	} {
		calls = 0
		l, err := f.srv.store.CheckUnitToken(tc.token)
		if (err == nil) != tc.ok || (tc.ok && l.Code != unitA) {
			t.Errorf("%s: %v %v", tc.name, l, err)
		}
		if calls != 1 {
			t.Errorf("%s: %d constant-time comparisons, want 1", tc.name, calls)
		}
	}
}

// TestTokenNeverLogged: requests with valid, revoked and forged unit tokens in every place a client
// could put one leave no token (nor its hash) in the server's log, the log of acts or the database file.
// Not parallel: it captures the log package's output while it runs.
func TestTokenNeverLogged(t *testing.T) {
	var buf bytes.Buffer
	log.SetOutput(&buf)
	defer log.SetOutput(os.Stderr)
	f := newLinkFixture(t, "")
	tokA, tokB := f.links[unitA].Token, f.links[unitB].Token
	f.do("DELETE", fmt.Sprintf("/api/%d/links/%s", testYear, unitB), nil, "")
	forged := tokA[:len(tokA)-3] + "xyz"
	for _, tok := range []string{tokA, tokB, forged} {
		for _, pattern := range f.srv.patterns {
			method, path := requestFor(pattern, f.verB, unitB)
			f.as(tok, method, path, strings.NewReader("not multipart"), "multipart/form-data; boundary=x")
			f.as(tok, method, path+"?token="+url.QueryEscape(tok), nil, "")
		}
		req, _ := http.NewRequest("POST", f.ts.URL+"/api/unit/session", nil)
		req.AddCookie(&http.Cookie{Name: unitCookie, Value: tok})
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
		f.do("DELETE", fmt.Sprintf("/api/%d/links/%s", testYear, url.PathEscape(tok)), nil, "")
	}
	f.unitUpload(tokA, demoFile(t, unitA, true))
	entries, _ := f.srv.store.Log(testYear)
	acts, _ := json.Marshal(entries)
	f.close()
	db, _ := os.ReadFile(filepath.Join(f.dir, "nianbao.db"))
	wal, _ := os.ReadFile(filepath.Join(f.dir, "nianbao.db-wal"))
	for _, tok := range []string{tokA, tokB, forged} {
		sum := sha256.Sum256([]byte(tok))
		for _, secret := range []string{tok, tok[len(tok)-43:], hex.EncodeToString(sum[:])} {
			for where, data := range map[string][]byte{"server log": buf.Bytes(), "log of acts": acts} {
				if bytes.Contains(data, []byte(secret)) {
					t.Errorf("%s holds a token or its hash: %s", where, secret)
				}
			}
		}
		for where, data := range map[string][]byte{"nianbao.db": db, "nianbao.db-wal": wal} {
			if bytes.Contains(data, []byte(tok[len(tok)-43:])) {
				t.Errorf("%s holds a token", where)
			}
		}
	}
	if len(db)+len(wal) == 0 {
		t.Error("no database file to look into")
	}
}

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
	if code != http.StatusOK || json.Unmarshal(body, &st) != nil || rowByVersion(st, f.verA) == nil || rowByVersion(st, f.verA).Rule != RuleChosen {
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
	if !actors[actorClerk] || !actors["单位 "+unitA] {
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
				var out [][]string
				for _, row := range g.Rows {
					var cells []string
					for _, c := range row {
						cells = append(cells, c.Text)
					}
					out = append(out, cells)
				}
				return out
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

// openpyxlRows reads a sheet's cell texts with openpyxl (/usr/bin/python3), nil when it is not installed
// (a failure when NIANBAO_REQUIRE_SOFFICE=1, as CI installs it).
func openpyxlRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	const py = "/usr/bin/python3"
	if exec.Command(py, "-c", "import openpyxl").Run() != nil {
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
