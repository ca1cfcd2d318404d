package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/templates"
)

// printSetup prints a summary sheet on A4 landscape pages with the region and year in the page header,
// the first titleRows rows (and the first titleCols columns) repeated on every page. Without breaks it is
// fitted to one page width; with breaks (the last column of each page) it prints at scale percent, so that
// every page holds whole groups of columns. Called before the sheet is streamed: the settings then go
// into the streamed sheet.
func (sw *summaryWriter) printSetup(sheet string, titleRows, titleCols int, breaks []int, scale int) error {
	f := sw.f
	size, orient := 9, "landscape"
	lo := &excelize.PageLayoutOptions{Size: &size, Orientation: &orient}
	fit := len(breaks) == 0
	if fit {
		one, zero := 1, 0
		lo.FitToWidth, lo.FitToHeight = &one, &zero
	} else {
		s := uint(max(10, min(scale, 100)))
		lo.AdjustTo = &s
	}
	if err := f.SetPageLayout(sheet, lo); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	for _, c := range breaks {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		if err := f.InsertPageBreak(sheet, ref); err != nil {
			return err
		}
	}
	refers := ""
	if titleCols > 0 {
		refers = templates.Qualified(sheet, "$A:$"+model.ColName(titleCols)) + ","
	}
	if titleRows > 0 {
		refers += templates.Qualified(sheet, fmt.Sprintf("$1:$%d", titleRows))
	}
	if refers != "" {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: trimComma(refers)}); err != nil {
			return err
		}
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: fmt.Sprintf("&L汇总范围：%s&C%s&R报告年度：%d年", headerText(sw.res.Name, 60), headerText(sheet, 20), sw.res.Year),
		OddFooter: "&C第 &P 页，共 &N 页"})
}

func trimComma(s string) string {
	if n := len(s); n > 0 && s[n-1] == ',' {
		return s[:n-1]
	}
	return s
}
