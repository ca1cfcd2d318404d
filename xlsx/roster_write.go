package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// RosterSheet is the name of the first sheet of a roster workbook written by WriteRoster.
const RosterSheet = "名单"

// RosterCategories are the 类别 the roster's validation offers; other text is accepted with a warning.
var RosterCategories = []string{"政府", "部门", "乡镇街道", "其他"}

// rosterExample is the example row of an empty roster.
var rosterExample = model.RosterUnit{Code: "000001", Name: "示例市人民政府办公室", Category: "政府"}

// WriteRoster writes a roster workbook to path, atomically, as WriteRosterTo.
func WriteRoster(path string, r *model.Roster) error {
	return toFile(path, func(w io.Writer) error { return WriteRosterTo(w, r) })
}

// WriteRosterTo writes a roster workbook to w: the sheet 名单 with the headers 单位代码,
// 单位名称, 上级单位代码, 类别 (as ReadRoster reads them), code columns formatted as text so that leading
// zeros survive, a drop-down for 类别, frozen headers and a 填写说明 sheet. With r nil, one example row is
// written for the clerk to overwrite; otherwise the roster's units.
func WriteRosterTo(w io.Writer, r *model.Roster) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := writeRoster(f, r); err != nil {
		return fmt.Errorf("xlsx: roster: %w", err)
	}
	return writeBook(f, w)
}

func writeRoster(f *excelize.File, r *model.Roster) error {
	s := RosterSheet
	if err := f.SetSheetName(f.GetSheetName(0), s); err != nil {
		return err
	}
	textFmt := "@"
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt})
	if err != nil {
		return err
	}
	example, err := f.NewStyle(&excelize.Style{CustomNumFmt: &textFmt, Font: &excelize.Font{Italic: true, Color: "808080"}})
	if err != nil {
		return err
	}
	for i, h := range []string{"单位代码", "单位名称", "上级单位代码", "类别"} {
		ref, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(s, ref, h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A1", "D1", head); err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 22, "B": 40, "C": 22, "D": 14} {
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetColStyle(s, "A:D", text); err != nil {
		return err
	}
	units, style := []model.RosterUnit{rosterExample}, example
	if r != nil {
		units, style = r.Units, text
	}
	for i, u := range units {
		row := i + 2
		for j, v := range []string{u.Code, u.Name, u.Parent, u.Category} {
			ref, _ := excelize.CoordinatesToCellName(j+1, row)
			if err := f.SetCellStr(s, ref, v); err != nil { // text, never a formula
				return err
			}
		}
		if r == nil {
			if err := f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("D%d", row), style); err != nil {
				return err
			}
		}
	}
	last := max(len(units)+1, 2000)
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("D2:D%d", last)
	if err := dv.SetDropList(RosterCategories); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleWarning, "类别", "建议从下拉列表选择：政府、部门、乡镇街道、其他")
	if err := f.AddDataValidation(s, dv); err != nil {
		return err
	}
	lenDV := excelize.NewDataValidation(true)
	lenDV.Sqref = fmt.Sprintf("A2:C%d", last)
	if err := lenDV.SetRange(1, 100, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	lenDV.SetError(excelize.DataValidationErrorStyleStop, "长度", "单位代码和名称不能超过 100 个字符")
	if err := f.AddDataValidation(s, lenDV); err != nil {
		return err
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if _, err := f.NewSheet("填写说明"); err != nil {
		return err
	}
	notes := []string{
		"每个应报送年度报告的单位填一行，第一行表头不要改动。",
		"单位代码：统一社会信用代码或本地编码，不能重复；填报模板会预填此代码，汇总时按代码对应。",
		"单位名称：全称；没有代码的文件按名称完全一致对应，相近的名称只提示、不自动对应。",
		"上级单位代码：填上一级单位的代码；汇总范围的顶层单位（如本级政府）留空。分级汇总按此形成树。",
		"类别：可选，如 政府、部门、乡镇街道。",
		"第2行是示例（灰色斜体），请直接改写或删除。",
		"也可以使用 UTF-8 编码的 CSV 文件，列名相同。",
	}
	for i, n := range notes {
		if err := f.SetCellStr("填写说明", fmt.Sprintf("A%d", i+1), n); err != nil {
			return err
		}
	}
	if err := f.SetColWidth("填写说明", "A", "A", 100); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	return nil
}
