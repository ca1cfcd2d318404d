package xlsx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
)

// pasteTable3 pastes the 2019 表三 (labels and values of a report) over the 表三 sheet of a 2021 template, as
// values only (the template's merged cells stay and cover some of the pasted labels) or with its formats
// (its merges replace the template's).
func pasteTable3(t *testing.T, path string, old *model.Report, withFormats bool) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	sheet := "表三"
	s := templates.For(model.V2019).Sheet(sheet)
	placed := map[string]templates.Placed{}
	for _, p := range s.Cells {
		placed[p.Ref] = p
	}
	// excelize writes into a merged range's top-left cell; a paste writes every cell: unmerge, write, then
	// merge again — the template's ranges for a values-only paste, the pasted table's with its formats.
	merges, err := f.GetMergeCells(sheet)
	require.NoError(t, err)
	var ranges [][2]string
	for _, m := range merges {
		require.NoError(t, f.UnmergeCell(sheet, m.GetStartAxis(), m.GetEndAxis()))
		ranges = append(ranges, [2]string{m.GetStartAxis(), m.GetEndAxis()})
	}
	if withFormats {
		ranges = nil
		for _, m := range s.Merges {
			a, b, _ := strings.Cut(m, ":")
			ranges = append(ranges, [2]string{a, b})
		}
	}
	for row := 1; row <= s.Height; row++ { // row by row, cells in order, as an office suite writes them
		for col := 1; col <= s.Width; col++ {
			ref := model.CellRef(col, row)
			p := placed[ref]
			switch {
			case p.Key != "":
				require.NoError(t, f.SetCellValue(sheet, ref, old.Get(p.Key)))
			case p.Text != "":
				require.NoError(t, f.SetCellStr(sheet, ref, p.Text))
			default: // a blank cell of the pasted range clears the template's
				require.NoError(t, f.SetCellValue(sheet, ref, nil))
			}
		}
	}
	if withFormats {
		for _, m := range ranges {
			require.NoError(t, f.MergeCell(sheet, m[0], m[1]))
		}
		require.NoError(t, xlsx.Save(f, path))
		return
	}
	require.NoError(t, xlsx.Save(f, path))
	// excelize's MergeCell empties the covered cells an office suite keeps: put the template's ranges back
	// into the sheet's XML directly.
	var xml strings.Builder
	fmt.Fprintf(&xml, `<mergeCells count="%d">`, len(ranges))
	for _, m := range ranges {
		fmt.Fprintf(&xml, `<mergeCell ref="%s:%s"/>`, m[0], m[1])
	}
	xml.WriteString(`</mergeCells>`)
	patchZip(t, path, func(name string, data []byte) []byte {
		if !strings.HasPrefix(name, "xl/worksheets/") || !bytes.Contains(data, []byte(`r="J29"`)) {
			return data
		}
		return bytes.Replace(data, []byte("</sheetData>"), []byte("</sheetData>"+xml.String()), 1)
	})
}

// patchZip rewrites the parts of a zip file through edit.
func patchZip(t *testing.T, path string, edit func(name string, data []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(edit(f.Name, data))
		require.NoError(t, err)
	}
	require.NoError(t, zr.Close())
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
}

// TestPastedOtherVersionIsRecognised: a 2019 表三 pasted over a 2021 template is found out by its labels —
// its （七）总计 and 四 rows stand above the template's — whether it was pasted with its formats or as values
// only, and no identity is checked on a table that is not one.
func TestPastedOtherVersionIsRecognised(t *testing.T) {
	t.Parallel()
	old := model.NewReport(model.Unit{Code: "110101", Name: "示例区财政局"}, 2020, model.V2019)
	old.Values["t3.new.person"], old.Values["t3.open.person"] = 4, 3
	old.Values["t3.carryover.person"] = 1
	old.ComputeTotals()
	got := map[bool][]string{}
	for _, withFormats := range []bool{true, false} {
		path := writeFilled(t, t.TempDir(), "财政局.xlsx", filled(t))
		pasteTable3(t, path, old, withFormats)
		f := batch.CheckFile(path, batch.Options{Year: 2024})
		for _, x := range f.Findings {
			switch x.Rule {
			case checks.RTable.ID:
				got[withFormats] = append(got[withFormats], x.Message)
			case checks.T3Balance.ID, checks.T3Results.ID, checks.T3RowTotal.ID:
				t.Errorf("formats %v: an identity checked on a pasted table: %s", withFormats, x.Message)
			}
		}
	}
	assert.Contains(t, got[true], "未找到表三：“（七）总计”行出现了2次（第26行、第28行）")
	assert.Equal(t, got[true], got[false], "a values-only paste is recognised like one with formats")
}
