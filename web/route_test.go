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
	"nianbao/model"
	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

func uploadOne(t *testing.T, s *testServer, year int, path string) UploadInfo {
	t.Helper()
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", year), path)
	var doc SubmitDocument
	if code != http.StatusOK || json.Unmarshal(body, &doc) != nil || len(doc.Uploads) != 1 {
		t.Fatalf("upload %s: %d %s", path, code, body)
	}
	return doc.Uploads[0]
}

// TestRightBox: the region's own summary, a roster and a report of another year dropped among the
// submissions are answered for what they are and not filed: the status stays as it was.
func TestRightBox(t *testing.T) {
	t.Parallel()
	s, _ := loaded(t, "")
	before := statusOf(t, s)
	own, _ := cliSummary(t, false)
	for _, tc := range []struct {
		path, kind string
		year       int
		want       string
	}{
		{own, season.KindOwnSummary, testYear, "自己的汇总表"},
		{filepath.Join(demoRegion(t), demo.RosterFile), season.KindRoster, testYear, "单位名单"},
		{received(t)[0], season.KindOtherYear, testYear + 1, fmt.Sprintf("这是 %d 年度的报表", testYear)},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			up := uploadOne(t, s, tc.year, tc.path)
			if up.Kind != tc.kind || up.Version != 0 || !strings.Contains(up.Message, tc.want) {
				t.Errorf("answer: %+v", up)
			}
			if tc.kind == season.KindOtherYear && up.Year != testYear {
				t.Errorf("year: %d", up.Year)
			}
		})
	}
	after := statusOf(t, s)
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		t.Errorf("status changed by files not filed")
	}
	var next Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear+1), &next)
	if len(next.Files) != 0 {
		t.Errorf("%d年度 got a file: %+v", testYear+1, next.Files)
	}
}

// TestLowerSummary: a lower level's summary workbook (东城区's, made by `nianbao summary` with its part
// of the roster) is filed as 下级汇总表; the answer lists what it makes double, and the status is the one
// `nianbao summary` gives for the same files.
func TestLowerSummary(t *testing.T) {
	t.Parallel()
	full, err := read.ReadRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	top := full.Children("")[0]
	var mid model.RosterUnit
	for _, u := range full.Children(top.Code) {
		if len(full.Children(u.Code)) > 0 {
			mid = u
			break
		}
	}
	if mid.Code == "" {
		t.Fatal("no middle level in the demo roster")
	}
	sub := &model.Roster{}
	for _, u := range full.Units {
		if u.Code == mid.Code {
			u.Parent = ""
			sub.Units = append(sub.Units, u)
		} else if u.Parent == mid.Code {
			sub.Units = append(sub.Units, u)
		}
	}
	folder := filepath.Join(t.TempDir(), "收到")
	os.MkdirAll(folder, 0o755)
	res, err := summary.Run(sub, []string{filepath.Join(demoRegion(t), demo.ReceivedDir)}, batch.Options{Year: testYear},
		summary.Options{Year: testYear, Tool: testTool})
	if err != nil {
		t.Fatal(err)
	}
	lower := filepath.Join(folder, mid.Name+"汇总.xlsx")
	if err := xlsx.WriteSummary(lower, res.Result); err != nil {
		t.Fatal(err)
	}
	s, _ := loaded(t, "")
	up := uploadOne(t, s, testYear, lower)
	if up.Kind != season.KindSummary || up.Version == 0 || len(up.Double) == 0 {
		t.Fatalf("answer: %+v", up)
	}
	// `nianbao summary` over the received files and the lower summary.
	for _, p := range received(t) {
		data, _ := os.ReadFile(p)
		os.WriteFile(filepath.Join(folder, filepath.Base(p)), data, 0o644)
	}
	want, err := summary.Run(full, []string{folder}, batch.Options{Year: testYear}, summary.Options{Year: testYear, Tool: testTool})
	if err != nil {
		t.Fatal(err)
	}
	st := statusOf(t, s)
	var got, wantRows []string
	for _, u := range st.Units {
		got = append(got, u.Code+" "+string(u.Status)+" "+u.File)
	}
	double := 0
	for _, u := range want.Units {
		name := ""
		if u.File != "" {
			name = filepath.Base(u.File)
		}
		wantRows = append(wantRows, u.Code+" "+string(u.Status)+" "+name)
		if u.Status == summary.Double {
			double++
		}
	}
	if strings.Join(got, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("status:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"))
	}
	if double == 0 || len(up.Double) != double {
		t.Errorf("double: answer lists %d (%v), the summary has %d", len(up.Double), up.Double, double)
	}
}
