package batch_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/internal/office"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
)

// TestFastPathAgrees is the differential test of the fast read path: every workbook of the corpus (the
// repository's test files, templates of both versions, a whole demo region with its mistakes, annotated
// copies and summary, LibreOffice re-saves, and damaged or edited copies of a template) that the fast path
// takes is read once by the general reader and once by the fast path, and each reading is checked with
// and without a year; the File values must be identical. A file the fast path does not take goes to the
// general reader either way: for it the comparison would run the same code twice.
func TestFastPathAgrees(t *testing.T) {
	files := corpus(t)
	years := []int{0, 2024}
	fast := 0
	for _, p := range files {
		name, _ := filepath.Rel(filepath.Dir(filepath.Dir(p)), p)
		general, quick, ok := batch.CheckBothPaths(p, years)
		if !ok {
			continue
		}
		fast++
		t.Run(name, func(t *testing.T) {
			if len(general) != len(quick) {
				t.Fatalf("general reader: %+v", general)
			}
			for i := range general {
				if !reflect.DeepEqual(general[i], quick[i]) {
					t.Fatalf("year %d: fast path differs:\ngeneral: %+v\nfast:    %+v", years[i], general[i], quick[i])
				}
			}
			// CheckBothPaths checks as CheckFile does: shown on the first file and on the summary.
			if fast == 1 || p == filepath.Join(shared.dir, "demo", demo.SummaryFile) {
				for i, year := range years {
					old := batch.SetFastPath(false)
					g := batch.CheckFile(p, batch.Options{Year: year})
					batch.SetFastPath(true)
					q := batch.CheckFile(p, batch.Options{Year: year})
					batch.SetFastPath(old)
					if !reflect.DeepEqual(g, general[i]) || !reflect.DeepEqual(q, quick[i]) {
						t.Fatalf("year %d: CheckBothPaths differs from CheckFile", year)
					}
				}
			}
		})
	}
	t.Logf("%d files, %d through the fast path", len(files), fast)
	if fast < len(files)/3 {
		t.Errorf("only %d of %d files took the fast path", fast, len(files))
	}
}

// TestFastPathTakesTemplates requires the fast path for what it is for: our templates, filled or not, of
// both versions, and their LibreOffice re-saves; and refuses it for a template whose labels were edited.
func TestFastPathTakesTemplates(t *testing.T) {
	corpus(t) // writes the templates and has LibreOffice re-save them with the corpus's other files
	dir := t.TempDir()
	for _, v := range model.Versions {
		p := shared.templates[v]
		if !batch.TakesFastPath(p) {
			t.Errorf("%s: template not read by the fast path", p)
		}
		label := templates.For(v).Labels()[3]
		edited := filepath.Join(dir, fmt.Sprint(int(v))+"-edited.xlsx")
		if err := xlsx.EditCells(p, edited, []xlsx.Edit{{Sheet: label.Sheet, Ref: label.Ref, Value: "改过的标签"}}); err != nil {
			t.Fatal(err)
		}
		if batch.TakesFastPath(edited) {
			t.Errorf("%s: a moved label must send the file to the general path", edited)
		}
		if office.Available() {
			if out := shared.resaved[v]; !batch.TakesFastPath(out) {
				t.Errorf("%s: LibreOffice re-save not read by the fast path", out)
			}
		}
	}
}
