package xlsx

import (
	"nianbao/xlsx/read"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
)

// TestWriteSummaryDetailContract writes a summary and reads its 明细 sheet back: row 2 holds the machine
// keys, data rows numbers as numbers, names as text even when they look like formulas; the roster writer's
// output reads back with ReadRoster.
func TestWriteSummaryDetailContract(t *testing.T) {
	dir := t.TempDir()
	ros := &model.Roster{Units: []model.RosterUnit{
		{Code: "001", Name: "甲市政府办", Row: 2}, {Code: "002", Name: "=1+1", Parent: "001", Row: 3}}}
	rp := filepath.Join(dir, "名单.xlsx")
	if err := WriteRoster(rp, ros); err != nil {
		t.Fatal(err)
	}
	back, err := read.ReadRoster(rp)
	if err != nil || len(back.Units) != 2 || back.Units[0].Code != "001" || back.Units[1].Name != "=1+1" {
		t.Fatalf("roster round trip: %+v %v", back, err)
	}
	var inputs []summary.Input
	for i, u := range ros.Units {
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		r.Values["t3.new.person"] = float64(i + 2)
		r.Values["t3.open.person"] = float64(i + 2)
		r.Values["t2.fees.amount"] = 1.25
		r.ComputeTotals()
		inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
	}
	res, err := summary.Build(back, inputs, summary.Options{Year: 2024, Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "汇总.xlsx")
	if err := WriteSummary(out, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if hf, err := f.GetHeaderFooter("表三"); err != nil || !strings.Contains(hf.OddHeader, "汇总范围：甲市") {
		t.Errorf("a summary's tables print 汇总范围, not 填报单位: %+v %v", hf, err)
	}
	sheet := templates.DetailSheet(model.TableOf(model.V2021, "t3"))
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	// row 1 the keys (hidden), rows 2 and 3 the headers (row group, column), units from row 4
	if len(rows) != 5 || rows[0][0] != templates.DetailCode || rows[0][3] != templates.DetailStatus || rows[1][0] != templates.DetailCodeHeader {
		t.Fatalf("%s rows: %q", sheet, rows)
	}
	blank, _ := excelize.NewFile().GetColWidth("Sheet1", "A")
	for c := 1; c <= len(rows[0])+1; c++ { // the columns' widths, set as runs of one width
		want := detailColWidth
		switch {
		case c <= 4:
			want = []float64{12, 30, 12, 14}[c-1]
		case c > len(rows[0]):
			want = blank // past the last column: none set
		}
		if got, err := f.GetColWidth(sheet, model.ColName(c)); err != nil || got != want {
			t.Errorf("%s column %s: width %v (%v), want %v", sheet, model.ColName(c), got, err, want)
		}
	}
	if vis, err := f.GetRowVisible(sheet, 1); err != nil || vis {
		t.Errorf("key row visible: %v %v", vis, err)
	}
	col := -1
	for j, k := range rows[0] {
		if k == "t3.new.person" {
			col = j
		}
	}
	if col < 0 || rows[1][col] != "一、本年新收政府信息公开申请数量" || rows[2][col] != "自然人" {
		t.Errorf("detail headers %q / %q", rows[1], rows[2])
	}
	if col < 0 || rows[3][col] != "2" || rows[4][col] != "3" || rows[4][1] != "=1+1" {
		t.Errorf("detail rows %q", rows)
	}
	ref, _ := excelize.CoordinatesToCellName(col+1, 4)
	if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("%s!%s is text, want a number", sheet, ref)
	}
	if fm, _ := f.GetCellFormula(sheet, "B5"); fm != "" {
		t.Errorf("unit name written as formula %q", fm)
	}
	for _, s := range []string{templates.SummaryInfoSheet, templates.SummaryTreeSheet, templates.SummaryStatusSheet, templates.SummaryIssuesSheet, templates.SummaryChartSheet, "表三", "校验"} {
		if i, _ := f.GetSheetIndex(s); i < 0 {
			t.Errorf("no sheet %s", s)
		}
	}
	if v, _ := f.GetCellValue("表二", templates.For(model.V2021).Ref("t2.fees.amount")); v != "2.5" {
		t.Errorf("表二 fees %q, want 2.5 (amounts keep decimals)", v)
	}
}
