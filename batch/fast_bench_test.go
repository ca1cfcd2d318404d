package batch_test

import (
	"path/filepath"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// benchFile writes a filled 2021 template of a unit.
func benchFile(b *testing.B) string {
	r := model.NewReport(model.Unit{Code: "000001", Name: "示例市人民政府办公室"}, 2024, model.V2021)
	for i, c := range model.FormOf(model.V2021).Cells() {
		if c.Input() {
			r.Values[c.Key] = float64(i % 9)
		}
	}
	p := filepath.Join(b.TempDir(), "t.xlsx")
	if err := xlsx.WriteTemplate(p, xlsx.TemplateOptions{Year: 2024, Unit: r.Unit, Report: r}); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkCheckFile measures checking one filled template end to end: read (hash, fast path), locate,
// rules. BenchmarkCheckFileGeneral is the same through the general reader.
func BenchmarkCheckFile(b *testing.B) {
	p := benchFile(b)
	b.ReportAllocs()
	for b.Loop() {
		if f := batch.CheckFile(p, batch.Options{}); f.Report == nil {
			b.Fatal(f.Findings)
		}
	}
}

func BenchmarkCheckFileGeneral(b *testing.B) {
	p := benchFile(b)
	defer batch.SetFastPath(batch.SetFastPath(false))
	b.ReportAllocs()
	for b.Loop() {
		if f := batch.CheckFile(p, batch.Options{}); f.Report == nil {
			b.Fatal(f.Findings)
		}
	}
}

// BenchmarkReadReport measures turning the grids of one read workbook into a report with findings, and
// BenchmarkRules the rules alone on that report.
func BenchmarkReadReport(b *testing.B) {
	wb, err := read.Open(benchFile(b), read.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	src := locate.Source{Name: "t.xlsx", Grids: wb.Grids, Meta: wb.Meta}
	b.ReportAllocs()
	for b.Loop() {
		locate.ReadSource(src, 2024)
	}
}

func BenchmarkRules(b *testing.B) {
	wb, err := read.Open(benchFile(b), read.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	r, _ := locate.ReadSource(locate.Source{Name: "t.xlsx", Grids: wb.Grids, Meta: wb.Meta}, 2024)
	b.ReportAllocs()
	for b.Loop() {
		checks.Run(r, nil)
	}
}
