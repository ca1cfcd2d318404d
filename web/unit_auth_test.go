package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
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
	r := strings.NewReplacer("{year}", strconv.Itoa(testYear), "{id}", strconv.FormatInt(version, 10), "{code}", code,
		"{sha}", strings.Repeat("0", 64))
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
		"GET /api/{year}/templates.zip", "POST /api/{year}/received/{sha}", "GET /api/{year}/log", "GET /api/{year}/log.xlsx", "GET /api/{year}/links",
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
