package xlsx

import (
	"archive/zip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldenDir = "../testdata/golden"

func writeTemplate(t *testing.T, opt TemplateOptions) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := WriteTemplate(path, opt); err != nil {
		t.Fatal(err)
	}
	return path
}

func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// part returns one part of the package as text.
func part(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			return string(b)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}

// sheetXML returns the XML of a sheet by name.
func sheetXML(t *testing.T, path, sheet string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts, err := sheetParts(&zr.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for p, name := range parts {
		if name == sheet {
			return part(t, path, p)
		}
	}
	t.Fatalf("no sheet %s", sheet)
	return ""
}

func TestTemplateStructure(t *testing.T) {
	for _, v := range model.Versions {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			year := 2020
			if v == model.V2021 {
				year = 2024
			}
			path := writeTemplate(t, TemplateOptions{Year: year})
			f := openBook(t, path)
			layout := templates.For(v)
			var names []string
			for _, s := range layout.Sheets {
				names = append(names, s.Name)
			}
			if got := f.GetSheetList(); !slices.Equal(got, names) {
				t.Fatalf("sheets %v, want %v", got, names)
			}
			if !strings.Contains(part(t, path, "xl/workbook.xml"), `name="_nianbao" sheetId="6" r:id="rId9" state="veryHidden"`) {
				t.Error("meta sheet is not very hidden")
			}
			rows, _ := f.GetRows(templates.MetaSheet)
			want := [][]string{{"tool", "nianbao"}, {"kind", "template"}, {"spec", "1"}, {"form", fmt.Sprint(v)},
				{"year", fmt.Sprint(year)}, {"unit_code"}, {"unit_name"}}
			if len(rows) == len(want)+1 && len(rows[len(want)]) == 2 && rows[len(want)][0] == templates.MetaDigest {
				rows = rows[:len(want)] // the digest row, tested in templates
			}
			if fmt.Sprint(rows) != fmt.Sprint(want) {
				t.Errorf("meta rows %v, want %v", rows, want)
			}
			if cp, _ := f.GetCalcProps(); cp.FullCalcOnLoad == nil || !*cp.FullCalcOnLoad {
				t.Error("no full calculation on load")
			}
			for _, p := range layout.Places() {
				c, _ := model.FormOf(v).Cell(p.Key)
				got, _ := f.GetCellValue(p.Sheet, p.RowLabel.Ref)
				if got != c.Row.Label {
					t.Errorf("%s: row label %s!%s = %q, want %q", p.Key, p.Sheet, p.RowLabel.Ref, got, c.Row.Label)
				}
				if got, _ := f.GetCellValue(p.Sheet, p.ColLabel.Ref); got != c.Col.Label {
					t.Errorf("%s: column label %s!%s = %q, want %q", p.Key, p.Sheet, p.ColLabel.Ref, got, c.Col.Label)
				}
				formula, _ := f.GetCellFormula(p.Sheet, p.Ref)
				val, _ := f.GetCellValue(p.Sheet, p.Ref)
				locked := isLocked(t, f, p.Sheet, p.Ref)
				if c.Input() {
					if formula != "" || val != "" || locked {
						t.Errorf("%s at %s: input has formula %q value %q locked %v", p.Key, p.Ref, formula, val, locked)
					}
				} else if !strings.HasPrefix(formula, "SUM(") || val != "0" || !locked {
					t.Errorf("%s at %s: total has formula %q value %q locked %v", p.Key, p.Ref, formula, val, locked)
				}
			}
			for _, s := range layout.Sheets {
				if s.Table == nil {
					continue
				}
				xml := sheetXML(t, path, s.Name)
				if !strings.Contains(xml, `<dimension ref="`+s.Dimension()+`">`) {
					t.Errorf("%s: dimension is not %s", s.Name, s.Dimension())
				}
				if !strings.Contains(xml, `<sheetProtection sheet="true"`) || strings.Contains(xml, "password") {
					t.Errorf("%s: not protected without password", s.Name)
				}
				// totals carry a numeric cached value, not a text one
				if m := regexp.MustCompile(`<c [^>]*t="str"><f>SUM`).FindString(xml); m != "" {
					t.Errorf("%s: total typed as text: %s", s.Name, m)
				}
				merges, _ := f.GetMergeCells(s.Name)
				var got []string
				for _, m := range merges {
					got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
				}
				sort.Strings(got)
				wantM := slices.Clone(s.Merges)
				sort.Strings(wantM)
				if !slices.Equal(got, wantM) {
					t.Errorf("%s: merges %v, want %v", s.Name, got, wantM)
				}
				checkValidations(t, f, s)
			}
		})
	}
}

func isLocked(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Protection == nil || st.Protection.Locked
}

// checkValidations asserts that every input cell of a sheet is under a validation of its kind.
func checkValidations(t *testing.T, f *excelize.File, s *templates.Sheet) {
	t.Helper()
	dvs, err := f.GetDataValidations(s.Name)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Cells {
		if p.Style != templates.Input {
			continue
		}
		var found *excelize.DataValidation
		for _, dv := range dvs {
			for _, r := range strings.Fields(dv.Sqref) {
				if templates.InRange(p.Ref, r) {
					found = dv
				}
			}
		}
		if found == nil {
			t.Errorf("%s!%s: no validation", s.Name, p.Ref)
			continue
		}
		wantType, min := "whole", "0"
		switch p.Kind {
		case model.Change:
			min = "-2147483647"
		case model.Amount:
			wantType = "decimal"
		}
		if found.Type != wantType || found.Formula1 != min || found.Error == nil || !strings.Contains(*found.Error, "此处应填写") {
			t.Errorf("%s!%s (%v): validation %s %s", s.Name, p.Ref, p.Kind, found.Type, found.Formula1)
		}
	}
}

// consistent fills every input of a version with figures that satisfy every identity, the way an agency
// would: 表三 results first, then 上年结转 and 本年新收 so that T3-1 holds.
func consistent(v model.Version, seed int) *model.Report {
	r := model.NewReport(model.Unit{Name: "测试局", Code: "T01"}, 2024, v)
	n := seed
	next := func(mod int) float64 { n = (n*1103515245 + 12345) % 2147483648; return float64(n % mod) }
	for _, c := range model.FormOf(v).Cells() {
		if !c.Input() {
			continue
		}
		switch {
		case c.Kind == model.Amount:
			r.Values[c.Key] = next(10000) / 100
		case c.Kind == model.Change:
			r.Values[c.Key] = next(7) - 3
		default:
			r.Values[c.Key] = next(20)
		}
	}
	// 表二 plausibility: what is issued or published stays within what is valid / made
	for _, row := range []string{"rules", "normative"} {
		r.Values["t2."+row+".valid"] += r.Values["t2."+row+".issued"]
		r.Values["t2."+row+".made"] += r.Values["t2."+row+".published"]
		r.Values["t2."+row+".total"] += r.Values["t2."+row+".published"]
	}
	for _, row := range []string{"license", "otherservice", "penalty", "coercion", "fees"} {
		r.Values["t2."+row+".previous"] += 3
	}
	r.ComputeTotals()
	for _, c := range model.TableOf(v, "t3").Blocks[0].Cols {
		if c.Key == "total" {
			continue
		}
		k := func(row string) string { return "t3." + row + "." + c.Key }
		out := r.Values[k("resulttotal")] + r.Values[k("carryover")]
		r.Values[k("carried")] = float64(int(out) / 3)
		r.Values[k("new")] = out - r.Values[k("carried")]
	}
	r.ComputeTotals()
	return r
}

func TestTemplatePrefilled(t *testing.T) {
	for _, v := range model.Versions {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			rep := consistent(v, int(v))
			rep.Values["t3.carryover.person"]++ // break T3-1 in the 自然人 column
			rep.ComputeTotals()
			unit := model.Unit{Name: "=HYPERLINK(\"http://x\")&某局", Code: "0012"}
			path := writeTemplate(t, TemplateOptions{Year: 2024, Version: v, Unit: unit, Report: rep})
			f := openBook(t, path)
			layout := templates.For(v)
			for _, p := range layout.Places() {
				got, _ := f.GetCellValue(p.Sheet, p.Ref, excelize.Options{RawCellValue: true})
				if want := model.FormatValue(rep.Get(p.Key)); got != want && !(got == "" && rep.Get(p.Key) == 0) {
					t.Errorf("%s at %s = %q, want %s", p.Key, p.Ref, got, want)
				}
			}
			fails := map[int]bool{}
			for _, fd := range checks.Run(rep, nil) {
				for _, l := range layout.Checks {
					if l.Identity.Blame == fd.Key && l.Identity.Rule.ID == fd.Rule {
						fails[l.Row] = true
					}
				}
			}
			if len(fails) == 0 {
				t.Fatal("the broken report fails no check")
			}
			for _, l := range layout.Checks {
				got, _ := f.GetCellValue(templates.CheckSheet, model.CellRef(8, l.Row))
				want := templates.Pass
				if fails[l.Row] {
					want = l.FailText
				}
				if got != want {
					t.Errorf("校验 row %d (%s %s): cached %q, want %q", l.Row, l.Identity.Rule.ID, l.Identity.Scope, got, want)
				}
			}
			for _, fp := range layout.Fields {
				got, _ := f.GetCellValue(templates.InfoSheet, fp.Ref)
				formula, _ := f.GetCellFormula(templates.InfoSheet, fp.Ref)
				want := map[string]string{templates.FieldUnitName: unit.Name, templates.FieldUnitCode: unit.Code, templates.FieldYear: "2024"}[fp.Name]
				if got != want || formula != "" {
					t.Errorf("field %s = %q (formula %q), want %q", fp.Name, got, formula, want)
				}
				if locked := isLocked(t, f, templates.InfoSheet, fp.Ref); locked != (want != "") {
					t.Errorf("field %s locked = %v", fp.Name, locked)
				}
			}
			rows, _ := f.GetRows(templates.MetaSheet)
			if rows[6][1] != unit.Name || rows[5][1] != unit.Code {
				t.Errorf("meta %v", rows)
			}
		})
	}
}

func TestTemplateErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		opt  TemplateOptions
	}{
		{"bad year", filepath.Join(dir, "a.xlsx"), TemplateOptions{Year: 24}},
		{"bad version", filepath.Join(dir, "a.xlsx"), TemplateOptions{Year: 2024, Version: 2020}},
		{"missing directory", filepath.Join(dir, "none", "a.xlsx"), TemplateOptions{Year: 2024}},
		{"directory", dir, TemplateOptions{Year: 2024}},
		{"mixed report", filepath.Join(dir, "a.xlsx"), TemplateOptions{Year: 2024, Report: model.NewReport(model.Unit{}, 2020, model.V2019)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := WriteTemplate(tt.path, tt.opt); err == nil {
				t.Error("no error")
			}
		})
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestGolden dumps every sheet of the generated templates as text, from the written file.
func TestGolden(t *testing.T) {
	for _, v := range model.Versions {
		path := writeTemplate(t, TemplateOptions{Year: int(v), Unit: model.Unit{Name: "示例单位", Code: "000"}})
		f := openBook(t, path)
		for i, name := range f.GetSheetList() {
			t.Run(fmt.Sprintf("%d/%s", v, name), func(t *testing.T) {
				got := dumpSheet(t, f, name)
				file := filepath.Join(goldenDir, fmt.Sprintf("template-%d-%d.golden", v, i+1))
				if *update {
					if err := os.MkdirAll(goldenDir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%v (run go test ./xlsx -run TestGolden -update)", err)
				}
				if got != string(want) {
					t.Errorf("sheet %s differs from %s; diff after go test -update", name, file)
				}
			})
		}
	}
}

// dumpSheet renders a sheet as text: merges, then one line per non-blank or unlocked cell with its value,
// formula and whether it is open for input.
func dumpSheet(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "sheet %s\n", sheet)
	merges, _ := f.GetMergeCells(sheet)
	var ms []string
	for _, m := range merges {
		ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	sort.Strings(ms)
	fmt.Fprintf(&b, "merges %s\n", strings.Join(ms, " "))
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	maxCol := 0
	for _, r := range rows {
		maxCol = max(maxCol, len(r))
	}
	var sizes []string
	for ci := range maxCol {
		w, _ := f.GetColWidth(sheet, model.ColName(ci+1))
		sizes = append(sizes, strconv.FormatFloat(w, 'f', -1, 64))
	}
	fmt.Fprintf(&b, "widths %s\n", strings.Join(sizes, " "))
	sizes = nil
	for ri := range rows {
		if h, _ := f.GetRowHeight(sheet, ri+1); h != 15 {
			sizes = append(sizes, fmt.Sprintf("%d:%g", ri+1, h))
		}
	}
	fmt.Fprintf(&b, "heights %s\n", strings.Join(sizes, " "))
	for ri := range len(rows) + 1 {
		for ci := range maxCol + 1 {
			ref := model.CellRef(ci+1, ri+1)
			val := "" // GetRows leaves the hidden cells of a merge blank
			if ci < len(rows[min(ri, len(rows)-1)]) && ri < len(rows) {
				val = rows[ri][ci]
			}
			formula, _ := f.GetCellFormula(sheet, ref)
			open := !isLocked(t, f, sheet, ref)
			if val == "" && formula == "" && !open {
				continue
			}
			line := ref
			if open {
				line += " [填]"
			}
			if formula != "" {
				line += " =" + formula
			}
			if val != "" {
				line += " " + strconv.Quote(val)
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
