package xlsx

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
)

// Fills of the template: inputs light yellow, totals grey; alerts red (error) or amber (warning).
const (
	fillInput = "FFF8DC"
	fillTotal = "D9D9D9"
)

// styles are the style ids of a template workbook.
type styles struct {
	byStyle     map[templates.Style]int
	fieldLocked int
	// result is a summary's value cell (locked, no input fill); fixed a value carried over from last year
	// (locked, grey, italic).
	result, fixed int
	alert         map[checks.Severity]int
}

func (s styles) of(p templates.Placed) int { return s.byStyle[p.Style] }

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	unlocked := &excelize.Protection{Locked: false}
	defs := map[templates.Style]*excelize.Style{
		templates.Plain:      {},
		templates.Title:      {Font: &excelize.Font{Bold: true, Size: 14}, Alignment: center},
		templates.Header:     {Font: &excelize.Font{Bold: true}, Alignment: center, Border: border},
		templates.RowLabel:   {Alignment: left, Border: border},
		templates.Note:       {Font: &excelize.Font{Size: 9}, Alignment: center, Border: border},
		templates.Input:      {Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, Border: border, Fill: fill(fillInput), Protection: unlocked},
		templates.Total:      {Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, Border: border, Fill: fill(fillTotal)},
		templates.FieldLabel: {Font: &excelize.Font{Bold: true}, Alignment: center, Border: border},
		templates.Field:      {Alignment: left, Border: border, Fill: fill(fillInput), Protection: unlocked},
		templates.Verdict:    {Font: &excelize.Font{Bold: true, Size: 12}, Alignment: center, Border: border, Fill: fill(fillTotal)},
		templates.Text:       {Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}},
		templates.Explain:    {Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}, Border: border, Fill: fill(fillInput), Protection: unlocked},
	}
	s := styles{byStyle: map[templates.Style]int{}, alert: map[checks.Severity]int{}}
	for k, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return s, err
		}
		s.byStyle[k] = id
	}
	id, err := f.NewStyle(&excelize.Style{Alignment: left, Border: border})
	if err != nil {
		return s, err
	}
	s.fieldLocked = id
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	if s.result, err = f.NewStyle(&excelize.Style{Alignment: right, Border: border}); err != nil {
		return s, err
	}
	if s.fixed, err = f.NewStyle(&excelize.Style{Alignment: right, Border: border, Fill: fill(fillTotal),
		Font: &excelize.Font{Italic: true, Color: "404040"}}); err != nil {
		return s, err
	}
	for sev, c := range map[checks.Severity][2]string{checks.Error: {"FFC7CE", "9C0006"}, checks.Warning: {"FFEB9C", "9C5700"}} {
		id, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: c[1], Bold: true}, Fill: fill(c[0])})
		if err != nil {
			return s, err
		}
		s.alert[sev] = id
	}
	return s, nil
}

// validation rules by value kind: type, bounds and the message shown on a wrong entry.
var validationOf = map[model.Kind]struct {
	typ    excelize.DataValidationType
	op     excelize.DataValidationOperator
	f1, f2 any
	msg    string
}{
	model.Count:  {excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween, 0, 2147483647, "此处应填写非负整数（件数），没有发生的可以留空。"},
	model.Change: {excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween, -2147483647, 2147483647, "此处应填写整数，减少时填负数（如 -1），没有变化的可以留空。"},
	model.Amount: {excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween, 0, 1e12, "此处应填写金额（单位：万元），为非负数，可有小数，不要带“元”“万元”等文字。"},
}

// validations adds one data validation per value kind over the sheet's input cells.
func (tw *templateWriter) validations(s *templates.Sheet) error {
	refs := map[model.Kind][]string{}
	if tw.opt.summary() {
		return nil // nothing to type into a result
	}
	for _, p := range s.Cells {
		if p.Style != templates.Input {
			continue
		}
		if _, fixed := tw.opt.Fixed[p.Key]; fixed {
			continue
		}
		r := p.Ref
		if p.Range != "" {
			r = p.Range
		}
		refs[p.Kind] = append(refs[p.Kind], r)
	}
	for _, k := range []model.Kind{model.Count, model.Change, model.Amount} {
		if len(refs[k]) == 0 {
			continue
		}
		rule := validationOf[k]
		dv := excelize.NewDataValidation(true)
		dv.Sqref = strings.Join(refs[k], " ")
		if err := dv.SetRange(rule.f1, rule.f2, rule.typ, rule.op); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", rule.msg)
		if err := tw.f.AddDataValidation(s.Name, dv); err != nil {
			return err
		}
	}
	return nil
}

// alerts adds the sheet's conditional formats.
func (tw *templateWriter) alerts(s *templates.Sheet) error {
	for _, a := range s.Alerts {
		id := tw.st.alert[a.Severity]
		if err := tw.f.SetConditionalFormat(s.Name, a.Ref, []excelize.ConditionalFormatOptions{
			{Type: "formula", Criteria: a.Formula, Format: &id}}); err != nil {
			return err
		}
	}
	return nil
}

// print sets A4, orientation, fit to width, repeated title rows, and the unit and year in the header.
func (tw *templateWriter) print(s *templates.Sheet) error {
	f := tw.f
	size, fitW, fitH := 9, 1, 0
	orient := "portrait"
	if s.Landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(s.Name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient,
		FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(s.Name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if s.PrintRows > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.Name,
			RefersTo: templates.Qualified(s.Name, fmt.Sprintf("$1:$%d", s.PrintRows))}); err != nil {
			return err
		}
	}
	unit := tw.opt.Unit.Name
	if unit == "" {
		unit = "__________"
	}
	who := "填报单位"
	if tw.opt.summary() {
		who = "汇总范围" // a summary's tables hold the figures of every unit below this one
		if tw.opt.Scope != "" {
			unit = tw.opt.Scope
		}
	}
	header := fmt.Sprintf("&L%s：%s&R报告年度：%d年", who, headerText(unit, 80), tw.opt.Year)
	return f.SetHeaderFooter(s.Name, &excelize.HeaderFooterOptions{OddHeader: header,
		OddFooter: "&C第 &P 页，共 &N 页"})
}

// headerText escapes & for a print header and cuts the text to n runes.
func headerText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}
