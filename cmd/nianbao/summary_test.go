package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
)

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errw bytes.Buffer
	code := Run(context.Background(), append([]string{"nianbao"}, args...), strings.NewReader(""), &out, &errw)
	return out.String(), errw.String(), code
}

// sheetRows reads one sheet of a workbook as text rows.
func sheetRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	wb, err := read.Open(path, read.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range wb.Grids {
		if g.Name == sheet {
			return locate.Texts(g.Rows)
		}
	}
	t.Fatalf("%s has no sheet %s", path, sheet)
	return nil
}

// TestDemoTotalsEqualCheckedValues runs the demo, then check --json on 收到/ and on 汇总.xlsx: the summary's
// values equal the sum of the values of the accepted files, and 报送情况 lists the missing, replaced and
// off-roster units.
func TestDemoTotalsEqualCheckedValues(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "示例")
	out, errw, code := runCLI(t, "demo", "-o", dir, "--seed", "7")
	if code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errw)
	}
	for _, p := range []string{demo.RosterFile, demo.TemplatesDir, demo.ReceivedDir, demo.ReturnedDir, demo.SummaryFile} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("demo did not write %s: %v", p, err)
		}
	}
	tpl, _ := os.ReadDir(filepath.Join(dir, demo.TemplatesDir))
	if len(tpl) != 40 {
		t.Errorf("%d templates, want 40", len(tpl))
	}
	got, _, code := runCLI(t, "check", "--json", filepath.Join(dir, demo.ReceivedDir))
	if code != 1 {
		t.Errorf("check of 收到/ exit %d, want 1 (some files have errors)", code)
	}
	var doc batch.Document
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	// accepted: no errors, on the roster, and the newest file of its unit
	roster, err := read.ReadRoster(filepath.Join(dir, demo.RosterFile))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	accepted := 0
	for _, f := range doc.Files {
		if f.Verdict != batch.Passed && f.Verdict != batch.Warned {
			continue
		}
		_, onRoster := roster.Unit(f.Unit.Code)
		byName := false
		for _, u := range roster.Units {
			byName = byName || (f.Unit.Code == "" && model.Normalize(u.Name) == model.Normalize(f.Unit.Name))
		}
		if !onRoster && !byName {
			continue
		}
		accepted++
		for k, v := range f.Values {
			want[k] += v
		}
	}
	sum, _, code := runCLI(t, "check", "--json", filepath.Join(dir, demo.SummaryFile))
	if code != 0 {
		t.Errorf("check of 汇总.xlsx exit %d:\n%s", code, sum)
	}
	var sdoc batch.Document
	if err := json.Unmarshal([]byte(sum), &sdoc); err != nil || len(sdoc.Files) != 1 {
		t.Fatalf("summary check: %v %s", err, sum)
	}
	sf := sdoc.Files[0]
	if !sf.Summary || len(sf.Covers) != accepted {
		t.Errorf("summary: kind summary %v, covers %d units, want %d", sf.Summary, len(sf.Covers), accepted)
	}
	for _, c := range model.FormOf(model.V2021).Cells() {
		if model.Round(want[c.Key]) != sf.Values[c.Key] {
			t.Errorf("%s: summary %v, sum of accepted files %v", c.Key, sf.Values[c.Key], model.Round(want[c.Key]))
		}
	}
	if want["t3.new.total"] == 0 {
		t.Error("no applications at all: the demo figures are empty")
	}
	status := map[string]string{}
	for _, r := range sheetRows(t, filepath.Join(dir, demo.SummaryFile), templates.SummaryStatusSheet)[1:] {
		for len(r) < 7 {
			r = append(r, "")
		}
		status[r[4]] += r[1] + "|" + r[6] + ";"
	}
	for _, st := range []string{"未报送", "被替代", "名单外"} {
		if status[st] == "" {
			t.Errorf("报送情况 lists no %s unit: %v", st, status)
		}
	}
	if !strings.Contains(status["名单外"], "机关服务中心") || !strings.Contains(status["被替代"], ".xlsx") {
		t.Errorf("报送情况: %v", status)
	}

	// Each accepted unit's row in the summary's 明细 sheets is that unit's report, cell for cell.
	if len(sf.Covers) == 0 {
		t.Fatal("summary covers no unit")
	}
	compared := 0
	for _, f := range doc.Files {
		if f.Verdict != batch.Passed || f.Unit.Code == "" || !slices.Contains(sf.Covers, f.Unit.Code) {
			continue
		}
		out, _, code := runCLI(t, "compare", filepath.Join(dir, demo.SummaryFile)+"#"+f.Unit.Code, f.Path)
		if code != 0 {
			t.Errorf("compare 汇总.xlsx#%s with %s: exit %d\n%s", f.Unit.Code, f.Path, code, out)
		}
		compared++
	}
	if compared < 30 {
		t.Errorf("compared %d units with their summary rows", compared)
	}
}

// TestDistrictSummariesConsolidate builds each district's summary from its units, then the city summary from
// the district summaries and the city's own units: it equals the city summary built from all units, cell
// for cell in 表二, 表三, 表四 and 校验.
func TestDistrictSummariesConsolidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() // the outputs; the region is shared and only read
	rosterPath, received := regionFiles(t, 3, 26)
	roster, err := read.ReadRoster(rosterPath)
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := regionSummary(t, 3, 26) // shared: only read
	files, _, err := batch.Collect([]string{received})
	if err != nil {
		t.Fatal(err)
	}
	top := roster.Children("")[0]
	cityDir := filepath.Join(dir, "市级")
	os.MkdirAll(cityDir, 0o755)
	districts := 0
	for _, d := range roster.Children(top.Code) {
		if len(roster.Children(d.Code)) == 0 {
			continue
		}
		districts++
		sub := subtree(roster, d.Code)
		var csv strings.Builder
		csv.WriteString("单位代码,单位名称,上级单位代码\n")
		for _, u := range sub.Units {
			p := u.Parent
			if u.Code == d.Code {
				p = ""
			}
			csv.WriteString(u.Code + "," + u.Name + "," + p + "\n")
		}
		dr := filepath.Join(dir, d.Code+"_名单.csv")
		os.WriteFile(dr, []byte(csv.String()), 0o644)
		ddir := filepath.Join(dir, "区"+d.Code)
		os.MkdirAll(ddir, 0o755)
		for _, f := range files {
			if owner(roster, f) != "" && inSub(sub, owner(roster, f)) {
				link(t, f, ddir)
			}
		}
		out := filepath.Join(cityDir, d.Code+"_汇总.xlsx")
		if o, e, code := runCLI(t, "summary", "--roster", dr, "--year", "2024", "-o", out, ddir); code > 1 {
			t.Fatalf("district %s: %d %s %s", d.Code, code, o, e)
		}
	}
	if districts < 2 {
		t.Fatalf("only %d districts", districts)
	}
	for _, f := range files { // the city's own units, and files of no roster unit
		o := owner(roster, f)
		if o == "" || !inDistrict(roster, o, top.Code) {
			link(t, f, cityDir)
		}
	}
	city := filepath.Join(dir, "逐级汇总.xlsx")
	if o, e, code := runCLI(t, "summary", "--roster", rosterPath, "--year", "2024", "-o", city, cityDir); code > 1 {
		t.Fatalf("city summary: %d %s %s", code, o, e)
	}
	for _, sheet := range []string{"表二", "表三", "表四", "校验"} {
		a, b := sheetRows(t, direct, sheet), sheetRows(t, city, sheet)
		if len(a) != len(b) {
			t.Errorf("%s: %d rows vs %d", sheet, len(a), len(b))
			continue
		}
		for i := range a {
			if strings.Join(a[i], "|") != strings.Join(b[i], "|") {
				t.Errorf("%s row %d:\n direct %q\n tiered %q", sheet, i+1, a[i], b[i])
			}
		}
	}
	a := sheetRows(t, direct, "表三")
	if n, _ := strconv.ParseFloat(cell(a, "t3.new.total"), 64); n == 0 {
		t.Errorf("表三 total is empty: %v", cell(a, "t3.new.total"))
	}
	// a district summary given together with one of its units is double counting
	var unitFile string
	for _, f := range files {
		if o := owner(roster, f); o != "" && inDistrict(roster, o, top.Code) && strings.HasPrefix(filepath.Base(f), o+"_") {
			unitFile = f
		}
	}
	link(t, unitFile, cityDir)
	o, _, _ := runCLI(t, "summary", "--roster", rosterPath, "--year", "2024", "--json", "-o", filepath.Join(dir, "重复.xlsx"), cityDir)
	if !strings.Contains(o, `"rule": "R-8"`) || !strings.Contains(o, "重复汇总") {
		t.Errorf("no double counting reported for %s:\n%.2000s", unitFile, o)
	}
}

func cell(rows [][]string, key string) string {
	ref := templatesRef(key)
	col, row := 0, 0
	for i, r := range ref {
		if r >= '0' && r <= '9' {
			row, _ = strconv.Atoi(ref[i:])
			break
		}
		col = col*26 + int(r-'A'+1)
	}
	if row-1 < len(rows) && col-1 < len(rows[row-1]) {
		return rows[row-1][col-1]
	}
	return ""
}

func templatesRef(key string) string { return templates.For(model.V2021).Ref(key) }

// subtree is the part of a roster at and below code.
func subtree(r *model.Roster, code string) *model.Roster {
	out := &model.Roster{}
	for _, u := range r.Units {
		for c := u.Code; c != ""; {
			if c == code {
				out.Units = append(out.Units, u)
				break
			}
			p, _ := r.Unit(c)
			c = p.Parent
		}
	}
	return out
}

func inSub(r *model.Roster, code string) bool { _, ok := r.Unit(code); return ok }

// owner is the roster code of the unit a demo file belongs to, "" for the off-roster file.
func owner(r *model.Roster, path string) string {
	base := filepath.Base(path)
	if code, _, ok := strings.Cut(base, "_"); ok {
		if _, on := r.Unit(code); on {
			return code
		}
		return ""
	}
	for _, u := range r.Units {
		if strings.HasPrefix(base, u.Name) {
			return u.Code
		}
	}
	return ""
}

// inDistrict reports whether a unit lies in a district: below a child of top that has units of its own.
func inDistrict(r *model.Roster, code, top string) bool {
	for c := code; c != "" && c != top; {
		u, _ := r.Unit(c)
		if u.Parent == top {
			return len(r.Children(c)) > 0
		}
		c = u.Parent
	}
	return false
}

// link copies a file into dir with its modification time.
func link(t *testing.T, path, dir string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	dst := filepath.Join(dir, filepath.Base(path))
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(dst, st.ModTime(), st.ModTime())
}
