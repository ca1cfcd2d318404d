package annotate

import (
	"strconv"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/templates"
)

// copyCache returns the cached values of the formula cells of a returned workbook, so that an annotated
// copy shows its totals and its 校验 lines in readers that do not calculate (pandas, openpyxl data-only,
// previews) although openpyxl drops every cached result and a script may have changed inputs without
// recalculating. When the workbook is our template with every formula as the layout writes it and only
// numbers in its input cells, every formula cell gets the value of the layout's formula over the input
// cells (templates.Placed.Cached, as for a template we write), which is what Excel computes. Otherwise
// a formula cell keeps its cached value, and one without gets what excelize's formula engine computes;
// a cell the engine cannot compute is left without a value, for the opening application to compute.
func copyCache(f *excelize.File) func(sheet, ref string, has bool) (any, bool) {
	var layout map[string]map[string]any
	for _, v := range []model.Version{model.V2021, model.V2019} {
		if c, ok := layoutCache(f, templates.For(v)); ok {
			layout = c
			break
		}
	}
	return func(sheet, ref string, has bool) (any, bool) {
		if v, ok := layout[sheet][ref]; ok {
			return v, true
		}
		if has {
			return nil, false
		}
		s, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, false
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return x, true
		}
		return s, true
	}
}

// layoutCache computes the cached values of every formula cell of layout w in f, if f holds w's sheets
// with w's formulas and a number or nothing in every input cell.
func layoutCache(f *excelize.File, w *templates.Workbook) (map[string]map[string]any, bool) {
	r := model.NewReport(model.Unit{}, 0, w.Version)
	var formulas []struct {
		sheet string
		p     templates.Placed
	}
	for _, s := range w.Sheets {
		if s.Name == templates.MetaSheet {
			continue
		}
		if i, err := f.GetSheetIndex(s.Name); err != nil || i < 0 {
			return nil, false
		}
		for _, p := range s.Cells {
			got, err := f.GetCellFormula(s.Name, p.Ref)
			if err != nil || got != p.Formula {
				return nil, false
			}
			switch {
			case p.Formula != "":
				if p.Cached == nil {
					return nil, false
				}
				formulas = append(formulas, struct {
					sheet string
					p     templates.Placed
				}{s.Name, p})
			case p.Key != "":
				text, err := f.GetCellValue(s.Name, p.Ref, excelize.Options{RawCellValue: true})
				if err != nil {
					return nil, false
				}
				if text == "" {
					continue
				}
				typ, _ := f.GetCellType(s.Name, p.Ref)
				x, err := strconv.ParseFloat(text, 64)
				if err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					return nil, false // text in an input cell: SUM skips it, a plain reference shows it
				}
				r.Values[p.Key] = x
			}
		}
	}
	r.ComputeTotals()
	cache := map[string]map[string]any{}
	for _, x := range formulas {
		if cache[x.sheet] == nil {
			cache[x.sheet] = map[string]any{}
		}
		cache[x.sheet][x.p.Ref] = x.p.Cached(r)
	}
	return cache, true
}
