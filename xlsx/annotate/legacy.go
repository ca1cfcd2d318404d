package annotate

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/finish"
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

// rebuild reads the legacy file data (called name) with the native readers and returns the .xlsx package
// legacyCopy writes of it.
func rebuild(name string, data []byte, lim read.Limits) ([]byte, error) {
	wb, err := read.OpenBytes(context.Background(), name, data, lim)
	if err != nil {
		return nil, err
	}
	return legacyCopy(wb)
}

// legacyCopy writes the workbook the native readers read from a legacy file as a plain .xlsx package: its
// sheets with their values (a formula as its cached result), hidden state, merged ranges and
// column widths where the file gives them, and the meta sheet of our templates, very hidden as in them.
func legacyCopy(wb *read.Workbook) ([]byte, error) {
	if len(wb.Grids) == 0 {
		return nil, fmt.Errorf("xlsx: %s holds no sheet", wb.Path)
	}
	sheets := make([]xlsx.Sheet, len(wb.Grids))
	for i, g := range wb.Grids {
		rows := make([][]locate.Cell, len(g.Rows))
		for r, row := range g.Rows {
			rows[r] = make([]locate.Cell, len(row))
			for c, cell := range row {
				cell.Formula = "" // the cached result only: a decoded formula may not be Excel's exact text
				rows[r][c] = cell
			}
		}
		l := wb.Layouts[g.Name]
		sheets[i] = xlsx.Sheet{Grid: locate.Grid{Name: g.Name, Rows: rows}, Merges: l.Merges, Widths: widthRanges(l.ColWidths)}
	}
	var buf bytes.Buffer
	if err := xlsx.WriteSheets(&buf, sheets); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if wb.Meta != nil {
		if _, err := f.NewSheet(templates.MetaSheet); err != nil {
			return nil, err
		}
		keys := make([]string, 0, len(wb.Meta))
		for k := range wb.Meta {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		rows := make([][2]string, len(keys))
		for i, k := range keys {
			rows[i] = [2]string{k, wb.Meta[k]}
		}
		if err := xlsx.WriteMeta(f, rows); err != nil {
			return nil, err
		}
	}
	for _, g := range wb.Grids { // hidden last: excelize refuses to hide the only visible sheet
		if wb.Hidden[g.Name] {
			if err := f.SetSheetVisible(g.Name, false); err != nil {
				return nil, err
			}
		}
	}
	var out bytes.Buffer
	if err := finish.Write(f, &out, finish.Options{Fresh: true}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// widthRanges turns the widths of single 0-based columns into the ranges of xlsx.Sheet.Widths, one range
// ("A:IV") for each run of neighbouring columns of one width (xlsx.WidthRuns); widths out of Excel's
// range are left out.
func widthRanges(widths map[int]float64) map[string]float64 {
	var cols []float64 // 0: no width
	for c, w := range widths {
		if w > 0 && w <= 255 && c >= 0 && c < excelize.MaxColumns {
			if c >= len(cols) {
				cols = append(cols, make([]float64, c+1-len(cols))...)
			}
			cols[c] = w
		}
	}
	out := map[string]float64{}
	for _, r := range xlsx.WidthRuns(cols) {
		if r.Width > 0 {
			out[model.ColName(r.Lo)+":"+model.ColName(r.Hi)] = r.Width
		}
	}
	return out
}
