package annotate

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// Without LibreOffice the annotated copy of an .xls or .ods is an .xlsx rebuilt from what was read: the
// same values in the same cells (formulas as their results), the merges, the hidden sheets and the meta
// data, with the finding's cell marked and the 校验结果 sheet saying what kind of copy it is.
func TestAnnotateLegacyWithoutLibreOffice(t *testing.T) {
	t.Setenv("NIANBAO_SOFFICE", "")
	t.Setenv("PATH", t.TempDir())
	for _, src := range []string{"2021-total.xls", "2019-text.ods", "mixed.xls"} {
		t.Run(src, func(t *testing.T) {
			src := filepath.Join("..", "read", "testdata", "legacy", src)
			orig, err := read.Open(src, read.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			sheet := orig.Grids[0].Name
			fs := []checks.Finding{{Rule: "R1", Severity: checks.Error, Sheet: sheet, Cell: "B2", Message: "合计不对"}}
			dst := filepath.Join(t.TempDir(), "退回.xlsx")
			if err := File(src, dst, filepath.Base(src), fs); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(dst)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			title, _ := f.GetCellValue(ResultSheet, "A1")
			if !strings.Contains(title, NoteRebuilt) {
				t.Errorf("校验结果 A1 %q does not say the copy was rebuilt", title)
			}
			if cs, _ := f.GetComments(sheet); len(cs) != 1 || cs[0].Cell != "B2" {
				t.Errorf("comments %+v, want one on B2", cs)
			}
			got, err := read.Open(dst, read.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Grids[0].Name != ResultSheet {
				t.Fatalf("first sheet %s", got.Grids[0].Name)
			}
			for i, g := range orig.Grids {
				cg := got.Grids[i+1]
				if cg.Name != g.Name || got.Hidden[g.Name] != orig.Hidden[g.Name] {
					t.Fatalf("sheet %d: %s hidden %v, want %s hidden %v", i, cg.Name, got.Hidden[g.Name], g.Name, orig.Hidden[g.Name])
				}
				for r, row := range g.Rows {
					for c, cell := range row {
						var cc string
						if r < len(cg.Rows) && c < len(cg.Rows[r]) {
							cc = cg.Rows[r][c].Text
						}
						if cc != cell.Text && !sameNumber(cc, cell.Text) && !(cell.Text == "TRUE" && cc == "1" || cell.Text == "FALSE" && cc == "0") {
							t.Errorf("%s!%s: copy %q, read %q", g.Name, model.CellRef(c+1, r+1), cc, cell.Text)
						}
					}
				}
			}
			for _, g := range orig.Grids {
				for c, w := range orig.Layouts[g.Name].ColWidths {
					col, _ := excelize.ColumnNumberToName(c + 1)
					if cw, err := f.GetColWidth(g.Name, col); err != nil || cw != w {
						t.Errorf("%s column %s: width %v (%v), want %v", g.Name, col, cw, err, w)
					}
				}
			}
			if len(orig.Meta) != len(got.Meta) || orig.Meta["version"] != got.Meta["version"] {
				t.Errorf("meta %v, want %v", got.Meta, orig.Meta)
			}
			if l := orig.Layouts[sheet]; len(l.Merges) > 0 {
				if m, _ := f.GetMergeCells(sheet); len(m) != len(l.Merges) {
					t.Errorf("%d merges, want %d", len(m), len(l.Merges))
				}
			}
		})
	}
}

// sameNumber: excelize writes a number in its shortest form, LibreOffice's in its own.
func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

// A rebuilt copy keeps meta values longer than a cell holds whole (the covers of a summary of thousands
// of units), split over the cells to the right as the template writer splits them.
func TestLegacyCopyKeepsLongMeta(t *testing.T) {
	wb, err := read.Open(filepath.Join("..", "read", "testdata", "legacy", "2021-total.xls"), read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	codes := make([]string, 5000)
	for i := range codes {
		codes[i] = "U" + strconv.Itoa(1000000+i)
	}
	long := strings.Join(codes, ",") // 44,999 characters
	wb.Meta = map[string]string{"covers": long, "year": "2024"}
	data, err := legacyCopy(wb)
	if err != nil {
		t.Fatal(err)
	}
	back, err := read.OpenBytes(t.Context(), "copy.xlsx", data, read.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Meta["covers"]; got != long || back.Meta["year"] != "2024" {
		t.Errorf("covers read back: %d characters of %d; year %q", len(got), len(long), back.Meta["year"])
	}
}
