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

// The legacy files of a batch are converted by one LibreOffice run (Convert), and a copy made from that
// run holds the cells of the file: those of the copy rebuilt without LibreOffice from what the native
// readers read (cell for cell, numbers in either's spelling), with the finding's comment and LibreOffice's
// note.
func TestConvertedInOneRun(t *testing.T) {
	testbook.NeedOffice(t)
	var srcs []Source
	// Files without stale cached results (LibreOffice would recalculate those; the rebuilt copy keeps them).
	for _, name := range []string{"2021-ok.xls", "2019-text.ods", "mixed.xls"} {
		data, err := os.ReadFile(legacyFile(name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, Source{Name: name, Data: data})
	}
	xlsxData, err := os.ReadFile(legacyFile("mixed.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		if !ConvertsFile(legacyFile(src.Name)) {
			t.Errorf("ConvertsFile(%s) = false with LibreOffice installed", src.Name)
		}
	}
	if ConvertsFile(legacyFile("mixed.xlsx")) {
		t.Error("ConvertsFile(mixed.xlsx) = true")
	}
	c := Convert(append(srcs, Source{Name: "mixed.xlsx", Data: xlsxData})) // an .xlsx is never converted
	if len(c.pkgs) != len(srcs) {
		t.Fatalf("one run converted %d files, want %d", len(c.pkgs), len(srcs))
	}
	copies := make([][]byte, len(srcs))
	fs := make([][]checks.Finding, len(srcs))
	for i, src := range srcs {
		wb, err := read.OpenBytes(t.Context(), src.Name, src.Data, read.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		fs[i] = []checks.Finding{{Rule: "R1", Severity: checks.Error, Sheet: wb.Grids[0].Name, Cell: "B2", Message: "合计不对"}}
		var buf bytes.Buffer
		if err := c.To(&buf, src.Name, src.Data, fs[i]); err != nil {
			t.Fatal(err)
		}
		copies[i] = buf.Bytes()
	}
	t.Setenv("NIANBAO_SOFFICE", "") // the copies to compare with are rebuilt without LibreOffice
	t.Setenv("PATH", t.TempDir())
	if ConvertsFile(legacyFile(srcs[0].Name)) {
		t.Errorf("ConvertsFile(%s) = true without LibreOffice: the copy is rebuilt, nothing to convert", srcs[0].Name)
	}
	for i, src := range srcs {
		var rebuilt bytes.Buffer
		if err := To(&rebuilt, src.Name, src.Data, fs[i]); err != nil {
			t.Fatal(err)
		}
		a, err := read.OpenBytes(t.Context(), "run.xlsx", copies[i], read.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := read.OpenBytes(t.Context(), "rebuilt.xlsx", rebuilt.Bytes(), read.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Grids) != len(b.Grids) || len(a.Grids) < 2 {
			t.Fatalf("%s: %d sheets from the run, %d rebuilt", src.Name, len(a.Grids), len(b.Grids))
		}
		for j, g := range b.Grids[1:] { // the 校验结果 sheets differ in their note
			ga := a.Grids[j+1]
			if ga.Name != g.Name {
				t.Fatalf("%s sheet %d: %s from the run, %s rebuilt", src.Name, j+1, ga.Name, g.Name)
			}
			for r, row := range g.Rows {
				for col, cell := range row {
					var got string
					if r < len(ga.Rows) && col < len(ga.Rows[r]) {
						got = ga.Rows[r][col].Text
					}
					if got != cell.Text && !sameNumber(got, cell.Text) && !sameBool(got, cell.Text) {
						t.Errorf("%s %s row %d col %d: %q from the run, %q rebuilt", src.Name, g.Name, r+1, col+1, got, cell.Text)
					}
				}
			}
		}
		f, err := excelize.OpenReader(bytes.NewReader(copies[i]))
		if err != nil {
			t.Fatal(err)
		}
		if cs, _ := f.GetComments(fs[i][0].Sheet); len(cs) != 1 || cs[0].Cell != "B2" {
			t.Errorf("%s: comments %+v, want one on B2", src.Name, cs)
		}
		if title, _ := f.GetCellValue(ResultSheet, "A1"); !bytes.Contains([]byte(title), []byte(NoteConverted)) {
			t.Errorf("%s: 校验结果 A1 %q does not say LibreOffice converted the file", src.Name, title)
		}
		f.Close()
	}
}

// sameBool: LibreOffice writes a boolean cell as TRUE/FALSE, the rebuilt copy as 1/0.
func sameBool(a, b string) bool {
	return a == "TRUE" && b == "1" || a == "1" && b == "TRUE" || a == "FALSE" && b == "0" || a == "0" && b == "FALSE"
}

// legacyFile is the path of one of xlsx/read's legacy test files.
func legacyFile(name string) string { return filepath.Join("..", "read", "testdata", "legacy", name) }
