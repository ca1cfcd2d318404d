package xlsx

import (
	"nianbao/xlsx/read"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx/read/fast"
)

// benchTemplate writes a filled 2021 template of a unit (every input cell holds a number).
func benchTemplate(b *testing.B) string {
	r := model.NewReport(model.Unit{Code: "000001", Name: "示例市人民政府办公室"}, 2024, model.V2021)
	for i, c := range model.FormOf(model.V2021).Cells() {
		if c.Input() {
			r.Values[c.Key] = float64(i % 9)
		}
	}
	tf, err := NewTemplateFiller(TemplateOptions{Year: 2024, Version: model.V2021})
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "t.xlsx")
	if err := tf.Write(p, r.Unit, r); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkReadTemplate measures the fast read path on one filled template (the file already in memory).
func BenchmarkReadTemplate(b *testing.B) {
	data, err := os.ReadFile(benchTemplate(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := fast.ReadTemplate("t.xlsx", data, read.Limits{}); !ok {
			b.Fatal("fast path declined the template")
		}
	}
}

// BenchmarkOpenTemplate measures the general reader, Open, on the same filled template.
func BenchmarkOpenTemplate(b *testing.B) {
	p := benchTemplate(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := read.Open(p, read.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteTemplate and BenchmarkTemplateFiller measure writing one pre-filled template.
func BenchmarkWriteTemplate(b *testing.B) {
	dir := b.TempDir()
	r := model.NewReport(model.Unit{Code: "1", Name: "某局"}, 2024, model.V2021)
	for b.Loop() {
		if err := WriteTemplate(filepath.Join(dir, "t.xlsx"), TemplateOptions{Year: 2024, Unit: r.Unit, Report: r}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTemplateFiller(b *testing.B) {
	dir := b.TempDir()
	r := model.NewReport(model.Unit{Code: "1", Name: "某局"}, 2024, model.V2021)
	tf, err := NewTemplateFiller(TemplateOptions{Year: 2024})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := tf.Write(filepath.Join(dir, "t.xlsx"), r.Unit, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteSummary measures writing the summary workbook of 1,000 units under one government.
func BenchmarkWriteSummary(b *testing.B) {
	ros := &model.Roster{}
	var inputs []summary.Input
	for i := 0; i < 1000; i++ {
		u := model.RosterUnit{Code: "u" + itoa(i), Name: "单位" + itoa(i), Row: i + 2}
		if i > 0 {
			u.Parent = "u0"
		}
		ros.Units = append(ros.Units, u)
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		for j, c := range model.FormOf(model.V2021).Cells() {
			if c.Input() {
				r.Values[c.Key] = float64((i + j) % 5)
			}
		}
		r.ComputeTotals()
		inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
	}
	res, err := summary.Build(ros, inputs, summary.Options{Year: 2024, Tool: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "汇总.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSummary(p, res); err != nil {
			b.Fatal(err)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
