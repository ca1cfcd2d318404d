package read

import (
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchBook writes a template-sized workbook: 3 sheets of 40 rows x 15 columns with a merged title, a
// two-row header, 12 numbers, a note and a SUM per row, and a totals row of SUMs.
func benchBook(b testing.TB) string {
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range []string{"表二", "表三", "表四"} {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			b.Fatal(err)
		}
		f.SetCellValue(name, "A1", name+"：政府信息公开情况统计")
		f.MergeCell(name, "A1", "O1")
		f.SetCellValue(name, "A2", "项目")
		f.MergeCell(name, "A2", "A3")
		for c := 2; c <= 15; c++ {
			cell, _ := excelize.CoordinatesToCellName(c, 3)
			f.SetCellValue(name, cell, fmt.Sprintf("列%d", c))
		}
		for r := 4; r <= 39; r++ {
			f.SetCellValue(name, fmt.Sprintf("A%d", r), fmt.Sprintf("第%d行 本年新收政府信息公开申请数量", r))
			for c := 2; c <= 13; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				f.SetCellValue(name, cell, r*c)
			}
			f.SetCellFormula(name, fmt.Sprintf("N%d", r), fmt.Sprintf("SUM(B%d:M%d)", r, r))
			f.SetCellValue(name, fmt.Sprintf("O%d", r), "无")
		}
		for c := 2; c <= 14; c++ {
			col, _ := excelize.ColumnNumberToName(c)
			f.SetCellFormula(name, col+"40", fmt.Sprintf("SUM(%s4:%s39)", col, col))
		}
	}
	p := b.(interface{ TempDir() string }).TempDir() + "/bench.xlsx"
	if err := f.SaveAs(p); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkOpen measures Open (sniff, limit checks, all sheets into grids) of one template-sized workbook.
func BenchmarkOpen(b *testing.B) {
	p := benchBook(b)
	wb, err := Open(p, Limits{})
	if err != nil || len(wb.Grids) != 3 || wb.Grids[1].Rows[39][13].Formula != "SUM(N4:N39)" {
		b.Fatalf("bench workbook not read right: %v", err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Open(p, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExcelizeGetRows is the reference: excelize OpenFile + GetRows (raw) of the same workbook, which
// gives neither formulas nor cell types.
func BenchmarkExcelizeGetRows(b *testing.B) {
	p := benchBook(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := excelize.OpenFile(p, excelOptions(DefaultLimits()))
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range f.GetSheetList() {
			if _, err := f.GetRows(s, excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}
