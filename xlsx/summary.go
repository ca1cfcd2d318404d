package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
	"nianbao/xlsx/finish"
)

// WriteSummary writes the summary workbook of a consolidated region to path, atomically, as WriteSummaryTo.
func WriteSummary(path string, res *summary.Result) error {
	return toFile(path, func(w io.Writer) error { return WriteSummaryTo(w, res) })
}

// WriteSummaryTo writes the summary workbook of a consolidated region to w: 汇总说明, the
// official tables 表二/表三/表四 with the region's figures (live totals with cached values and the 校验
// sheet, as in a template), 分级汇总, the 明细 sheets, 报送情况, 校验问题 and a chart. The hidden meta sheet
// marks it as a summary covering the codes of the summed units, so that it can be checked and consolidated
// again. All text from inputs is written as text.
func WriteSummaryTo(w io.Writer, res *summary.Result) error {
	if res == nil {
		return fmt.Errorf("xlsx: summary: no result")
	}
	total := res.Total
	if total == nil {
		total = model.NewReport(res.Region, res.Year, res.Version)
	}
	opt := TemplateOptions{Year: res.Year, Version: res.Version, Unit: res.Region, Report: total,
		Kind: templates.KindSummary, Covers: Covers(res), Scope: res.Name}
	opt.Digest = SummaryDigest(res, total, opt.Covers)
	f, cache, err := buildTemplate(opt)
	if err != nil {
		return err
	}
	defer f.Close()
	sw := &summaryWriter{f: f, res: res}
	if err := sw.write(); err != nil {
		return fmt.Errorf("xlsx: summary: %w", err)
	}
	// the rows of the list sheets are written into the package as it is saved, from res
	return finish.Write(f, w, finish.Options{Fresh: true, Cached: cache.lookup, Rows: sw.later})
}

// SummaryDigest is the digest of the summary workbook of res (templates.Digest): its meta, the figures of
// its tables (total) and the rows of its 明细 sheets, as a reader will find them.
func SummaryDigest(res *summary.Result, total *model.Report, covers []string) string {
	meta := templates.MetaMap(templates.Meta{Kind: templates.KindSummary, Year: res.Year, UnitCode: res.Region.Code,
		UnitName: res.Region.Name, Covers: covers, Digest: "-"}.Rows(res.Version))
	var members []templates.Member
	for _, u := range res.Detail() {
		members = append(members, templates.Member{Code: u.Code, Name: u.Name, Report: u.Report})
	}
	return templates.Digest(meta, total, members)
}

// Covers returns the codes of the roster units whose figures a summary holds, in roster order.
func Covers(res *summary.Result) []string {
	var out []string
	for _, u := range res.Units {
		if u.OnRoster && u.Included && u.Status != summary.Replaced && u.Status != summary.Double {
			out = append(out, u.Code)
		}
	}
	return out
}

type summaryWriter struct {
	f   *excelize.File
	res *summary.Result
	st  summaryStyles
	// later writes the data rows of each list sheet, by sheet name, into the package as it is saved.
	later map[string]func(io.Writer) error
}

type summaryStyles struct {
	title, header, key, text, number, amount, bold int
	indent                                         []int
	// subText, subNumber and subIndent are the 小计 rows of 分级汇总: bold, filled.
	subText, subNumber int
	// digest is a SHA-256 in small type, on one line.
	digest    int
	subIndent []int
}

// border is the thin grey border of a summary's list cells.
func (sw *summaryWriter) border() []excelize.Border {
	return []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
}

func (sw *summaryWriter) styles() error {
	border := sw.border()
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	var err error
	mk := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = sw.f.NewStyle(s)
		return id
	}
	num := "#,##0"
	amt := "#,##0.####"
	sw.st = summaryStyles{
		title:  mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}),
		header: mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		key:    mk(&excelize.Style{Font: &excelize.Font{Size: 8, Color: "808080"}, Border: border}),
		text:   mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		number: mk(&excelize.Style{Border: border, CustomNumFmt: &num}),
		amount: mk(&excelize.Style{Border: border, CustomNumFmt: &amt}),
		bold:   mk(&excelize.Style{Font: &excelize.Font{Bold: true}}),
	}
	sw.st.digest = mk(&excelize.Style{Border: border, Font: &excelize.Font{Size: 7}, Alignment: &excelize.Alignment{Vertical: "top", ShrinkToFit: true}})
	sub := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E2EFDA"}}
	bold := &excelize.Font{Bold: true}
	sw.st.subText = mk(&excelize.Style{Border: border, Font: bold, Fill: sub, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	sw.st.subNumber = mk(&excelize.Style{Border: border, Font: bold, Fill: sub, CustomNumFmt: &num})
	for lvl := 0; lvl < 8; lvl++ {
		al := &excelize.Alignment{Indent: lvl * 2, Vertical: "top", WrapText: true}
		sw.st.indent = append(sw.st.indent, mk(&excelize.Style{Border: border, Alignment: al}))
		sw.st.subIndent = append(sw.st.subIndent, mk(&excelize.Style{Border: border, Font: bold, Fill: sub, Alignment: al}))
	}
	return err
}

func (sw *summaryWriter) write() error {
	if err := sw.styles(); err != nil {
		return err
	}
	first := sw.f.GetSheetName(0)
	steps := []struct {
		name string
		fn   func(string) error
	}{
		{templates.SummaryInfoSheet, sw.info},
	}
	if sw.res.YoY != nil {
		steps = append(steps, struct {
			name string
			fn   func(string) error
		}{templates.SummaryYoYSheet, sw.yoy})
	}
	steps = append(steps, struct {
		name string
		fn   func(string) error
	}{templates.SummaryTreeSheet, sw.tree})
	for _, t := range model.FormOf(sw.res.Version).Tables {
		t := t
		steps = append(steps, struct {
			name string
			fn   func(string) error
		}{templates.DetailSheet(t), func(name string) error { return sw.detail(name, t) }})
	}
	steps = append(steps, []struct {
		name string
		fn   func(string) error
	}{{templates.SummaryStatusSheet, sw.status}, {templates.SummaryIssuesSheet, sw.issues}, {templates.SummaryChartSheet, sw.chart}}...)
	// The first sheet is moved into place and made active while the workbook holds only the template's small sheets:
	// doing either later makes excelize parse every sheet, the streamed 明细 sheets too.
	if _, err := sw.f.NewSheet(templates.SummaryInfoSheet); err != nil {
		return err
	}
	if err := MoveSheet(sw.f, templates.SummaryInfoSheet, first); err != nil {
		return err
	}
	idx, err := sw.f.GetSheetIndex(templates.SummaryInfoSheet)
	if err != nil {
		return err
	}
	sw.f.SetActiveSheet(idx)
	for _, s := range steps {
		if s.name != templates.SummaryInfoSheet {
			if _, err := sw.f.NewSheet(s.name); err != nil {
				return err
			}
		}
		if err := s.fn(s.name); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return sw.printSetup(templates.SummaryInfoSheet, 0, 0, nil, 0)
}

// setRow writes one row of values from a cell on, strings as text (never formulas), with a style.
func (sw *summaryWriter) setRow(sheet string, col, row int, style int, values ...any) error {
	for i, v := range values {
		ref, err := excelize.CoordinatesToCellName(col+i, row)
		if err != nil {
			return err
		}
		switch x := v.(type) {
		case nil:
		case string:
			err = sw.f.SetCellStr(sheet, ref, x)
		default:
			err = sw.f.SetCellValue(sheet, ref, x)
		}
		if err != nil {
			return err
		}
		if style != 0 {
			if err := sw.f.SetCellStyle(sheet, ref, ref, style); err != nil {
				return err
			}
		}
	}
	return nil
}
