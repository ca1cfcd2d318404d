package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/demo"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
	"nianbao/web/season"
	"nianbao/xlsx/read"
)

// TestReminders: reminders.xlsx lists the 未报送 units and, once returned, the units with errors, with the
// 填报人 and 联系电话 written into the 填报说明 sheet by the unit (here by excelize) and the first error.
func TestReminders(t *testing.T) {
	t.Parallel()
	s, _ := loaded(t, "")
	st := statusOf(t, s)
	var failing season.StatusRow
	missing := map[string]bool{}
	for _, u := range st.Units {
		if u.OnRoster && u.Status == summary.Failed && u.Via == "" && failing.Code == "" {
			failing = u
		}
		if u.OnRoster && u.Status == summary.Missing {
			missing[u.Code] = true
		}
	}
	if failing.Code == "" || len(missing) == 0 {
		t.Fatal("the demo should have a failing and a missing unit")
	}
	// The unit resends its file with the contact filled in: a new version, still with errors.
	orig := filepath.Join(demoRegion(t), demo.ReceivedDir, failing.File)
	f, err := excelize.OpenFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	layout := templates.For(model.VersionForYear(testYear))
	filler, _ := layout.Field(templates.FieldFiller)
	phone, _ := layout.Field(templates.FieldPhone)
	f.SetCellStr(templates.InfoSheet, filler.Ref, "张三")
	f.SetCellStr(templates.InfoSheet, phone.Ref, "0571-88886666")
	withContact := filepath.Join(t.TempDir(), failing.File)
	if err := f.SaveAs(withContact); err != nil {
		t.Fatal(err)
	}
	f.Close()
	up := uploadOne(t, s, testYear, withContact)
	if up.Version == 0 || up.Verdict != "有错误" {
		t.Fatalf("resent file: %+v", up)
	}
	if code, body := s.do("GET", fmt.Sprintf("/api/%d/returns.zip", testYear), nil, ""); code != http.StatusOK {
		t.Fatalf("returns: %d %s", code, body)
	}
	code, body := s.do("GET", fmt.Sprintf("/api/%d/reminders.xlsx", testYear), nil, "")
	if code != http.StatusOK {
		t.Fatalf("reminders: %d %s", code, body)
	}
	path := filepath.Join(t.TempDir(), "催报名单.xlsx")
	os.WriteFile(path, body, 0o644)
	wb, err := read.Open(path, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rows := wb.Grids[0].Rows
	if got := rows[0][6].Text; got != "联系电话" {
		t.Fatalf("header: %q", got)
	}
	seen := map[string][]string{}
	for _, cells := range locate.Texts(rows[1:]) {
		for len(cells) < 8 {
			cells = append(cells, "")
		}
		seen[cells[0]] = cells
	}
	for code := range missing {
		if r := seen[code]; r == nil || r[3] != season.ProgressMissing {
			t.Errorf("missing unit %s: %v", code, r)
		}
	}
	r := seen[failing.Code]
	if r == nil || r[3] != season.ProgressReturned || r[4] == "" || r[5] != "张三" || r[6] != "0571-88886666" || r[7] == "" {
		t.Errorf("returned unit %s: %v", failing.Code, r)
	}
	for code, r := range seen {
		if !missing[code] && r[3] != season.ProgressReturned {
			t.Errorf("%s should not be on the list: %v", code, r)
		}
		if strings.TrimSpace(code) == "" {
			t.Errorf("row without code: %v", r)
		}
	}
}
