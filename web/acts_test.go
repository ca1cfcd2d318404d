package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

// twoVersions is the demo unit that sent a file and a corrected one: its status row and both versions,
// older (replaced) first.
func twoVersions(t *testing.T, s *testServer) (row season.StatusRow, older, newer *store.Version) {
	t.Helper()
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
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
	if len(page.Others) != 2 {
		t.Fatalf("versions: %+v", page.Others)
	}
	older, newer = page.Others[0], page.Others[1]
	for _, u := range st.Units {
		if u.OnRoster && u.Version == newer.ID {
			return u, older, newer
		}
	}
	t.Fatalf("the newer version %d counts for no roster unit", newer.ID)
	return
}

func statusOf(t *testing.T, s *testServer) Status {
	t.Helper()
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	return st
}

func rowByVersion(st Status, id int64) *season.StatusRow {
	for i := range st.Units {
		if st.Units[i].Version == id {
			return &st.Units[i]
		}
	}
	return nil
}

// cliTotal is the region total `nianbao summary` computes for the demo's received files except those
// named in leave.
func cliTotal(t *testing.T, leave ...string) map[string]float64 {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "收到")
	os.MkdirAll(dir, 0o755)
	skip := map[string]bool{}
	for _, n := range leave {
		skip[n] = true
	}
	for _, p := range received(t) {
		if skip[filepath.Base(p)] {
			continue
		}
		data, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(dir, filepath.Base(p)), data, 0o644)
	}
	roster, err := read.ReadRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	res, err := summary.Run(roster, []string{dir}, batch.Options{Year: testYear}, summary.Options{Year: testYear, Tool: testTool})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total.Values
}

// webTotal is the region total the server's summary holds.
func webTotal(t *testing.T, s *testServer) map[string]float64 {
	t.Helper()
	ws := s.srv.space(testYear)
	roster, _, err := s.srv.store.Roster(testYear)
	if err != nil {
		t.Fatal(err)
	}
	ws.Lock()
	defer ws.Unlock()
	res, _, err := ws.Build(roster, false)
	if err != nil {
		t.Fatal(err)
	}
	return res.Total.Values
}

// TestWithdraw: withdrawing the file that counts for a unit brings back its earlier file, in the status
// and in the summary (whose total equals that of `nianbao summary` without the withdrawn file); the
// withdrawn file stays listed and downloadable; a second withdrawal is refused; withdrawing a unit's only
// file makes it 未报送.
func TestWithdraw(t *testing.T) {
	t.Parallel()
	s, doc := loaded(t, "")
	row, older, newer := twoVersions(t, s)
	if row.Rule != season.RuleModified { // both came in one request
		t.Errorf("rule before the withdrawal: %q", row.Rule)
	}
	code, body := s.do("DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, newer.ID), nil, "")
	if code != http.StatusOK {
		t.Fatalf("withdraw: %d %s", code, body)
	}
	st := statusOf(t, s)
	now := rowByVersion(st, older.ID)
	if now == nil || now.Code != row.Code || now.Status == summary.Replaced || now.Rule != "" {
		t.Fatalf("after the withdrawal the older file should count for %s: %+v", row.Code, now)
	}
	if r := rowByVersion(st, newer.ID); r != nil {
		t.Errorf("the withdrawn file is still in the status: %+v", r)
	}
	for _, u := range st.Units {
		if u.Status == summary.Replaced {
			t.Errorf("a replaced file is left: %+v", u)
		}
	}
	var listed *store.Version
	for _, v := range st.Files {
		if v.ID == newer.ID {
			listed = v
		}
	}
	if listed == nil || listed.Withdrawn == nil {
		t.Errorf("the withdrawn file should stay listed, marked withdrawn: %+v", listed)
	}
	if got, want := webTotal(t, s), cliTotal(t, newer.Name); !reflect.DeepEqual(got, want) {
		t.Errorf("total after the withdrawal differs from `nianbao summary` without %s", newer.Name)
	}
	code, data := s.do("GET", fmt.Sprintf("/api/%d/versions/%d/file", testYear, newer.ID), nil, "")
	orig, _ := os.ReadFile(filepath.Join(demoRegion(t), demo.ReceivedDir, newer.Name))
	if code != http.StatusOK || !bytes.Equal(data, orig) {
		t.Errorf("the withdrawn file is no longer downloadable: %d", code)
	}
	if code, body := s.do("DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, newer.ID), nil, ""); code != http.StatusConflict || !strings.Contains(string(body), "已经撤回") {
		t.Errorf("second withdrawal: %d %s", code, body)
	}
	if code, _ := s.do("POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, newer.ID), nil, ""); code != http.StatusConflict {
		t.Errorf("choosing a withdrawn file: %d", code)
	}
	if code, _ := s.do("DELETE", fmt.Sprintf("/api/%d/versions/999999", testYear), nil, ""); code != http.StatusNotFound {
		t.Errorf("withdrawing no file: %d", code)
	}

	// A unit's only file: withdrawn, the unit has not reported.
	var only *season.StatusRow
	for i, u := range st.Units {
		if u.OnRoster && u.Version != 0 && u.Version != older.ID && u.Status == summary.Passed {
			only = &st.Units[i]
			break
		}
	}
	if only == nil {
		t.Fatal("no passing unit")
	}
	if code, body := s.do("DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, only.Version), nil, ""); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	st = statusOf(t, s)
	for _, u := range st.Units {
		if u.Code == only.Code && u.OnRoster && u.Status != summary.Missing {
			t.Errorf("%s after withdrawing its only file: %s", u.Code, u.Status)
		}
	}
	if st.Counts.Missing != statusOfCounts(doc, t).Missing+1 {
		t.Errorf("missing: %d", st.Counts.Missing)
	}

	// The same file received again counts again, as the newest.
	code, body = s.upload(fmt.Sprintf("/api/%d/submissions", testYear), filepath.Join(demoRegion(t), demo.ReceivedDir, newer.Name))
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	st = statusOf(t, s)
	if r := rowByVersion(st, newer.ID); r == nil || r.Code != row.Code || r.Rule != season.RuleNewest {
		t.Errorf("the file received again should count again: %+v", r)
	}
}

// statusOfCounts is the counts of a fresh server with the demo loaded (the baseline).
func statusOfCounts(_ SubmitDocument, t *testing.T) summary.Counts {
	s, _ := loaded(t, "")
	return *statusOf(t, s).Counts
}

// TestChoose: choosing the older file of a unit overrides the newest-first rule: it counts, the status
// says it was chosen, the newer file is 被替代, and the summary's total is that of `nianbao summary`
// without the newer file.
func TestChoose(t *testing.T) {
	t.Parallel()
	s, _ := loaded(t, "")
	row, older, newer := twoVersions(t, s)
	code, body := s.do("POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, older.ID), nil, "")
	if code != http.StatusOK {
		t.Fatalf("choose: %d %s", code, body)
	}
	st := statusOf(t, s)
	now := rowByVersion(st, older.ID)
	if now == nil || now.Code != row.Code || !now.OnRoster || now.Rule != season.RuleChosen {
		t.Fatalf("the chosen file should count for %s: %+v", row.Code, now)
	}
	if r := rowByVersion(st, newer.ID); r == nil || r.Status != summary.Replaced {
		t.Errorf("the newer file should be replaced: %+v", r)
	}
	if got, want := webTotal(t, s), cliTotal(t, newer.Name); !reflect.DeepEqual(got, want) {
		t.Errorf("total after the choice differs from `nianbao summary` without %s", newer.Name)
	}
	var page VersionPage
	s.getJSON(fmt.Sprintf("/api/%d/versions/%d", testYear, older.ID), &page)
	if !page.Version.Chosen || page.Others[0].Chosen != true || page.Others[1].Chosen {
		t.Errorf("the version page should mark the choice: %+v", page.Others)
	}
	// Choosing the other one moves the choice.
	if code, _ := s.do("POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, newer.ID), nil, ""); code != http.StatusOK {
		t.Fatal(code)
	}
	st = statusOf(t, s)
	if r := rowByVersion(st, newer.ID); r == nil || r.Rule != season.RuleChosen || !r.OnRoster {
		t.Errorf("after choosing the newer file: %+v", r)
	}
	if r := rowByVersion(st, older.ID); r == nil || r.Status != summary.Replaced {
		t.Errorf("after choosing the newer file, the older: %+v", r)
	}
}

// uploadAt uploads one file saying it was modified at mod, in the batch named by query ("?batch=…" or "").
func (s *testServer) uploadAt(path string, mod time.Time, query ...string) {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("modified", strconv.FormatInt(mod.UnixMilli(), 10))
	w, _ := mw.CreateFormFile("file", filepath.Base(path))
	data, err := os.ReadFile(path)
	if err != nil {
		s.t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	code, body := s.do("POST", fmt.Sprintf("/api/%d/submissions%s", testYear, strings.Join(query, "")), &buf, mw.FormDataContentType())
	if code != http.StatusOK {
		s.t.Fatalf("%d %s", code, body)
	}
}

// TestNewestIsReceivedLast: the file received last counts, even when its modification time is older
// (an old copy touched, or a corrected file copied with its old time); the status says which rule applied.
func TestNewestIsReceivedLast(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true})
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	var first, second string
	for _, p := range received(t) {
		if strings.Contains(filepath.Base(p), "（修改后）") {
			second = p
			first = strings.Replace(p, "（修改后）", "", 1)
		}
	}
	if second == "" {
		t.Fatal("no corrected file in the demo")
	}
	// The corrected file arrives first, claiming a recent time; the original arrives last with an old one.
	s.uploadAt(second, time.Now())
	s.uploadAt(first, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	st := statusOf(t, s)
	var counted *season.StatusRow
	for i, u := range st.Units {
		if u.OnRoster && u.File != "" && u.Status != summary.Replaced {
			counted = &st.Units[i]
		}
	}
	if counted == nil || counted.File != filepath.Base(first) || counted.Rule != season.RuleNewest {
		t.Fatalf("the file received last should count by the rule %q: %+v", season.RuleNewest, counted)
	}

	// In one batch (the files of one drop on the page, sent in parallel requests), modification time
	// decides, as in a folder: the corrected file counts although received first.
	s2 := newTestServer(t, "", Options{Loopback: true})
	s2.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	s2.uploadAt(second, time.Now(), "?batch=drop-1")
	s2.uploadAt(first, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), "?batch=drop-1")
	counted = nil
	for _, u := range statusOf(t, s2).Units {
		if u.OnRoster && u.File != "" && u.Status != summary.Replaced {
			counted = &u
		}
	}
	if counted == nil || counted.File != filepath.Base(second) || counted.Rule != season.RuleModified {
		t.Fatalf("in one batch the file modified last should count by the rule %q: %+v", season.RuleModified, counted)
	}
}

// TestActsSurviveRestart: withdrawals, choices and the log are in the store: a new server on the same
// folder shows the same status, versions and log.
func TestActsSurviveRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, _ := loaded(t, dir)
	_, older, newer := twoVersions(t, s)
	st := statusOf(t, s)
	var other int64
	for _, u := range st.Units {
		if u.OnRoster && u.Version != 0 && u.Version != older.ID && u.Version != newer.ID {
			other = u.Version
			break
		}
	}
	for _, req := range [][2]string{{"POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, older.ID)},
		{"DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, other)}} {
		if code, body := s.do(req[0], req[1], nil, ""); code != http.StatusOK {
			t.Fatalf("%s %s: %d %s", req[0], req[1], code, body)
		}
	}
	before := statusOf(t, s)
	var logBefore struct {
		Log []store.LogEntry `json:"log"`
	}
	s.getJSON(fmt.Sprintf("/api/%d/log", testYear), &logBefore)
	s.close()
	s2 := newTestServer(t, dir, Options{Loopback: true})
	after := statusOf(t, s2)
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		t.Errorf("status changed across a restart:\nbefore %s\nafter  %s", bj, aj)
	}
	if r := rowByVersion(after, older.ID); r == nil || r.Rule != season.RuleChosen {
		t.Errorf("choice lost: %+v", r)
	}
	var logAfter struct {
		Log []store.LogEntry `json:"log"`
	}
	s2.getJSON(fmt.Sprintf("/api/%d/log", testYear), &logAfter)
	if !reflect.DeepEqual(logBefore, logAfter) {
		t.Errorf("log changed across a restart")
	}
}

// TestLog: every upload, withdrawal and choice is a line of the year's log with time and actor.
func TestLog(t *testing.T) {
	t.Parallel()
	start := time.Now().Add(-time.Second)
	s, doc := uploadDemo(t, "") // the upload now: its lines are timed after start
	_, older, newer := twoVersions(t, s)
	s.do("POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, older.ID), nil, "")
	s.do("DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, newer.ID), nil, "")
	code, body := s.do("GET", fmt.Sprintf("/api/%d/log", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatal(code)
	}
	var got struct {
		Year int              `json:"year"`
		Log  []store.LogEntry `json:"log"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Log) != 1+len(doc.Uploads)+2 {
		t.Fatalf("log: want %d lines (roster, uploads, choice, withdrawal), got %d: %s", 1+len(doc.Uploads)+2, len(got.Log), body)
	}
	if !strings.HasPrefix(got.Log[0].Act, "使用名单") {
		t.Errorf("first line should be the roster: %+v", got.Log[0])
	}
	last2 := got.Log[len(got.Log)-2:]
	if !strings.HasPrefix(last2[0].Act, "选定") || last2[0].Version != older.ID ||
		!strings.HasPrefix(last2[1].Act, "撤回") || last2[1].Version != newer.ID {
		t.Errorf("last acts: %+v", last2)
	}
	for _, e := range got.Log {
		if e.Actor != store.ActorClerk || e.At.Before(start) || e.At.After(time.Now()) || e.Act == "" {
			t.Errorf("log line: %+v", e)
		}
	}
	if !strings.Contains(got.Log[1].Act, doc.Uploads[0].Name) {
		t.Errorf("second line should be the first upload: %+v", got.Log[1])
	}
}
