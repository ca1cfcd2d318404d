package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nianbao/demo"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

// TestLinkAddress: links start with Options.PublicURL when it is set, with no warning about the address.
func TestLinkAddress(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: false, PublicURL: "http://192.168.1.10:8080/"})
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	var out struct {
		Links []LinkInfo
		Note  string
	}
	code, body := s.do("POST", fmt.Sprintf("/api/%d/links", testYear), strings.NewReader(`{"codes":["`+unitA+`"]}`), "application/json")
	if code != http.StatusOK || json.Unmarshal(body, &out) != nil || len(out.Links) != 1 {
		t.Fatalf("links: %d %s", code, body)
	}
	if l := out.Links[0]; l.URL != "http://192.168.1.10:8080/unit#t="+l.Token || out.Note != "" {
		t.Errorf("link %+v, note %q", l, out.Note)
	}
	local := newTestServer(t, "", Options{Loopback: true})
	local.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	code, body = local.do("POST", fmt.Sprintf("/api/%d/links", testYear), nil, "")
	if code != http.StatusOK || json.Unmarshal(body, &out) != nil || !strings.Contains(out.Note, "本机地址") {
		t.Errorf("a loopback server's links carry no warning: %d %s", code, truncate(body))
	}
}

// TestLinkOffRoster: a unit taken off the roster cannot use its link (403 saying so) until it is back.
func TestLinkOffRoster(t *testing.T) {
	t.Parallel()
	f := newLinkFixture(t, "")
	tok := f.links[unitC].Token
	status := func() (int, string) {
		code, body, _ := f.as(tok, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, "")
		return code, string(body)
	}
	roster, err := read.ReadRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, u := range roster.Units {
		if u.Code != unitC {
			units = append(units, fmt.Sprintf(`{"Code":%q,"Name":%q,"Parent":%q}`, u.Code, u.Name, u.Parent))
		}
	}
	if code, body := f.do("PUT", fmt.Sprintf("/api/%d/units", testYear), strings.NewReader(`{"units":[`+strings.Join(units, ",")+`]}`), "application/json"); code != http.StatusOK {
		t.Fatalf("roster without %s: %d %s", unitC, code, body)
	}
	if code, body := status(); code != http.StatusForbidden || !strings.Contains(body, "已不在") {
		t.Errorf("off the roster: %d %s", code, body)
	}
	f.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if code, body := status(); code != http.StatusOK {
		t.Errorf("back on the roster: %d %s", code, body)
	}
}

// TestUnitPageShell: on a server that needs a token, the unit page and exactly the files it loads are
// served without one (the token is still in the fragment then); the page has no inline code for the CSP
// to block, and every script and style it names is among the public files.
func TestUnitPageShell(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: false})
	get := func(path string) *http.Response {
		t.Helper()
		res, err := http.Get(s.ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := get("/unit")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/unit without a token: %d", res.StatusCode)
	}
	var csrf bool
	for _, c := range res.Cookies() {
		csrf = csrf || c.Name == csrfCookie
	}
	if !csrf {
		t.Error("the unit page sets no CSRF cookie")
	}
	page, _ := assets.ReadFile("assets/link.html")
	for _, bad := range []string{"<script>", "style=", "onclick=", "onload=", "http://", "https://"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("link.html contains %q", bad)
		}
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(string(page), -1) {
		if !publicPaths[m[1]] {
			t.Errorf("link.html loads %s, which is not public", m[1])
		}
	}
	for p := range publicPaths {
		if c := get(p).StatusCode; c != http.StatusOK {
			t.Errorf("%s without a token: %d", p, c)
		}
	}
	for _, p := range []string{"/assets/app.js", "/assets/links.js", "/", fmt.Sprintf("/api/%d/status", testYear), "/api/unit/session"} {
		if c := get(p).StatusCode; c != http.StatusUnauthorized {
			t.Errorf("%s without a token: %d, want 401", p, c)
		}
	}
}

// TestLinkKeyLost: without links.key the links still work (the database has their hashes) but cannot be
// exported again; a new key is made, and renewed links are exportable.
func TestLinkKeyLost(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := newLinkFixture(t, dir)
	f.close()
	if err := os.Remove(filepath.Join(dir, store.LinkKeyFile)); err != nil {
		t.Fatal(err)
	}
	g := &linkFixture{testServer: newTestServer(t, dir, Options{Loopback: false}), links: map[string]LinkInfo{}}
	if code, body, _ := g.as(f.links[unitA].Token, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, ""); code != http.StatusOK {
		t.Errorf("a link after the key was lost: %d %s", code, body)
	}
	code, body := g.do("GET", fmt.Sprintf("/api/%d/links", testYear), nil, "")
	g.readLinks(body)
	if code != http.StatusOK || g.links[unitA].Token != "" || g.links[unitA].URL != "" || len(g.links) != len(f.links) {
		t.Errorf("links without their key: %d %+v", code, g.links[unitA])
	}
	_, body = g.do("POST", fmt.Sprintf("/api/%d/links", testYear), strings.NewReader(`{"codes":["`+unitA+`"],"renew":true}`), "application/json")
	g.readLinks(body)
	if l := g.links[unitA]; l.Token == "" || l.Token == f.links[unitA].Token {
		t.Errorf("renewed link: %+v", l)
	}
}
