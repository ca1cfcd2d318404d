package web

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/demo"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

func (s *testServer) putRegion(year int, body string) (int, RegionInfo, string) {
	s.t.Helper()
	code, out := s.do("PUT", fmt.Sprintf("/api/%d/region", year), strings.NewReader(body), "application/json")
	var info RegionInfo
	if code == http.StatusOK {
		s.getJSON(fmt.Sprintf("/api/%d/region", year), &info)
	}
	return code, info, string(out)
}

// TestRegionAndCarryOver runs the two tests below over one loaded server.
func TestRegionAndCarryOver(t *testing.T) {
	t.Parallel()
	s, _ := loaded(t, "")
	_, last := cliSummary(t, false)
	t.Run("region", func(t *testing.T) { testRegion(t, s, last) })
	t.Run("carry-over", func(t *testing.T) { testTemplatesCarryOver(t, s, last) })
}

// testRegion: the region's name set in the page is the summary's as `summary --region` writes it (cell
// for cell); unset, the roster's default (summary.RegionName).
func testRegion(t *testing.T, s *testServer, last *summary.Collected) {
	roster, err := read.ReadRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	var info RegionInfo
	s.getJSON(fmt.Sprintf("/api/%d/region", testYear), &info)
	if info.Region != "" || info.Default == "" || info.Default != summary.RegionName(roster) || info.Name != info.Default {
		t.Fatalf("default: %+v, want %s", info, summary.RegionName(roster))
	}
	if code, _, out := s.putRegion(testYear, `{"region": "甲\n乙"}`); code != http.StatusUnprocessableEntity || !hasHan(out) {
		t.Errorf("a name with a line break: %d %s", code, out)
	}
	if code, _, out := s.putRegion(testYear, `{"name": "x"}`); code != http.StatusBadRequest {
		t.Errorf("no region field: %d %s", code, out)
	}
	const name = "测试地区"
	code, info, out := s.putRegion(testYear, fmt.Sprintf(`{"region": " %s "}`, name))
	if code != http.StatusOK || info.Region != name || info.Name != name {
		t.Fatalf("set: %d %+v %s", code, info, out)
	}
	// `summary --region` is summary.Run with the region: the same check of the same files (last, checked
	// once), then summary.Build with the region's name.
	cli, err := summary.Build(roster, summary.Inputs(last.Files), summary.Options{Year: testYear, Tool: testTool, Region: name})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := xlsx.WriteSummary(want, cli); err != nil {
		t.Fatal(err)
	}
	code, data := s.do("GET", fmt.Sprintf("/api/%d/summary.xlsx", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("summary: %d %s", code, data)
	}
	got := filepath.Join(t.TempDir(), "web.xlsx")
	os.WriteFile(got, data, 0o644)
	sameWorkbook(t, want, got)
	wb, err := read.Open(got, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if title := wb.Grids[0].Rows[0][0].Text; !strings.HasPrefix(title, name) {
		t.Errorf("title of %s: %q", wb.Grids[0].Name, title)
	}
	if code, info, _ := s.putRegion(testYear, `{"region": ""}`); code != http.StatusOK || info.Region != "" || info.Name != summary.RegionName(roster) {
		t.Errorf("reset: %d %+v", code, info)
	}
	code, data = s.do("GET", fmt.Sprintf("/api/%d/summary.xlsx", testYear), nil, "")
	os.WriteFile(got, data, 0o644)
	if wb, err = read.Open(got, read.Limits{}); err != nil {
		t.Fatal(err)
	}
	if title := wb.Grids[0].Rows[0][0].Text; code != http.StatusOK || !strings.HasPrefix(title, last.Name) || last.Name != summary.RegionName(roster) {
		t.Errorf("title with the default name: %q, want %s", title, last.Name)
	}
}

// testTemplatesCarryOver: with last year's workspace as the previous year, templates.zip pre-fills every
// unit's 二、上年结转 with its own 四、结转下年度继续办理 of last year, column by column (read back from the
// template and compared with the unit's report in the CLI's summary of last year), so that the template
// passes `check --previous`; a unit without a report last year gets the open template.
func testTemplatesCarryOver(t *testing.T, s *testServer, last *summary.Collected) {
	next := testYear + 1
	if code, body := s.do("POST", fmt.Sprintf("/api/%d/roster/copy-previous", next), nil, ""); code != http.StatusOK {
		t.Fatalf("copy roster: %d %s", code, body)
	}
	if code, body := putPrevious(t, s, next, "workspace", ""); code != http.StatusOK {
		t.Fatalf("previous: %d %s", code, body)
	}
	code, data := s.do("GET", fmt.Sprintf("/api/%d/templates.zip", next), nil, "")
	if code != http.StatusOK {
		t.Fatalf("templates.zip: %d %s", code, data)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]*model.Report{}
	for _, u := range last.Units {
		if u.OnRoster && u.Report != nil && u.Status != summary.Replaced {
			byCode[u.Code] = u.Report
		}
	}
	cols := model.FormOf(model.VersionForYear(next)).Table("t3").Blocks[0].Cols
	lastYear := func(u model.Unit) *model.Report { return byCode[u.Code] }
	filled, open := 0, 0
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		f := batch.CheckInput(batch.Input{Name: zf.Name, Open: func() ([]byte, error) { return body, nil }},
			batch.Options{Year: next, Previous: lastYear}) // as `check --previous` checks it
		if f.Report == nil || f.Year != next {
			t.Fatalf("%s: %s %d", zf.Name, f.Verdict, f.Year)
		}
		prev := byCode[f.Unit.Code]
		notes := carryNote(t, body)
		if prev == nil {
			open++
			if notes {
				t.Errorf("%s: pre-filled without a report last year", zf.Name)
			}
			for _, c := range cols {
				if v := f.Report.Get("t3.carried." + c.Key); v != 0 {
					t.Errorf("%s: 上年结转 %s = %v without a report last year", zf.Name, c.Key, v)
				}
			}
			continue
		}
		filled++
		for _, fd := range f.Findings {
			if fd.Rule == checks.XCarry.ID { // the carry-over; 表二's X-2 waits for this year's figures
				t.Errorf("%s: the pre-filled template fails the cross-year check: %s", zf.Name, fd.Message)
			}
		}
		if !notes {
			t.Errorf("%s: no note on where the carried-over numbers came from", zf.Name)
		}
		for _, c := range cols {
			if got, want := f.Report.Get("t3.carried."+c.Key), prev.Get("t3.carryover."+c.Key); got != want {
				t.Errorf("%s: 上年结转 %s = %v, last year's 结转下年度 %v", zf.Name, c.Key, got, want)
			}
		}
	}
	if filled == 0 || open == 0 {
		t.Errorf("%d templates pre-filled, %d open: the demo should have both", filled, open)
	}
	// The single template of a unit is pre-filled the same way.
	for code := range byCode {
		c, one := s.do("GET", fmt.Sprintf("/api/%d/template.xlsx?unit=%s", next, code), nil, "")
		if c != http.StatusOK || !carryNote(t, one) {
			t.Errorf("template of %s: %d, pre-filled %v", code, c, carryNote(t, one))
		}
		break
	}
}

// carryNote reports whether a workbook holds the note xlsx.CarryOver puts on the carried-over cells.
func carryNote(t *testing.T, book []byte) bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(part, []byte("由上年度数据自动提取")) {
			return true
		}
	}
	return false
}
