package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/demo"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

// Units of the demo region the link tests use: A sent a failing file and later a corrected one, B and C
// one file each.
const (
	unitA = "000008"
	unitB = "000002"
	unitC = "000004"
)

// demoFile returns the demo's received file of a unit: its first, or with corrected its corrected one.
func demoFile(t testing.TB, code string, corrected bool) string {
	t.Helper()
	for _, p := range received(t) {
		base := filepath.Base(p)
		if strings.HasPrefix(base, code+"_") && strings.Contains(base, "修改后") == corrected {
			return p
		}
	}
	t.Fatalf("no demo file for %s (corrected %v)", code, corrected)
	return ""
}

// linkFixture is a server (not loopback: every request needs a token) with the demo roster, the first
// files of A and B received by the clerk, and a link for every roster unit.
type linkFixture struct {
	*testServer
	links map[string]LinkInfo
	// versions of A's first file and B's file, as the clerk received them.
	verA, verB int64
}

func newLinkFixture(t *testing.T, dir string) *linkFixture {
	t.Helper()
	s := newTestServer(t, dir, Options{Loopback: false})
	f := &linkFixture{testServer: s, links: map[string]LinkInfo{}}
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), demoFile(t, unitA, false), demoFile(t, unitB, false))
	if code != http.StatusOK {
		t.Fatalf("clerk upload: %d %s", code, body)
	}
	var doc SubmitDocument
	if err := json.Unmarshal(body, &doc); err != nil || len(doc.Uploads) != 2 {
		t.Fatalf("clerk upload: %v %s", err, body)
	}
	f.verA, f.verB = doc.Uploads[0].Version, doc.Uploads[1].Version
	code, body = s.do("POST", fmt.Sprintf("/api/%d/links", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("links: %d %s", code, body)
	}
	f.readLinks(body)
	return f
}

func (f *linkFixture) readLinks(body []byte) {
	f.t.Helper()
	var out struct{ Links []LinkInfo }
	if err := json.Unmarshal(body, &out); err != nil {
		f.t.Fatalf("links: %v %s", err, body)
	}
	for _, l := range out.Links {
		f.links[l.Code] = l
	}
}

// as sends a request with a unit's token as Authorization: Bearer (no redirects followed).
func (f *linkFixture) as(token, method, path string, body io.Reader, ctype string) (int, []byte, http.Header) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, body)
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data, res.Header
}

// unitUpload uploads files with a unit's token.
func (f *linkFixture) unitUpload(token string, paths ...string) SubmitDocument {
	f.t.Helper()
	body, ctype := multipartFiles(f.t, "file", paths...)
	code, out, _ := f.as(token, "POST", fmt.Sprintf("/api/%d/submissions", testYear), body, ctype)
	if code != http.StatusOK {
		f.t.Fatalf("unit upload: %d %s", code, out)
	}
	var doc SubmitDocument
	if err := json.Unmarshal(out, &doc); err != nil {
		f.t.Fatal(err)
	}
	return doc
}

// TestCreateLinks: one link per roster unit, a second POST keeps them, renew replaces one, unknown
// codes and a year without roster are refused.
func TestCreateLinks(t *testing.T) {
	t.Parallel()
	f := newLinkFixture(t, "")
	roster, err := read.ReadRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.links) != len(roster.Units) {
		t.Fatalf("%d links for %d roster units", len(f.links), len(roster.Units))
	}
	seen := map[string]bool{}
	for _, u := range roster.Units {
		l := f.links[u.Code]
		if l.Name != u.Name || !strings.HasPrefix(l.URL, f.ts.URL+"/unit#t=") || !strings.HasSuffix(l.URL, l.Token) || seen[l.Token] {
			t.Errorf("link of %s: %+v", u.Code, l)
		}
		seen[l.Token] = true
	}
	old := f.links[unitA].Token
	code, body := f.do("POST", fmt.Sprintf("/api/%d/links", testYear), strings.NewReader(`{}`), "application/json")
	f.readLinks(body)
	if code != http.StatusOK || f.links[unitA].Token != old {
		t.Errorf("a second POST changed the links: %d %s", code, body)
	}
	code, body = f.do("POST", fmt.Sprintf("/api/%d/links", testYear), strings.NewReader(`{"codes":["`+unitA+`"],"renew":true}`), "application/json")
	f.readLinks(body)
	if code != http.StatusOK || f.links[unitA].Token == old || strings.Count(string(body), `"code"`) != 1 {
		t.Errorf("renew: %d %s", code, body)
	}
	if c, _, _ := f.as(old, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, ""); c != http.StatusUnauthorized {
		t.Errorf("the renewed link's old token: %d, want 401", c)
	}
	if c, _, _ := f.as(f.links[unitA].Token, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, ""); c != http.StatusOK {
		t.Errorf("the new token: %d", c)
	}
	code, body = f.do("POST", fmt.Sprintf("/api/%d/links", testYear), strings.NewReader(`{"codes":["nope","`+unitB+`"]}`), "application/json")
	if code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "“nope”") {
		t.Errorf("unknown code: %d %s", code, body)
	}
	if code, body = f.do("POST", fmt.Sprintf("/api/%d/links", testYear+1), nil, ""); code != http.StatusNotFound || !hasHan(string(body)) {
		t.Errorf("no roster: %d %s", code, body)
	}
}

// TestUnitUploads: through its link a unit files its own corrected file and sees it at once; another
// unit's file (received by the clerk or not), a file without a code and a summary are refused with a
// message naming both units, and recorded nowhere.
func TestUnitUploads(t *testing.T) {
	t.Parallel()
	f := newLinkFixture(t, "")
	tokA := f.links[unitA].Token
	before, err := f.srv.store.VersionHeads(testYear)
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range []struct{ code, path string }{{unitB, demoFile(t, unitB, false)}, {unitC, demoFile(t, unitC, false)}} {
		doc := f.unitUpload(tokA, other.path)
		u := doc.Uploads[0]
		if u.Kind != KindNotOwn || u.Version != 0 || !strings.Contains(u.Message, unitA) || !strings.Contains(u.Message, other.code) ||
			!strings.Contains(u.Message, f.links[other.code].Name) || !strings.Contains(u.Message, f.links[unitA].Name) {
			t.Errorf("another unit's file %s: %+v", filepath.Base(other.path), u)
		}
	}
	// the clerk's file of another unit twice in one upload: both refused, the second as the first
	twice := demoFile(t, unitB, false)
	for i, u := range f.unitUpload(tokA, twice, twice).Uploads {
		if u.Kind != KindNotOwn || u.Version != 0 || u.DuplicateOf != "" || !strings.Contains(u.Message, unitB) {
			t.Errorf("another unit's file, copy %d of one upload: %+v", i+1, u)
		}
	}
	foreign := filepath.Join(demoRegion(t), demo.ReceivedDir, "示例市教育局年报统计表.xlsx")
	if u := f.unitUpload(tokA, foreign).Uploads[0]; u.Kind != KindNotOwn || u.Version != 0 || !strings.Contains(u.Message, unitA) {
		t.Errorf("a file without a code: %+v", u)
	}
	after, _ := f.srv.store.VersionHeads(testYear)
	if len(after) != len(before) {
		t.Fatalf("refused files were recorded: %d versions before, %d after", len(before), len(after))
	}

	doc := f.unitUpload(tokA, demoFile(t, unitA, true))
	u := doc.Uploads[0]
	if u.Kind != "" || u.Version == 0 || u.Verdict == "有错误" || u.Verdict == "无法读取" {
		t.Fatalf("own corrected file: %+v", u)
	}
	var st Status
	code, body, _ := f.as(tokA, "GET", fmt.Sprintf("/api/%d/status", testYear), nil, "")
	if code != http.StatusOK || json.Unmarshal(body, &st) != nil {
		t.Fatalf("unit status: %d %s", code, body)
	}
	counts := 0
	for _, row := range st.Units {
		if row.Code != unitA {
			t.Errorf("unit status shows unit %s", row.Code)
		}
		if row.Version == u.Version && row.Status == "已报送·通过" {
			counts++
		}
	}
	if counts != 1 || len(st.Units) != 2 || st.Counts != nil || st.Roster != nil {
		t.Errorf("unit status rows (want the corrected file counting and the first replaced): %+v", st.Units)
	}
	if len(st.Files) != 2 {
		t.Errorf("unit status files: %d, want A's two", len(st.Files))
	}
	for _, v := range st.Files {
		if !strings.HasPrefix(v.Name, unitA+"_") {
			t.Errorf("unit status shows the file %s", v.Name)
		}
	}
	if strings.Contains(string(body), unitB) || strings.Contains(string(body), f.links[unitB].Name) {
		t.Errorf("unit status mentions unit %s", unitB)
	}
	var page VersionPage
	code, body, _ = f.as(tokA, "GET", fmt.Sprintf("/api/%d/versions/%d", testYear, u.Version), nil, "")
	if code != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page.Tables) == 0 || len(page.Others) != 2 {
		t.Errorf("own version page: %d, %d tables, %d versions", code, len(page.Tables), len(page.Others))
	}
	for _, p := range []string{"file", "annotated.xlsx"} {
		if code, body, _ := f.as(tokA, "GET", fmt.Sprintf("/api/%d/versions/%d/%s", testYear, f.verA, p), nil, ""); code != http.StatusOK || string(body[:2]) != "PK" {
			t.Errorf("own %s: %d", p, code)
		}
	}
	// The log names the unit as the actor of its receipt; the clerk's receipts stay the clerk's.
	entries, _ := f.srv.store.Log(testYear)
	var byUnit, byClerk int
	for _, e := range entries {
		switch {
		case e.Actor == "单位 "+unitA && e.Version == u.Version && strings.HasPrefix(e.Act, "收到文件"):
			byUnit++
		case e.Actor == store.ActorClerk && strings.HasPrefix(e.Act, "收到文件"):
			byClerk++
		}
	}
	if byUnit != 1 || byClerk != 2 {
		t.Errorf("log: %d receipts by the unit, %d by the clerk: %+v", byUnit, byClerk, entries)
	}
}

// TestRevokeLink: a revoked token is answered 401 everywhere, the unit page's cookie too, and the link
// leaves the list; revoking again is 404.
func TestRevokeLink(t *testing.T) {
	t.Parallel()
	f := newLinkFixture(t, "")
	tok := f.links[unitB].Token
	if code, body := f.do("DELETE", fmt.Sprintf("/api/%d/links/%s", testYear, unitB), nil, ""); code != http.StatusOK {
		t.Fatalf("revoke: %d %s", code, body)
	}
	for _, pattern := range f.srv.patterns {
		method, path := requestFor(pattern, f.verB, unitB)
		code, body, _ := f.as(tok, method, path, nil, "")
		if code != http.StatusUnauthorized || !strings.Contains(string(body), "收回") {
			t.Errorf("%s with a revoked token: %d %s", pattern, code, body)
		}
	}
	req, _ := http.NewRequest("GET", f.ts.URL+fmt.Sprintf("/api/%d/status", testYear), nil)
	req.AddCookie(&http.Cookie{Name: unitCookie, Value: tok})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked token in the cookie: %d", res.StatusCode)
	}
	var out struct{ Links []LinkInfo }
	f.getJSON(fmt.Sprintf("/api/%d/links", testYear), &out)
	for _, l := range out.Links {
		if l.Code == unitB {
			t.Error("the revoked link is still listed")
		}
	}
	if code, _ := f.do("DELETE", fmt.Sprintf("/api/%d/links/%s", testYear, unitB), nil, ""); code != http.StatusNotFound {
		t.Errorf("revoking again: %d", code)
	}
}
