package xlsx

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
)

// The notes the 校验结果 sheet of an annotated copy of a legacy file (.xls, .et, .ods) adds to the file
// name, so that the clerk knows what kind of copy they got.
const (
	// NoteConverted: LibreOffice converted the file to .xlsx, keeping its formatting.
	NoteConverted = "（原文件为旧格式，本副本由 LibreOffice 转换为 .xlsx，保留了原有格式）"
	// NoteRebuilt: without LibreOffice, the copy was written from the values read.
	NoteRebuilt = "（原文件为旧格式，本机未安装 LibreOffice：本副本按读取到的内容另存为 .xlsx，保留了数值、合并单元格和列宽，" +
		"未保留字体、边框等格式，公式以计算结果保存）"
)

// writeLegacyCopy writes the workbook the native readers read from a legacy file as a plain .xlsx at
// path: its sheets with their values (a formula as its cached result), hidden state, merged ranges and
// column widths where the file gives them, and the meta sheet of our templates, very hidden as in them.
func writeLegacyCopy(wb *read.Workbook, path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if len(wb.Grids) == 0 {
		return fmt.Errorf("xlsx: %s holds no sheet", path)
	}
	if err := fillGrids(f, wb.Grids, false); err != nil {
		return err
	}
	for _, g := range wb.Grids {
		l := wb.Layouts[g.Name]
		for _, m := range l.Merges {
			a, b, _ := cutRange(m)
			if err := f.MergeCell(g.Name, a, b); err != nil {
				return err
			}
		}
		for c, w := range l.ColWidths {
			col, err := excelize.ColumnNumberToName(c + 1)
			if err == nil && w > 0 && w <= 255 {
				err = f.SetColWidth(g.Name, col, col, w)
			}
			if err != nil {
				return err
			}
		}
	}
	if wb.Meta != nil {
		if _, err := f.NewSheet(templates.MetaSheet); err != nil {
			return err
		}
		keys := make([]string, 0, len(wb.Meta))
		for k := range wb.Meta {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if err := f.SetCellStr(templates.MetaSheet, model.CellRef(1, i+1), k); err != nil {
				return err
			}
			if err := f.SetCellStr(templates.MetaSheet, model.CellRef(2, i+1), wb.Meta[k]); err != nil {
				return err
			}
		}
		if err := f.SetSheetVisible(templates.MetaSheet, false, true); err != nil {
			return err
		}
	}
	for _, g := range wb.Grids { // hidden last: excelize refuses to hide the only visible sheet
		if wb.Hidden[g.Name] {
			if err := f.SetSheetVisible(g.Name, false); err != nil {
				return err
			}
		}
	}
	return saveAtomic(f, path)
}

// cutRange splits "A1:C2" into its corners.
func cutRange(r string) (string, string, bool) {
	for i := range len(r) {
		if r[i] == ':' {
			return r[:i], r[i+1:], true
		}
	}
	return r, r, false
}
