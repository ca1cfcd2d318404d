package extract

import (
	"fmt"
	"strings"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
)

// document is a report as read from its file, before its figures are interpreted: the lines of its text
// (title, headings, prose) and its tables, either as grids or as column-aligned lines.
type document struct {
	name   string
	format string
	// lines are the report's text in reading order. Lines inside tables are marked so that the prose checks
	// skip them.
	lines []textLine
	// grids are the tables of text, HTML and Word input, for package locate.
	grids []locate.Grid
	// aligned is true for column-aligned text: its tables are read from lines by readAligned.
	aligned bool
}

// textLine is one line or paragraph of a report.
type textLine struct {
	// N is the 1-based line number in the file, or the paragraph number in an HTML or Word file.
	N    int
	Text string
	// Table marks a line that belongs to a table.
	Table bool
}

// source returns the position of a line for sources and findings.
func (d *document) source(n int) model.Source { return model.Source{File: d.name, Line: n} }

// result interprets the document: unit and year from the title, tables into the report, prose checks.
func (d *document) result() *Result {
	res := &Result{Format: d.format}
	unit, year := title(d.lines)
	v := model.VersionForYear(year)
	r := model.NewReport(model.Unit{Name: unit}, year, v)
	r.Tables = map[string]model.Version{}
	if d.aligned {
		res.Findings = append(res.Findings, readAligned(r, d)...)
	} else {
		res.Findings = append(res.Findings, readGrids(r, d.grids)...)
	}
	if year == 0 {
		res.Findings = append(res.Findings, checks.At(checks.RYear, r, "",
			fmt.Sprintf("%s：标题中找不到报告年度（应形如“2021年政府信息公开工作年度报告”）", d.name)))
		if tv, ok := r.Tables["t3"]; ok {
			r.Version = tv
		}
	}
	for i := range res.Findings {
		if res.Findings[i].File == "" {
			res.Findings[i].File = d.name
		}
	}
	res.Findings = append(res.Findings, unitNotStated(r)...)
	res.Findings = append(res.Findings, proseChecks(r, d)...)
	res.Report = r
	return res
}

// unitNotStated flags a 2019 采购总金额 written as a bare number: the 2019 table prints no unit, so
// "363900" may be 元 or 万元 (FORMAT.md §3). The value is kept as written, read as 万元.
func unitNotStated(r *model.Report) []checks.Finding {
	const key = "t2.procurement.amount"
	if r.Tables["t2"] != model.V2019 {
		return nil
	}
	src, ok := r.Sources[key]
	if !ok {
		return nil
	}
	v := r.Values[key]
	text := src.Text
	if text == "" {
		text = model.FormatValue(v)
	}
	if v == 0 || strings.Contains(text, "元") {
		return nil // zero needs no unit; 元 or 万元 is written out and was converted
	}
	return []checks.Finding{checks.At(checks.RText, r, key, fmt.Sprintf(
		"表二 政府集中采购 / 采购总金额「%s」未注明单位：按万元读作 %s；若单位为元，应为 %s 万元，请核实",
		text, model.FormatValue(v), model.FormatValue(v/1e4)))}
}
