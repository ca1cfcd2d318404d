package publish

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/internal/office"
	"nianbao/internal/testbook"
	"nianbao/model"
)

// TestDocxOpensInLibreOffice converts the demo region's published tables to PDF with LibreOffice (the one
// conversion of this test binary) and finds the title, the section headings, the labels and the region's
// headline figures in the PDF's text.
func TestDocxOpensInLibreOffice(t *testing.T) {
	t.Parallel()
	testbook.NeedOffice(t)
	dir := demoRegion(t)
	s, err := batch.LoadSide(filepath.Join(dir, demo.SummaryFile), "", batch.Options{Workers: 1})
	require.NoError(t, err)
	out := t.TempDir()
	docx := filepath.Join(out, "表格.docx")
	require.NoError(t, WriteFile(docx, s.Report))
	pdf, err := office.Convert(context.Background(), docx, out, "pdf")
	require.NoError(t, err)
	st, err := os.Stat(pdf)
	require.NoError(t, err)
	require.Greater(t, st.Size(), int64(1000))
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext is not installed: only the PDF's size is checked")
		return
	}
	text, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	require.NoError(t, err)
	flat := strings.Join(strings.Fields(string(text)), "")
	r := s.Report
	want := []string{r.Unit.Name, "政府信息公开工作年度报告", "第二十条第（一）项", "一、本年新收政府信息公开申请数量",
		"（七）总计", "四、结转下年度继续办理", "行政复议", "未经复议直接起诉", "复议后起诉"}
	for _, tb := range model.FormOf(r.Version).Tables {
		want = append(want, tb.Title)
	}
	for _, w := range want {
		require.Contains(t, flat, strings.Join(strings.Fields(w), ""), "PDF text lacks %q", w)
	}
	// The row of 一、本年新收 reads its figures left to right, as the summary has them.
	var row []string
	for _, c := range model.TableOf(r.Tables["t3"], "t3").Cells() {
		if c.Row.Key == "new" {
			row = append(row, model.FormatValue(r.Values[c.Key]))
		}
	}
	line := ""
	for _, l := range strings.Split(string(text), "\n") {
		if strings.Contains(l, "一、本年新收") {
			line = l
		}
	}
	require.Equal(t, row, strings.Fields(line)[1:], "line %q", line)
}
