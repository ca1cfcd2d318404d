package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/templates"
)

// TemplateOptions says what WriteTemplate writes.
type TemplateOptions struct {
	// Year is the report year; required.
	Year int
	// Version is the form version; 0 means the version of the year (model.VersionForYear).
	Version model.Version
	// Unit pre-fills and locks the unit's name and code when they are given.
	Unit model.Unit
	// Report, when given, pre-fills every input cell with its values (a summary or an extracted report
	// written into the official tables). Its tables must all be of Version.
	Report *model.Report
	// Kind is the meta sheet's kind: "template" (default) or "summary".
	Kind string
	// Covers lists the unit codes a summary consolidates, for the meta sheet.
	Covers []string
	// Digest is the meta sheet's digest (templates.Digest); empty computes a template's from its meta.
	Digest string
	// Scope is what a summary's page headers print after 汇总范围 (the region's name); "" means Unit.Name.
	Scope string
	// Fixed pre-fills input cells with values carried over from last year (二、上年结转, the 2019 表二
	// 上一年项目数量): locked, grey, each with its FixedNotes entry as a comment saying where the number
	// came from. See CarryOver.
	Fixed      map[string]float64
	FixedNotes map[string]string
}

// summary reports whether the workbook is a summary: a result, with every table cell locked and no
// 填报说明.
func (o TemplateOptions) summary() bool { return o.Kind == templates.KindSummary }

func (o TemplateOptions) version() model.Version {
	if o.Version != 0 {
		return o.Version
	}
	return model.VersionForYear(o.Year)
}

// WriteTemplate writes the template workbook for a year (and unit) to path, atomically, as WriteTemplateTo.
func WriteTemplate(path string, opt TemplateOptions) error {
	return toFile(path, func(w io.Writer) error { return WriteTemplateTo(w, opt) })
}

// WriteTemplateTo writes the template workbook for a year (and unit) to w: 填报说明, 表二, 表三, 表四 in the
// official layout with live totals, the live 校验 sheet and the very hidden meta sheet.
func WriteTemplateTo(w io.Writer, opt TemplateOptions) error {
	f, cache, err := buildTemplate(opt)
	if err != nil {
		return err
	}
	defer f.Close()
	return writeWithCache(f, w, cache)
}

// buildTemplate builds the template workbook in memory, with the cached values of its formula cells
// (for writeWithCache). Summary and extraction writers start from it and add their own sheets.
func buildTemplate(opt TemplateOptions) (*excelize.File, cachedValues, error) {
	if opt.Year < 1000 || opt.Year > 9999 {
		return nil, nil, fmt.Errorf("xlsx: template: bad year %d", opt.Year)
	}
	v := opt.version()
	if v != model.V2019 && v != model.V2021 {
		return nil, nil, fmt.Errorf("xlsx: template: unknown version %d", v)
	}
	layout := templates.For(v)
	values, prefilled, err := templateValues(opt, v)
	if err != nil {
		return nil, nil, err
	}
	for k, x := range opt.Fixed {
		c, ok := model.FormOf(v).Cell(k)
		if !ok || !c.Input() {
			return nil, nil, fmt.Errorf("xlsx: template: fixed cell %s is not an input cell of version %d", k, v)
		}
		values.Values[k] = x
		prefilled[k] = true
	}
	if len(opt.Fixed) > 0 {
		values.ComputeTotals()
	}

	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	tw := &templateWriter{f: f, st: st, opt: opt, layout: layout, values: values, prefilled: prefilled, cache: cachedValues{}}
	if err := tw.write(); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("xlsx: template: %w", err)
	}
	return f, tw.cache, nil
}

// templateValues are the values a template of version v shows: the report's input cells (prefilled names
// them) and the totals computed from them.
func templateValues(opt TemplateOptions, v model.Version) (*model.Report, map[string]bool, error) {
	values := model.NewReport(opt.Unit, opt.Year, v)
	if r := opt.Report; r != nil {
		for id, tv := range r.Tables {
			if tv != v {
				return nil, nil, fmt.Errorf("xlsx: template: report table %s is of version %d, template of %d", id, tv, v)
			}
		}
		for _, c := range model.FormOf(v).Cells() {
			if x, ok := r.Values[c.Key]; ok && c.Input() {
				values.Values[c.Key] = x
			}
		}
	}
	prefilled := map[string]bool{}
	for k := range values.Values {
		prefilled[k] = true
	}
	values.ComputeTotals()
	return values, prefilled, nil
}

type templateWriter struct {
	f         *excelize.File
	st        styles
	opt       TemplateOptions
	layout    *templates.Workbook
	values    *model.Report
	prefilled map[string]bool
	cache     cachedValues
}

func (tw *templateWriter) write() error {
	f := tw.f
	first := true
	for _, s := range tw.layout.Sheets {
		if s.Name == templates.InfoSheet && tw.opt.summary() {
			continue // the unit-facing instructions do not belong in a result
		}
		if first {
			first = false
			if err := f.SetSheetName(f.GetSheetName(0), s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return err
		}
		if err := tw.sheet(s); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	f.SetActiveSheet(0)
	if err := tw.meta(); err != nil {
		return err
	}
	t := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &t}); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:   fmt.Sprintf("%d年度政府信息公开工作年度报告统计表", tw.opt.Year),
		Subject: tw.opt.Unit.Name, Creator: "nianbao", Language: "zh-CN",
	}); err != nil {
		return err
	}
	return f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true})
}

// fieldValue is the value of a 填报说明 field, "" when the agency fills it.
func (tw *templateWriter) fieldValue(name string) string {
	switch name {
	case templates.FieldUnitName:
		return tw.opt.Unit.Name
	case templates.FieldUnitCode:
		return tw.opt.Unit.Code
	case templates.FieldYear:
		return fmt.Sprint(tw.opt.Year)
	}
	return ""
}

// sheet writes one laid-out sheet: cells, merges, sizes, validations, alerts, print setup, protection.
func (tw *templateWriter) sheet(s *templates.Sheet) error {
	f, name := tw.f, s.Name
	for i, w := range s.ColWidths {
		col := model.ColName(i + 1)
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	for row, h := range s.RowHeights {
		if err := f.SetRowHeight(name, row, h); err != nil {
			return err
		}
	}
	for _, m := range s.Merges {
		from, to, _ := strings.Cut(m, ":")
		if err := f.MergeCell(name, from, to); err != nil {
			return err
		}
	}
	cache := map[string]any{}
	for _, p := range s.Cells {
		if err := tw.cell(name, p, cache); err != nil {
			return fmt.Errorf("%s: %w", p.Ref, err)
		}
	}
	tw.cache[name] = cache
	if err := tw.validations(s); err != nil {
		return err
	}
	if err := tw.alerts(s); err != nil {
		return err
	}
	if err := tw.print(s); err != nil {
		return err
	}
	if s.Freeze != "" {
		c, r, _ := model.ParseRef(s.Freeze)
		pane := "bottomRight"
		switch {
		case c == 1:
			pane = "bottomLeft"
		case r == 1:
			pane = "topRight"
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: c - 1, YSplit: r - 1,
			TopLeftCell: s.Freeze, ActivePane: pane}); err != nil {
			return err
		}
	}
	if err := f.SetSheetDimension(name, s.Dimension()); err != nil {
		return err
	}
	if s.Protected {
		return f.ProtectSheet(name, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true})
	}
	return nil
}

// cell writes one placed cell with its style (over its whole merged range).
func (tw *templateWriter) cell(sheet string, p templates.Placed, cache map[string]any) error {
	f := tw.f
	style := tw.st.of(p)
	switch {
	case p.Formula != "":
		if err := f.SetCellFormula(sheet, p.Ref, p.Formula); err != nil {
			return err
		}
		if p.Cached != nil {
			cache[p.Ref] = p.Cached(tw.values)
		}
	case p.Key != "":
		if tw.prefilled[p.Key] {
			if err := f.SetCellFloat(sheet, p.Ref, tw.values.Get(p.Key), -1, 64); err != nil {
				return err
			}
		}
		if _, fixed := tw.opt.Fixed[p.Key]; fixed {
			style = tw.st.fixed
			if note := tw.opt.FixedNotes[p.Key]; note != "" {
				if err := f.AddComment(sheet, excelize.Comment{Cell: p.Ref, Author: "nianbao",
					Paragraph: []excelize.RichTextRun{{Text: note}}}); err != nil {
					return err
				}
			}
		} else if p.Style == templates.Input && tw.opt.summary() {
			style = tw.st.result
		}
	case p.Field != "":
		if v := tw.fieldValue(p.Field); v != "" {
			if err := f.SetCellStr(sheet, p.Ref, v); err != nil { // text, never a formula
				return err
			}
			style = tw.st.fieldLocked
		}
	case p.Text != "":
		if err := f.SetCellStr(sheet, p.Ref, p.Text); err != nil {
			return err
		}
	}
	to := p.Ref
	if p.Range != "" {
		_, to, _ = strings.Cut(p.Range, ":")
	}
	return f.SetCellStyle(sheet, p.Ref, to, style)
}

// meta writes the very hidden meta sheet.
func (tw *templateWriter) meta() error {
	return WriteMeta(tw.f, templates.Meta{Kind: tw.opt.Kind, Year: tw.opt.Year, UnitCode: tw.opt.Unit.Code,
		UnitName: tw.opt.Unit.Name, Covers: tw.opt.Covers, Digest: tw.opt.Digest}.Rows(tw.layout.Version))
}

// WriteMeta writes rows (key, value) into f's sheet templates.MetaSheet, which must exist, and makes it
// very hidden. A value longer than a cell holds goes on into the cells to its right (templates.MetaCells),
// where the readers join it again.
func WriteMeta(f *excelize.File, rows [][2]string) error {
	cols := 2
	for i, kv := range rows {
		cells := append([]string{kv[0]}, templates.MetaCells(kv[1])...) // a long value goes on to the right
		for j, s := range cells {
			if err := f.SetCellStr(templates.MetaSheet, model.CellRef(j+1, i+1), s); err != nil {
				return err
			}
		}
		cols = max(cols, len(cells))
	}
	if err := f.SetSheetDimension(templates.MetaSheet, templates.RangeRef(1, 1, cols, len(rows))); err != nil {
		return err
	}
	return f.SetSheetVisible(templates.MetaSheet, false, true)
}
