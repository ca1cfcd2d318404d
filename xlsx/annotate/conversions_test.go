package annotate

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/internal/testbook"
	"nianbao/xlsx/read"
)

// The legacy files of a batch are converted by one LibreOffice run (Convert), and the copy made from that
// run is the copy To makes converting the file alone: the same sheets, cells, comments and note.
func TestConvertedInOneRun(t *testing.T) {
	testbook.NeedOffice(t)
	var srcs []Source
	for _, name := range []string{"2021-total.xls", "2019-text.ods", "mixed.xls"} {
		data, err := os.ReadFile(filepath.Join("..", "read", "testdata", "legacy", name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	xlsxData, err := os.ReadFile(filepath.Join("..", "read", "testdata", "legacy", "mixed.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	c := Convert(append(srcs, Source{Name: "mixed.xlsx", Data: xlsxData})) // an .xlsx is never converted
	if len(c.pkgs) != len(srcs) {
		t.Fatalf("one run converted %d files, want %d", len(c.pkgs), len(srcs))
	}
	src := srcs[0]
	wb, err := read.OpenBytes(t.Context(), src.Name, src.Data, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	fs := []checks.Finding{{Rule: "R1", Severity: checks.Error, Sheet: wb.Grids[0].Name, Cell: "B2", Message: "合计不对"}}
	var inRun, alone bytes.Buffer
	if err := c.To(&inRun, src.Name, src.Data, fs); err != nil {
		t.Fatal(err)
	}
	if err := To(&alone, src.Name, src.Data, fs); err != nil {
		t.Fatal(err)
	}
	a, err := read.OpenBytes(t.Context(), "run.xlsx", inRun.Bytes(), read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := read.OpenBytes(t.Context(), "alone.xlsx", alone.Bytes(), read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Grids) != len(b.Grids) || len(a.Grids) < 2 {
		t.Fatalf("%d sheets from the run, %d alone", len(a.Grids), len(b.Grids))
	}
	for i, g := range b.Grids {
		ga := a.Grids[i]
		if ga.Name != g.Name || len(ga.Rows) != len(g.Rows) {
			t.Fatalf("sheet %d: %s with %d rows from the run, %s with %d alone", i, ga.Name, len(ga.Rows), g.Name, len(g.Rows))
		}
		for r, row := range g.Rows {
			for col, cell := range row {
				if col >= len(ga.Rows[r]) || ga.Rows[r][col].Text != cell.Text {
					t.Errorf("%s row %d col %d differs: alone %q", g.Name, r+1, col+1, cell.Text)
				}
			}
		}
	}
	for _, data := range [][]byte{inRun.Bytes(), alone.Bytes()} {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if cs, _ := f.GetComments(fs[0].Sheet); len(cs) != 1 || cs[0].Cell != "B2" {
			t.Errorf("comments %+v, want one on B2", cs)
		}
		if title, _ := f.GetCellValue(ResultSheet, "A1"); !bytes.Contains([]byte(title), []byte(NoteConverted)) {
			t.Errorf("校验结果 A1 %q does not say LibreOffice converted the file", title)
		}
		f.Close()
	}
}
