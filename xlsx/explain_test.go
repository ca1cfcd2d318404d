package xlsx_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/internal/testbook"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// TestTemplateExplainCellsOnlyUnlocked: on the 校验 sheet the 说明 cells beside the warning lines are the
// only cells a unit can type into.
func TestTemplateExplainCellsOnlyUnlocked(t *testing.T) {
	t.Parallel()
	for _, v := range model.Versions {
		path := filepath.Join(t.TempDir(), "模板.xlsx")
		require.NoError(t, xlsx.WriteTemplate(path, xlsx.TemplateOptions{Year: int(v)}))
		f, err := excelize.OpenFile(path)
		require.NoError(t, err)
		w := templates.For(v)
		want := map[string]bool{}
		for _, e := range w.Explains {
			want[e.Ref] = true
			for _, rule := range checks.All {
				if rule.ID == e.Rule {
					assert.Equal(t, checks.Warning, rule.Severity, "%s: only warnings are explained", e.Ref)
				}
			}
		}
		require.NotEmpty(t, want)
		s := w.Sheet(templates.CheckSheet)
		unlocked := map[string]bool{}
		for col := 1; col <= s.Width; col++ {
			for row := 1; row <= s.Height; row++ {
				ref := model.CellRef(col, row)
				id, err := f.GetCellStyle(templates.CheckSheet, ref)
				require.NoError(t, err)
				st, err := f.GetStyle(id)
				require.NoError(t, err)
				if st != nil && st.Protection != nil && !st.Protection.Locked {
					unlocked[ref] = true
				}
			}
		}
		assert.Equal(t, want, unlocked, "%d", v)
		f.Close()
	}
}

// explainWhy is what the unit of TestExplanationTypedInLibreOffice types as its explanation.
const explainWhy = "本年制发的规章中有2件已于年内废止，故现行有效件数小于本年制发件数"

// explainedReport is filled's report with more rules issued than in force (5): T2-1 warns.
func explainedReport() *model.Report {
	r := filledReport()
	r.Values["t2.rules.issued"] = 7
	return r
}

// explainedInLibreOffice is the template of TestExplanationTypedInLibreOffice with explainWhy typed into
// the 说明 cell of the T2-1 warning, to be saved by LibreOffice.
var explainedInLibreOffice = testbook.Convert("explained", func(dir string) (string, error) {
	r := explainedReport()
	src := filepath.Join(dir, "财政局.xlsx")
	if err := xlsx.WriteTemplate(src, xlsx.TemplateOptions{Year: r.Year, Unit: r.Unit, Report: r}); err != nil {
		return "", err
	}
	var ref string
	for _, e := range templates.For(model.V2021).Explains {
		if e.Rule == checks.T2Issued.ID && e.Key == "t2.rules.issued" {
			ref = e.Ref
		}
	}
	if ref == "" {
		return "", fmt.Errorf("no 说明 cell for %s t2.rules.issued", checks.T2Issued.ID)
	}
	f, err := excelize.OpenFile(src)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := f.SetCellStr(templates.CheckSheet, ref, explainWhy); err != nil {
		return "", err
	}
	return src, f.Save()
})

// TestExplanationTypedInLibreOffice: a unit explains its warning in the 说明 cell and saves the workbook
// with LibreOffice; the explanation is read back and shown as 已说明 by check, the annotated copy and the
// summary, and the file passes.
func TestExplanationTypedInLibreOffice(t *testing.T) {
	t.Parallel()
	src, saved := explainedInLibreOffice.Files(t) // as typed, and as LibreOffice saves it
	dir := t.TempDir()
	r := explainedReport()
	const why = explainWhy
	for _, path := range []string{src, saved} {
		got := batch.CheckFile(path, batch.Options{Year: 2024})
		assert.Equal(t, batch.Explained, got.Verdict, "%s: %v", path, got.Findings)
		var w *checks.Finding
		for i, x := range got.Findings {
			if x.Rule == checks.T2Issued.ID {
				w = &got.Findings[i]
			}
		}
		require.NotNil(t, w, "%s: %v", path, got.Findings)
		assert.Equal(t, why, w.Explanation, path)
		c := checks.Count(got.Findings)
		assert.Equal(t, 0, c.Warnings, path)
		assert.Equal(t, 1, c.Explained, path)
	}
	got := batch.CheckFile(saved, batch.Options{Year: 2024})

	var text strings.Builder
	require.NoError(t, batch.WriteText(&text, batch.NewDocument([]batch.File{got}, nil), false))
	assert.Contains(t, text.String(), "【通过（已说明）】")
	assert.Contains(t, text.String(), "已说明 表二!B4")
	assert.Contains(t, text.String(), "说明："+why)

	annotated := filepath.Join(dir, "财政局_校验结果.xlsx")
	require.NoError(t, annotate.File(saved, annotated, "财政局.xlsx", got.Findings))
	af, err := excelize.OpenFile(annotated)
	require.NoError(t, err)
	rows, err := af.GetRows(annotate.ResultSheet)
	require.NoError(t, err)
	af.Close()
	found := false
	for _, row := range rows {
		if len(row) >= 12 && row[1] == "已说明" && row[11] == why {
			found = true
		}
	}
	assert.True(t, found, "the 校验结果 sheet shows the warning as 已说明 with its explanation: %v", rows)

	ros := &model.Roster{Units: []model.RosterUnit{{Code: r.Unit.Code, Name: r.Unit.Name, Row: 2}}}
	res, err := summary.Build(ros, summary.Inputs([]batch.File{got}), summary.Options{Year: 2024, Tool: "test"})
	require.NoError(t, err)
	assert.Equal(t, summary.Explained, res.Units[0].Status)
	assert.True(t, res.Units[0].Included)
	assert.Equal(t, 1, res.Counts.Explained)
	out := filepath.Join(dir, "汇总.xlsx")
	require.NoError(t, xlsx.WriteSummary(out, res))
	sf, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer sf.Close()
	issues, err := sf.GetRows(templates.SummaryIssuesSheet)
	require.NoError(t, err)
	found = false
	for _, row := range issues {
		if len(row) >= 14 && row[1] == "已说明" && row[13] == why {
			found = true
		}
	}
	assert.True(t, found, "校验问题 lists the explained warning with its text: %v", issues)
}

// TestExplainAPI: the call the web page makes records an explanation of a warning and changes the verdict;
// errors and consequences cannot be explained.
func TestExplainAPI(t *testing.T) {
	t.Parallel()
	r := filled(t)
	r.Values["t2.rules.issued"] = 7
	r.Values["t3.carryover.person"] += 1
	got := batch.CheckFile(writeFilled(t, t.TempDir(), "a.xlsx", r), batch.Options{Year: 2024})
	require.Equal(t, batch.Failed, got.Verdict)
	var warn, fault, cons string
	for _, x := range got.Findings {
		switch {
		case x.Rule == checks.T2Issued.ID:
			warn = x.ID
		case !x.Fault():
			cons = x.ID
		case x.Severity == checks.Error:
			fault = x.ID
		}
	}
	require.NotEmpty(t, warn)
	assert.ErrorIs(t, got.Explain(fault, "不是错"), checks.ErrNotWarning)
	assert.ErrorIs(t, got.Explain(cons, "不是错"), checks.ErrNotWarning)
	assert.ErrorIs(t, got.Explain("F99", "x"), checks.ErrNoFinding)
	require.NoError(t, got.Explain(warn, "  已核实  "))
	assert.Equal(t, batch.Failed, got.Verdict, "the error still fails the file")
	assert.Equal(t, 1, checks.Count(got.Findings).Explained)
	for _, x := range got.Findings {
		if x.ID == warn {
			assert.Equal(t, "已核实", x.Explanation)
		}
	}
	require.NoError(t, got.Explain(warn, ""))
	assert.Equal(t, 0, checks.Count(got.Findings).Explained)
}
