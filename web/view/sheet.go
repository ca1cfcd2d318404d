package view

import (
	"path/filepath"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/templates"
)

// FindingsSheet lists findings as one sheet (the page's findings.xlsx), one row each under a header, as
// the 校验结果 sheet of an annotated copy says them.
func FindingsSheet(fs []checks.Finding) locate.Grid {
	grid := locate.Grid{Name: templates.ResultSheet}
	head := []string{"文件", "严重程度", "规则", "工作表", "单元格", "表", "行", "列", "说明", "单位的说明"}
	grid.Rows = append(grid.Rows, TextRow(head...))
	for _, f := range fs {
		sev, msg := f.Severity.String(), f.Message
		switch { // as the 校验结果 sheet of an annotated copy says them
		case !f.Fault():
			sev, msg = "因此", "因此（"+f.Because+"）"+f.AlsoNote()+"："+msg
		case f.Explained():
			sev = "已说明"
		}
		grid.Rows = append(grid.Rows, TextRow(filepath.Base(f.File), sev, f.Rule, f.Sheet, f.Cell,
			f.Table, f.Row, f.Column, msg, f.Explanation))
	}
	return grid
}

// TextRow is a row of text cells of a sheet we write.
func TextRow(texts ...string) []locate.Cell {
	row := make([]locate.Cell, len(texts))
	for i, t := range texts {
		row[i] = locate.Cell{Text: t, Str: true}
	}
	return row
}
