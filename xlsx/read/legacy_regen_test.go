package read_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/demo"
	"nianbao/internal/office"
)

// legacyDir holds the legacy corpus written by LibreOffice: for each .xlsx (filled templates of both
// versions with and without mistakes, a foreign layout, and mixed.xlsx with dates, booleans, errors and
// string formulas), LibreOffice's .xls and .ods of it. See its README.md.
const legacyDir = "testdata/legacy"

// TestRegenerateLegacyCorpus rewrites testdata/legacy with LibreOffice; it runs only with
// NIANBAO_REGEN_LEGACY=1 (go test ./xlsx/read/ -run TestRegenerateLegacyCorpus), or with a comma-separated
// list of the files to rewrite (NIANBAO_REGEN_LEGACY=mixed-1904), so that adding a file leaves the others'
// bytes as they are. The files are committed, so the other tests need no LibreOffice to read them.
func TestRegenerateLegacyCorpus(t *testing.T) {
	only := os.Getenv("NIANBAO_REGEN_LEGACY")
	if only == "" {
		t.Skip("set NIANBAO_REGEN_LEGACY=1 to regenerate testdata/legacy with LibreOffice")
	}
	wanted := func(src string) bool {
		name := strings.TrimSuffix(filepath.Base(src), ".xlsx")
		return only == "1" || slices.Contains(strings.Split(only, ","), name)
	}
	if !office.Available() {
		t.Fatal("LibreOffice (soffice) is needed to regenerate the legacy corpus")
	}
	var srcs []string
	for _, y := range []struct {
		year int
		ver  string
	}{{2020, "2019"}, {2024, "2021"}} {
		dir := t.TempDir()
		plan, err := demo.Generate(demo.Options{Dir: dir, Units: 12, Seed: 3, Year: y.year, NoLegacy: true})
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]string{"": "ok", demo.MistakeTotal: "total", demo.MistakeText: "text",
			demo.MistakeForeign: "foreign", demo.MistakeBalance: "balance"}
		for _, f := range plan.Files {
			name, ok := names[f.Mistake]
			if !ok {
				continue
			}
			delete(names, f.Mistake)
			dst := filepath.Join(legacyDir, y.ver+"-"+name+".xlsx")
			if !wanted(dst) {
				continue
			}
			data, err := os.ReadFile(f.Path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, dst)
		}
	}
	mixed := filepath.Join(legacyDir, "mixed.xlsx")
	mixed1904 := filepath.Join(legacyDir, "mixed-1904.xlsx")
	if wanted(mixed) {
		writeMixed(t, mixed)
	}
	if wanted(mixed1904) {
		writeMixed1904(t, mixed1904)
	}
	srcs = append(srcs, mixed, mixed1904)
	for _, src := range srcs {
		if !wanted(src) {
			continue
		}
		for _, format := range []string{"xls", "ods"} {
			out, err := office.Convert(context.Background(), src, t.TempDir(), format)
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(strings.TrimSuffix(src, ".xlsx")+"."+format, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// writeMixed writes a workbook of the values a foreign layout may hold besides plain numbers and text:
// dates and times, a percentage, booleans, an error, formulas with string, boolean and error results,
// merged cells, long and rich strings, a hidden sheet, and numbers that need 15-digit rounding.
func writeMixed(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	s := "Sheet1"
	must(f.SetSheetName(s, "混合"))
	s = "混合"
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	timeFmt, _ := f.NewStyle(&excelize.Style{NumFmt: 21})
	rows := []struct {
		ref   string
		v     any
		style int
	}{
		{"A1", "项目", 0}, {"B1", "数值", 0}, {"A2", "日期", 0}, {"B2", 45306.0, date}, {"A3", "时间", 0},
		{"B3", 0.4375, timeFmt}, {"A4", "比例", 0}, {"B4", 0.355, pct}, {"A5", "真", 0}, {"B5", true, 0},
		{"A6", "假", 0}, {"B6", false, 0}, {"A7", "三分之一", 0}, {"B7", 1.0 / 3, 0}, {"A8", "大数", 0},
		{"B8", 123456789012345678.0, 0}, {"A9", "小数", 0}, {"B9", 0.000012345, 0}, {"A10", "负数", 0},
		{"B10", -42.5, 0}, {"A11", "长文本", 0}, {"B11", strings.Repeat("政府信息公开年度报告", 900), 0},
		{"A12", "空格  文本 ", 0}, {"B12", "  前后空格  ", 0}, {"A13", "数字文本", 0}, {"B13", "00123", 0},
	}
	for _, r := range rows {
		must(f.SetCellValue(s, r.ref, r.v))
		if r.style != 0 {
			must(f.SetCellStyle(s, r.ref, r.ref, r.style))
		}
	}
	must(f.SetCellFormula(s, "C2", `IF(B7>0,"正","负")`))
	must(f.SetCellFormula(s, "C3", "B7>0"))
	must(f.SetCellFormula(s, "C4", "1/0"))
	must(f.SetCellFormula(s, "C5", "SUM(B2:B4)*2"))
	must(f.SetCellFormula(s, "C6", `A1&"合计"`))
	must(f.MergeCell(s, "D1", "F2"))
	must(f.SetCellValue(s, "D1", "合并的标题"))
	must(f.SetColWidth(s, "A", "A", 18))
	must(f.SetCellRichText(s, "A14", []excelize.RichTextRun{{Text: "富"}, {Text: "文本", Font: &excelize.Font{Bold: true}}}))
	_, err := f.NewSheet("隐藏")
	must(err)
	must(f.SetCellValue("隐藏", "A1", "隐藏的工作表"))
	must(f.SetSheetVisible("隐藏", false))
	must(f.SaveAs(path))
}

// writeMixed1904 writes a workbook in the 1904 date system (as Excel for Mac wrote them): dates and a
// date-time as 1904 serials, formulas whose results depend on the system (YEAR, a date plus a day, a date
// as text), a merged title, a string formula, and a hidden and a very hidden sheet.
func writeMixed1904(t *testing.T, path string) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	yes := true
	must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
	s := "1904日期"
	must(f.SetSheetName("Sheet1", s))
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	dateTime, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	must(f.SetCellValue(s, "A1", "1904 日期系统"))
	must(f.MergeCell(s, "A1", "C1"))
	for i, r := range []struct {
		label  string
		serial float64
		style  int
	}{{"报告日期", 43844, date}, {"截止时间", 43844.75, dateTime}, {"最早日期", 1, date}} {
		row := fmt.Sprint(i + 2)
		must(f.SetCellValue(s, "A"+row, r.label))
		must(f.SetCellValue(s, "B"+row, r.serial))
		must(f.SetCellStyle(s, "B"+row, "B"+row, r.style))
	}
	must(f.SetCellFormula(s, "C2", "YEAR(B2)"))
	must(f.SetCellFormula(s, "C3", "B2+1"))
	must(f.SetCellStyle(s, "C3", "C3", date))
	must(f.SetCellFormula(s, "C4", `TEXT(B2,"yyyy-mm-dd")&"止"`))
	must(f.SetCellFormula(s, "C5", `IF(B3>B2,"晚","早")`))
	for _, h := range []struct {
		name string
		very bool
	}{{"隐藏", false}, {"深度隐藏", true}} {
		_, err := f.NewSheet(h.name)
		must(err)
		must(f.SetCellValue(h.name, "A1", h.name+"的工作表"))
		must(f.SetCellValue(h.name, "B1", 43844.5))
		must(f.SetSheetVisible(h.name, false, h.very))
	}
	must(f.SaveAs(path))
}
