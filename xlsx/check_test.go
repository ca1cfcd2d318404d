package xlsx_test

// End-to-end tests of reading returned workbooks: a template written by WriteTemplate, changed the way
// agencies change it, read back and checked through batch, annotated, and opened in LibreOffice.

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/internal/testbook"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
	"nianbao/xlsx/read"
)

// filled is a consistent 2024 report: every identity holds.
func filled(t *testing.T) *model.Report {
	t.Helper()
	r := filledReport()
	require.Empty(t, checks.Run(r, nil))
	return r
}

// filledReport is filled's report, for the makers of files LibreOffice converts (testbook.Convert).
func filledReport() *model.Report {
	r := model.NewReport(model.Unit{Code: "110101", Name: "示例区财政局"}, 2024, model.V2021)
	for k, v := range map[string]float64{
		"t2.rules.issued": 1, "t2.rules.valid": 5, "t2.normative.issued": 2, "t2.normative.repealed": 1,
		"t2.normative.valid": 14, "t2.license.decisions": 120, "t2.penalty.decisions": 7, "t2.fees.amount": 0.35,
		"t3.new.person": 10, "t3.carried.person": 2, "t3.open.person": 5, "t3.partial.person": 1,
		"t3.withheld1.person": 1, "t3.unavailable1.person": 2, "t3.declined2.person": 1, "t3.carryover.person": 2,
		"t3.new.business": 3, "t3.open.business": 2, "t3.other3.business": 1,
		"t4.review.upheld": 2, "t4.review.corrected": 1, "t4.suit.pending": 1,
	} {
		r.Set(k, v, model.Source{})
	}
	r.ComputeTotals()
	return r
}

func writeFilled(t *testing.T, dir, name string, r *model.Report) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, xlsx.WriteTemplate(path, xlsx.TemplateOptions{Year: r.Year, Unit: r.Unit, Report: r}))
	return path
}

func hash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(b)
}

func errorsOf(fs []checks.Finding) []checks.Finding {
	var out []checks.Finding
	for _, f := range fs {
		if f.Severity == checks.Error {
			out = append(out, f)
		}
	}
	return out
}

func TestCheckConsistentTemplate(t *testing.T) {
	r := filled(t)
	path := writeFilled(t, t.TempDir(), "财政局.xlsx", r)
	f := batch.CheckFile(path, batch.Options{Year: 2024})
	assert.Equal(t, batch.Passed, f.Verdict, "%v", f.Findings)
	assert.Equal(t, r.Unit, f.Unit)
	assert.Equal(t, model.V2021, f.Version)
	for k, v := range r.Values {
		assert.Equal(t, v, f.Values[k], k)
	}
}

func TestCheckCarryoverOffByTwo(t *testing.T) {
	r := filled(t)
	r.Values["t3.carryover.person"] += 2
	path := writeFilled(t, t.TempDir(), "财政局.xlsx", r)
	f := batch.CheckFile(path, batch.Options{Year: 2024})
	assert.Equal(t, batch.Failed, f.Verdict)
	errs := errorsOf(f.Findings)
	require.Len(t, errs, 2, "T3-1 in the 自然人 column, and in the 总计 column the row total feeds: %v", errs)
	assert.Equal(t, "T3-1", errs[0].Rule)
	assert.Equal(t, "t3.carryover.person", errs[0].Key)
	assert.Equal(t, "表三", errs[0].Sheet)
	assert.Equal(t, "D29", errs[0].Cell)
	assert.Equal(t, 2.0, *errs[0].Difference)
	assert.Nil(t, errs[0].Expected, "any of the column's cells may be wrong: none is told what it should hold")
	// The inputs that could make up the difference: 一 and 二 going up, or cells of at least 2 going down.
	assert.Equal(t, "表三 自然人列：一 + 二 = 10 + 2 = 12，但 （七）总计 + 四 = 10 + 4 = 14，相差 2。可能填错的是 D5、D6、D7、D17、D29 中的任何一个，请逐一核对", errs[0].Message)
	assert.Equal(t, []string{"表三!D5", "表三!D6", "表三!D7", "表三!D17", "表三!D29"}, errs[0].Cells)
	assert.Equal(t, "t3.carryover.total", errs[1].Key)
	assert.Equal(t, errs[0].ID, errs[1].Because, "the 总计 column follows from the 自然人 column")
	assert.Equal(t, 1, checks.Count(f.Findings).Errors)

	doc := batch.NewDocument([]batch.File{f}, nil)
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	var back struct {
		Valid bool
		Files []struct {
			Verdict  string
			Values   map[string]float64
			Findings []struct{ Rule, Severity, Key string }
		}
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.False(t, back.Valid)
	assert.Equal(t, "有错误", back.Files[0].Verdict)
	assert.Equal(t, 4.0, back.Files[0].Values["t3.carryover.person"])
	var jsonErrs []string
	for _, x := range back.Files[0].Findings {
		if x.Severity == "错误" {
			jsonErrs = append(jsonErrs, x.Rule+" "+x.Key)
		}
	}
	assert.Equal(t, []string{"T3-1 t3.carryover.person", "T3-1 t3.carryover.total"}, jsonErrs)
}

// foreign retypes the tables of a workbook the way an agency does: at another offset, without formulas,
// with half-width punctuation and 合计 for 总计, and without our meta sheet.
func foreign(t *testing.T, src string) []locate.Grid {
	t.Helper()
	wb, err := read.Open(src, read.Limits{})
	require.NoError(t, err)
	half := strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",", "“", "\"", "”", "\"", "总计", "合计")
	var out []locate.Grid
	for _, g := range wb.Grids {
		if !strings.HasPrefix(g.Name, "表") {
			continue
		}
		ng := locate.Grid{Name: "Sheet-" + g.Name}
		ng.Rows = make([][]locate.Cell, 3) // three empty rows on top
		for _, row := range g.Rows {
			nr := []locate.Cell{{}, {}} // two empty columns on the left
			for _, c := range row {
				nr = append(nr, locate.Cell{Text: half.Replace(c.Text), Str: c.Str})
			}
			ng.Rows = append(ng.Rows, nr)
		}
		out = append(out, ng)
	}
	return out
}

func TestForeignLayoutGivesSameValues(t *testing.T) {
	dir := t.TempDir()
	r := filled(t)
	tpl := writeFilled(t, dir, "模板.xlsx", r)
	grids := foreign(t, tpl)
	path := filepath.Join(dir, "自制表格.xlsx")
	require.NoError(t, xlsx.WriteGrids(path, grids))
	fromTemplate := batch.CheckFile(tpl, batch.Options{Year: 2024})
	fromForeign := batch.CheckFile(path, batch.Options{Year: 2024})
	require.NotNil(t, fromForeign.Report, "%v", fromForeign.Findings)
	assert.Empty(t, errorsOf(fromForeign.Findings))
	assert.Equal(t, fromTemplate.Values, fromForeign.Values)
	assert.Equal(t, "F8", fromForeign.Report.Sources["t3.new.person"].Cell, "D5 moved by 3 rows and 2 columns")
}

func TestTemplateEditsAreDetected(t *testing.T) {
	r := filled(t)
	for _, tc := range []struct {
		name  string
		edit  func(f *excelize.File)
		rules []string
	}{
		{"row inserted", func(f *excelize.File) {
			require.NoError(t, f.UnprotectSheet("表三"))
			require.NoError(t, f.InsertRows("表三", 10, 1))
		}, []string{"R-11"}},
		{"total typed over its formula", func(f *excelize.File) {
			require.NoError(t, f.UnprotectSheet("表三"))
			require.NoError(t, f.SetCellValue("表三", "J5", 99))
		}, []string{"R-12", "T3-3", "T3-1"}}, // the typed 总计 also feeds T3-1 of the 总计 column
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFilled(t, t.TempDir(), "a.xlsx", r)
			f, err := excelize.OpenFile(path)
			require.NoError(t, err)
			tc.edit(f)
			require.NoError(t, f.Save())
			require.NoError(t, f.Close())
			got := batch.CheckFile(path, batch.Options{Year: 2024})
			var rules []string
			for _, x := range got.Findings {
				if x.Severity != checks.Info {
					rules = append(rules, x.Rule)
				}
			}
			assert.ElementsMatch(t, tc.rules, rules, "%v", got.Findings)
			assert.Equal(t, r.Values["t3.carryover.person"], got.Values["t3.carryover.person"])
			for _, x := range got.Findings[1:] {
				if x.Severity == checks.Error {
					assert.Equal(t, got.Findings[0].ID, x.Because, "one edit, one fault: %v", got.Findings)
				}
			}
		})
	}
}

func TestYearMismatch(t *testing.T) {
	path := writeFilled(t, t.TempDir(), "a.xlsx", filled(t))
	f := batch.CheckFile(path, batch.Options{Year: 2023})
	require.Equal(t, batch.Failed, f.Verdict)
	errs := errorsOf(f.Findings)
	require.Len(t, errs, 1)
	assert.Equal(t, "R-6", errs[0].Rule)
	assert.Equal(t, "文件中的报告年度为 2024 年，本次收集的是 2023 年度", errs[0].Message)
}

// offByTwo is filled's report with the carry-over two too high: T3-1 fails in 自然人 and so in 总计.
func offByTwo() *model.Report {
	r := filledReport()
	r.Values["t3.carryover.person"] += 2
	return r
}

// annotatedOffByTwo is TestAnnotatedCopy's annotated copy, made the same way, for LibreOffice to convert.
var annotatedOffByTwo = testbook.Convert("annotated-off-by-two", func(dir string) (string, error) {
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	for _, d := range []string{in, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return "", err
		}
	}
	r := offByTwo()
	path := filepath.Join(in, "财政局.xlsx")
	if err := xlsx.WriteTemplate(path, xlsx.TemplateOptions{Year: r.Year, Unit: r.Unit, Report: r}); err != nil {
		return "", err
	}
	written, err := annotate.All(batch.Check([]string{path}, batch.Options{Year: 2024}), out)
	if err != nil || len(written) != 1 {
		return "", fmt.Errorf("annotated %v: %v", written, err)
	}
	return written[0], nil
})

func TestAnnotatedCopy(t *testing.T) {
	t.Parallel() // waits on soffice at the end
	in, out := t.TempDir(), t.TempDir()
	r := offByTwo()
	path := writeFilled(t, in, "财政局.xlsx", r)
	before := hash(t, path)
	files := batch.Check([]string{path}, batch.Options{Year: 2024})
	written, err := annotate.All(files, out)
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join(out, "财政局.xlsx_校验结果.xlsx")}, written)
	assert.Equal(t, before, hash(t, path), "the input stays byte-identical")

	assertAnnotated := func(path string) {
		f, err := excelize.OpenFile(path)
		require.NoError(t, err)
		defer f.Close()
		assert.Equal(t, annotate.ResultSheet, f.GetSheetList()[0])
		msg, _ := f.GetCellValue(annotate.ResultSheet, "K7")
		assert.Contains(t, msg, "相差 2")
		comments, err := f.GetComments("表三")
		require.NoError(t, err)
		var cells []string
		for _, c := range comments {
			cells = append(cells, c.Cell)
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			if c.Cell == "D29" {
				assert.Contains(t, text, "【错误】表三 自然人列")
				assert.Contains(t, text, "因此：表三 总计列", "the consequence is told under its fault")
			}
			if c.Cell == "D5" {
				assert.Contains(t, text, "本单元格可能填错，见 表三!D29")
			}
		}
		assert.Contains(t, cells, "D29")
		assert.Contains(t, cells, "D5", "another cell the fault may be at")
		assert.NotContains(t, cells, "J29", "a locked total is never marked")
		kind, _ := f.GetCellValue(annotate.ResultSheet, "B8")
		assert.Equal(t, "因此", kind)
	}
	assertAnnotated(written[0])

	// The annotated copy is itself readable: it is still our template.
	again := batch.CheckFile(written[0], batch.Options{Year: 2024})
	assert.Equal(t, files[0].Values, again.Values)

	// LibreOffice keeps the comments and the 校验结果 sheet of an annotated copy made the same way (the
	// conversions of the package run together, see testbook.Convert).
	made, conv := annotatedOffByTwo.Files(t)
	assertAnnotated(made)
	assertAnnotated(conv)
}

func TestCrossYearCarryOver(t *testing.T) {
	last, now := t.TempDir(), t.TempDir()
	prev := filled(t)
	prev.Year = 2023
	prev.Values["t3.carryover.person"] = 3 // last year carried 3 over …
	prev.Values["t3.open.person"] = 4
	prev.ComputeTotals()
	writeFilled(t, last, "财政局2023.xlsx", prev)
	other := filled(t)
	other.Unit = model.Unit{Code: "110102", Name: "示例区教育局"}
	other.Year = 2023
	writeFilled(t, last, "教育局2023.xlsx", other)

	cur := writeFilled(t, now, "财政局.xlsx", filled(t)) // … but this year says 2 were carried
	newcomer := filled(t)
	newcomer.Unit = model.Unit{Code: "110199", Name: "示例区新设局"}
	fresh := writeFilled(t, now, "新设局.xlsx", newcomer)

	p, err := batch.LoadPrevious(last, batch.Options{Year: 2024})
	require.NoError(t, err)
	got := batch.CheckFile(cur, batch.Options{Year: 2024, Previous: p.Lookup})
	assert.Empty(t, errorsOf(got.Findings), "a cross-year difference is explained, not refused")
	assert.Equal(t, batch.Warned, got.Verdict)
	var ws []checks.Finding
	for _, x := range got.Findings {
		if x.Rule == "X-1" {
			ws = append(ws, x)
		}
	}
	require.Len(t, ws, 2, "%v", got.Findings)
	assert.Equal(t, checks.Warning, ws[0].Severity)
	assert.Equal(t, "t3.carried.person", ws[0].Key)
	assert.Equal(t, "表三 自然人列：本年 二、上年结转 = 2，但 上年度 四、结转下年度继续办理 = 3，相差 1；如确有原因（如上年度数据有更正），请在“校验”工作表 X-1 行的说明栏写明", ws[0].Message)
	assert.Equal(t, "t3.carried.total", ws[1].Key)
	assert.Equal(t, ws[0].ID, ws[1].Because, "the 总计 column follows from the 自然人 column")
	assert.Nil(t, p.Lookup(newcomer.Unit), "a unit without last year's report is not failed")
	nf := batch.CheckFile(fresh, batch.Options{Year: 2024, Previous: p.Lookup})
	assert.Equal(t, batch.Passed, nf.Verdict)
	assert.True(t, nf.NoPrevious)
	assert.False(t, got.NoPrevious)
	var out strings.Builder
	require.NoError(t, batch.WriteText(&out, batch.NewDocument([]batch.File{got, nf}, nil), false))
	assert.Contains(t, out.String(), "以下 1 个单位没有找到上年度数据，未做跨年度核对：示例区新设局")
}
