package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// TestSummaryRegionAndTree: the region's name defaults to the top unit's without 人民政府办公室 and --region
// overrides it (title, 汇总范围, page headers); in 分级汇总 every 小计 row equals its 本级 row plus the rows of
// the units directly below it, and the top 小计 equals the region's 表三.
func TestSummaryRegionAndTree(t *testing.T) {
	t.Parallel()
	roster, received := regionFiles(t, 3, 26)
	for _, c := range []struct{ region, want string }{{"", "示例市"}, {"示例市（含市直部门和各区）", "示例市（含市直部门和各区）"}} {
		var out, stdout, errw string
		code := 0
		if c.region == "" { // the default region: the shared summary of this region
			out, stdout = regionSummary(t, 3, 26)
		} else {
			out = filepath.Join(t.TempDir(), "汇总.xlsx")
			stdout, errw, code = runCLI(t, "summary", "--roster", roster, "--year", "2024", "-o", out, "--region", c.region, received)
		}
		if code == 2 || !strings.HasPrefix(stdout, c.want+" 2024年度汇总") {
			t.Fatalf("summary %q: %d\n%s\n%s", c.region, code, stdout, errw)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		title, _ := f.GetCellValue(templates.SummaryInfoSheet, "A1")
		scope, _ := f.GetCellValue(templates.SummaryInfoSheet, "B3")
		if !strings.HasPrefix(title, c.want+"2024年度") || !strings.HasPrefix(scope, c.want+"（示例市人民政府办公室") {
			t.Errorf("title %q, 汇总范围 %q", title, scope)
		}
		for _, s := range []string{"表三", templates.SummaryTreeSheet, "表三明细", templates.SummaryStatusSheet} {
			if hf, err := f.GetHeaderFooter(s); err != nil || !strings.Contains(hf.OddHeader, "汇总范围："+c.want) {
				t.Errorf("%s page header %+v %v", s, hf, err)
			}
		}
		if i, _ := f.GetSheetIndex("填报说明"); i >= 0 {
			t.Error("a summary carries 填报说明")
		}
		f.Close()
		if c.region == "" {
			checkTree(t, out, roster)
		}
	}
}

// checkTree reads 分级汇总 and checks every 小计 against its 本级 and the rows below it.
func checkTree(t *testing.T, path, rosterPath string) {
	ros, err := read.ReadRoster(rosterPath)
	if err != nil {
		t.Fatal(err)
	}
	rows := sheetRows(t, path, templates.SummaryTreeSheet)
	num := func(s string) float64 { v, _ := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64); return v }
	type line struct {
		kind string
		vals []float64
	}
	byCode := map[string]map[string]line{} // code → 口径 → line
	for _, r := range rows[1:] {
		if len(r) < 3 {
			continue
		}
		vals := make([]float64, len(rows[0])-4) // blank cells (units not summed) read as 0
		for i := range vals {
			if 4+i < len(r) {
				vals[i] = num(r[4+i])
			}
		}
		if byCode[r[0]] == nil {
			byCode[r[0]] = map[string]line{}
		}
		byCode[r[0]][r[2]] = line{r[2], vals}
	}
	subs := 0
	for _, u := range ros.Units {
		kids := ros.Children(u.Code)
		got := byCode[u.Code]
		if len(kids) == 0 {
			if _, ok := got[xlsx.TreeUnit]; !ok {
				t.Errorf("%s has no 单位 row: %v", u.Name, got)
			}
			continue
		}
		sub, ok1 := got[xlsx.TreeSubtotal]
		own, ok2 := got[xlsx.TreeOwn]
		if !ok1 || !ok2 {
			t.Fatalf("%s: rows %v", u.Name, got)
		}
		subs++
		want := append([]float64(nil), own.vals...)
		for _, k := range kids {
			l, ok := byCode[k.Code][xlsx.TreeSubtotal]
			if !ok {
				l = byCode[k.Code][xlsx.TreeUnit]
			}
			for i, v := range l.vals {
				want[i] += v
			}
		}
		for i := range want {
			if sub.vals[i] != want[i] {
				t.Errorf("%s 小计 column %s: %v, want 本级 + below = %v", u.Name, rows[0][4+i], sub.vals[i], want[i])
			}
		}
	}
	if subs < 2 {
		t.Errorf("only %d branches", subs)
	}
	top := byCode[ros.Units[0].Code][xlsx.TreeSubtotal]
	t3 := sheetRows(t, path, "表三")
	ref := model.CellRef(10, 5) // J5: t3.new.total
	if c, r, _ := model.ParseRef(ref); num(t3[r-1][c-1]) != top.vals[3] {
		t.Errorf("top 小计 本年新收 %v, 表三 %s %q", top.vals[3], ref, t3[r-1][c-1])
	}
}
