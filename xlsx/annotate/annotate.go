// Package annotate writes the annotated copy of a returned file (校验结果): the unit's own workbook with
// every cell that has a finding filled and commented, and a first sheet listing the findings. Legacy files
// are converted by LibreOffice or rebuilt from what was read (legacy.go); All writes the copies of a batch.
package annotate

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/internal/fsx"
	"nianbao/internal/office"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/finish"
	"nianbao/xlsx/read"
)

// ResultSheet is the name of the first sheet of an annotated copy.
const ResultSheet = templates.ResultSheet

// fills by severity: red for errors, amber for warnings, blue for infos.
var fills = map[checks.Severity]string{checks.Error: "FFC7CE", checks.Warning: "FFEB9C", checks.Info: "DDEBF7"}

// Fills of explained warnings (green) and of the other cells a fault may be at (pale red).
const (
	explainedFill = "E2EFDA"
	maybeFill     = "FCE4D6"
)

// File writes to dst, atomically, the annotated copy (To) of the returned file src. name is
// the file name the unit sent. src is only read.
func File(src, dst, name string, fs []checks.Finding) error {
	return (*Conversions)(nil).File(src, dst, name, fs)
}

// File is the package's File, taking the file's converted package from c when c holds it.
func (c *Conversions) File(src, dst, name string, fs []checks.Finding) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return &read.FileError{Path: src, Kind: read.ErrIO, Msg: "无法读取文件（文件不存在或没有权限）", Err: err}
	}
	return fsx.WriteAtomicWith(dst, func(w io.Writer) error { return c.To(w, name, data, fs) })
}

// To writes to w the annotated copy of a returned file, data being its content and name the file
// name the unit sent: a copy of the workbook in which every cell with a finding is filled by severity and
// carries a comment with the messages, and a first sheet 校验结果 lists all findings with links to their
// cells and says how to fix and resend. An xlsx is annotated as it is; an .xls, .et or .ods is converted by
// LibreOffice in a temp directory first when it is installed (NoteConverted), and otherwise rebuilt as an
// .xlsx from what the native readers read (NoteRebuilt), the 校验结果 sheet saying which; an .xlsb or Excel
// 2003 XML file is converted by LibreOffice. The copy is always an xlsx. When the file
// holds no workbook (a web page saved as .xls) or cannot take annotations (a damaged style part), the copy
// holds only the 校验结果 sheet, which says so. Nothing is written to w before the copy is complete.
func To(w io.Writer, name string, data []byte, fs []checks.Finding) error {
	return (*Conversions)(nil).To(w, name, data, fs)
}

// To is the package's To, taking a file's converted package from c when c holds it.
func (c *Conversions) To(w io.Writer, name string, data []byte, fs []checks.Finding) error {
	sorted := append([]checks.Finding(nil), fs...)
	checks.Sort(sorted)
	lim := read.DefaultLimits()
	k, err := read.SniffReaderAt(name, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	var f *excelize.File
	fin := finish.Options{Fresh: true}
	switch k {
	case read.XLSX:
		f, fin, err = annotated(name, data, sorted)
	case read.XLS, read.ET, read.ODS:
		if office.Available() {
			if data, err = c.convert(data, k, lim); err == nil {
				f, fin, err = annotated(name+NoteConverted, data, sorted)
			}
		} else if data, err = rebuild(name, data, lim); err == nil {
			f, fin, err = annotated(name+NoteRebuilt, data, sorted)
		}
	case read.XLSB, read.XMLSS:
		if data, err = c.convert(data, k, lim); err == nil {
			f, fin, err = annotated(name, data, sorted)
		}
	default:
		f, err = resultOnly(name, sorted)
	}
	if err != nil {
		fin = finish.Options{Fresh: true}
		f, err = resultOnly(name+"（原文件无法直接加批注，以下为问题清单，请对照原文件修改）", sorted)
	}
	if err != nil {
		return fmt.Errorf("xlsx: annotate %s: %w", name, err)
	}
	defer f.Close()
	var buf bytes.Buffer
	if err := finish.Write(f, &buf, fin); err != nil {
		return err
	}
	out, err := finish.DropHostileEntries(buf.Bytes()) // excelize writes back every entry it read
	if err != nil {
		return fmt.Errorf("xlsx: annotate %s: %w", name, err)
	}
	_, err = w.Write(out)
	return err
}

// annotated opens the xlsx package data, comments its cells and adds the 校验结果 sheet, with a recover:
// excelize may panic on a damaged part of a returned file. The options it returns fills the marked cells
// and gives the formula cells their values when the copy is written.
func annotated(name string, data []byte, sorted []checks.Finding) (f *excelize.File, fin finish.Options, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("panic: %v", r)
		}
	}()
	f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fin, err
	}
	fin.Cached = copyCache(f) // before the copy changes: the values are those of the file as it came
	if fin.Marks, err = markCells(f, sorted); err == nil {
		err = writeResultSheet(f, name, sorted)
	}
	// Our meta sheet comes back hidden from LibreOffice (which has no "very hidden") and visible from
	// pandas; the copy hides it again as the template does.
	if i, ierr := f.GetSheetIndex(templates.MetaSheet); err == nil && ierr == nil && i >= 0 {
		err = f.SetSheetVisible(templates.MetaSheet, false, true)
	}
	if err != nil {
		f.Close()
		return nil, fin, err
	}
	return f, fin, nil
}

// resultOnly is a workbook holding only the 校验结果 sheet, whose title names name.
func resultOnly(name string, sorted []checks.Finding) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := writeResultSheet(f, name, sorted); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

type place struct{ sheet, cell string }

// alsoAt names, for a consequence in the comment of the cell at p, the other cells whose faults it also
// follows from: "（也因 表三!E6 的问题）", "" when there are none.
func alsoAt(x checks.Finding, p place, at map[string]place) string {
	var others []string
	for _, id := range x.BecauseAll {
		if q, ok := at[id]; ok && q != p && !slices.Contains(others, q.sheet+"!"+q.cell) {
			others = append(others, q.sheet+"!"+q.cell)
		}
	}
	if len(others) == 0 {
		return ""
	}
	return "（也因 " + strings.Join(others, "、") + " 的问题）"
}

// markCells comments every cell that has findings and returns the fill each needs, by severity: the
// filled format is built when the copy is written, from the cell's own format in the style part
// (finish.Options.Marks), which keeps its borders, font, number format and protection exactly.
func markCells(f *excelize.File, fs []checks.Finding) (map[string]map[string]string, error) {
	byCell := map[place][]checks.Finding{}
	var order []place
	sheets := map[string]bool{}
	for _, s := range f.GetSheetList() {
		sheets[s] = true
	}
	add := func(p place, x checks.Finding) {
		if !sheets[p.sheet] || p.cell == "" {
			return
		}
		if _, ok := byCell[p]; !ok {
			order = append(order, p)
		}
		byCell[p] = append(byCell[p], x)
	}
	// A fault is marked at its cell, with its consequences in the comment; the other cells it may be at
	// get a note pointing to it.
	// A consequence of several faults is in the comment of each of them, naming the others.
	var fault place
	at := map[string]place{}
	for _, x := range fs {
		if x.Fault() {
			at[x.ID] = place{x.Sheet, x.Cell}
		}
	}
	for _, x := range fs {
		if !x.Fault() {
			add(fault, x)
			for _, id := range x.AlsoBecause() {
				if p, ok := at[id]; ok && p != fault {
					add(p, x)
				}
			}
			continue
		}
		fault = place{x.Sheet, x.Cell}
		add(fault, x)
		for _, ref := range x.Cells {
			sheet, cell, ok := strings.Cut(ref, "!")
			if ok && (sheet != x.Sheet || cell != x.Cell) {
				add(place{sheet, cell}, checks.Finding{ID: x.ID, Rule: x.Rule, Severity: x.Severity, Because: x.ID,
					Message: fmt.Sprintf("本单元格可能填错，见 %s!%s：%s", x.Sheet, x.Cell, x.Message)})
			}
		}
	}
	marks := map[string]map[string]string{}
	for _, p := range order {
		list := byCell[p]
		color := maybeFill // only a cell a fault may be at, unless it holds a fault (the first is the worst)
		for _, x := range list {
			if x.Fault() {
				color = fills[x.Severity]
				if x.Explained() {
					color = explainedFill
				}
				break
			}
		}
		// The cell is written with the format it shows (its own, or its row's or column's), so that it
		// exists in the sheet part for the fill to be applied to.
		old, err := f.GetCellStyle(p.sheet, p.cell)
		if err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(p.sheet, p.cell, p.cell, old); err != nil {
			return nil, err
		}
		if marks[p.sheet] == nil {
			marks[p.sheet] = map[string]string{}
		}
		marks[p.sheet][p.cell] = "FF" + color
		var text strings.Builder
		for i, x := range list {
			if i > 0 {
				text.WriteString("\n")
			}
			switch {
			case x.Because == x.ID: // a cell the fault may be at
				text.WriteString(x.Message)
			case !x.Fault():
				fmt.Fprintf(&text, "　因此：%s%s", x.Message, alsoAt(x, p, at))
			case x.Explained():
				fmt.Fprintf(&text, "【已说明】%s\n　说明：%s", x.Message, x.Explanation)
			default:
				fmt.Fprintf(&text, "【%s】%s", x.Severity, x.Message)
			}
		}
		_ = f.DeleteComment(p.sheet, p.cell) // a resent annotated copy may carry our old comment
		if err := f.AddComment(p.sheet, excelize.Comment{
			Cell: p.cell, Author: "nianbao",
			Paragraph: []excelize.RichTextRun{{Text: text.String()}},
			Width:     360, Height: uint(60 + 30*len(list)),
		}); err != nil {
			return nil, err
		}
	}
	return marks, nil
}

var resultHeader = []string{"序号", "严重程度", "规则", "工作表", "单元格", "表格", "行", "列", "应为", "实为", "说明", "单位的说明"}

// countLine is the second line of the 校验结果 sheet.
func countLine(c checks.Counts) string {
	s := fmt.Sprintf("错误 %d 条，警告 %d 条，提示 %d 条", c.Errors, c.Warnings, c.Infos)
	if c.Explained > 0 {
		s += fmt.Sprintf("，已说明的警告 %d 条", c.Explained)
	}
	if c.Consequences > 0 {
		s += fmt.Sprintf("；另有 %d 条由上述问题引起（“因此”），改正问题后随之消除", c.Consequences)
	}
	return s + "。"
}

// writeResultSheet puts the list of findings first in the workbook.
func writeResultSheet(f *excelize.File, name string, fs []checks.Finding) error {
	if idx, _ := f.GetSheetIndex(ResultSheet); idx >= 0 {
		if err := f.DeleteSheet(ResultSheet); err != nil {
			return err
		}
	}
	first := f.GetSheetList()[0]
	if _, err := f.NewSheet(ResultSheet); err != nil {
		return err
	}
	if err := xlsx.MoveSheet(f, ResultSheet, first); err != nil {
		return err
	}
	idx, _ := f.GetSheetIndex(ResultSheet)
	f.SetActiveSheet(idx)
	c := checks.Count(fs)
	lines := []string{
		"校验结果：" + name,
		countLine(c),
		"请逐条修改带颜色和批注的单元格：红色为错误，必须改正；黄色为警告，请核实，确属无误的请在报送时说明原因；蓝色为提示，仅供核对。",
		"改好后请在原填报文件中修改（不要在本文件中修改），保存后重新报送。点击“单元格”一列可跳到对应位置。",
	}
	for i, l := range lines {
		if err := f.SetCellStr(ResultSheet, fmt.Sprintf("A%d", i+1), l); err != nil {
			return err
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	_ = f.SetCellStyle(ResultSheet, "A1", "A1", bold)
	const top = 6
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}})
	for i, h := range resultHeader {
		ref, _ := excelize.CoordinatesToCellName(i+1, top)
		_ = f.SetCellStr(ResultSheet, ref, h)
		_ = f.SetCellStyle(ResultSheet, ref, ref, head)
	}
	sevStyle := map[checks.Severity]int{}
	for sev := checks.Error; sev <= checks.Info; sev++ { // in order: the same file gives the same styles.xml
		sevStyle[sev], _ = f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[sev]}}})
	}
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	link, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	for i, x := range fs {
		row := top + 1 + i
		sev, msg := x.Severity.String(), x.Message
		switch {
		case !x.Fault():
			sev, msg = "因此", "　　因此（"+x.Because+"）"+x.AlsoNote()+"："+msg
		case x.Explained():
			sev = "已说明"
		}
		if x.Fault() && x.ID != "" {
			msg = x.ID + "：" + msg // the id its consequences name ("因此（F1）")
		}
		cells := []any{i + 1, sev, x.Rule, x.Sheet, x.Cell, x.Table, x.Row, x.Column, // 序号 is a number
			x.Expected, x.Actual, msg, x.Explanation}
		for j, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(j+1, row)
			var err error
			switch v := v.(type) {
			case string:
				err = f.SetCellStr(ResultSheet, ref, v) // text from inputs stays text, never a formula
			case float64:
				err = f.SetCellFloat(ResultSheet, ref, v, -1, 64)
			case int:
				err = f.SetCellInt(ResultSheet, ref, int64(v))
			case *float64: // 应为, 实为: rounded as amounts are, or nothing
				if v != nil {
					err = f.SetCellFloat(ResultSheet, ref, model.Round(*v), -1, 64)
				}
			}
			if err != nil {
				return err
			}
		}
		ref, _ := excelize.CoordinatesToCellName(2, row)
		if x.Fault() && !x.Explained() {
			_ = f.SetCellStyle(ResultSheet, ref, ref, sevStyle[x.Severity])
		}
		ref, _ = excelize.CoordinatesToCellName(len(resultHeader)-1, row)
		_ = f.SetCellStyle(ResultSheet, ref, ref, wrap)
		if lines := len([]rune(x.Message))/40 + 1; lines > 1 { // about 40 Chinese characters a line at width 70
			_ = f.SetRowHeight(ResultSheet, row, float64(15*lines))
		}
		if x.Sheet != "" && x.Cell != "" {
			ref, _ = excelize.CoordinatesToCellName(5, row)
			target := "'" + strings.ReplaceAll(x.Sheet, "'", "''") + "'!" + x.Cell
			_ = f.SetCellHyperLink(ResultSheet, ref, target, "Location")
			_ = f.SetCellStyle(ResultSheet, ref, ref, link)
		}
	}
	widths := []float64{6, 10, 7, 8, 8, 7, 30, 14, 8, 8, 70, 30}
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		_ = f.SetColWidth(ResultSheet, col, col, w)
	}
	_ = f.SetPanes(ResultSheet, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"})
	if len(fs) > 0 {
		last, _ := excelize.CoordinatesToCellName(len(resultHeader), top+len(fs))
		_ = f.AutoFilter(ResultSheet, "A"+fmt.Sprint(top)+":"+last, nil)
	}
	fitToWidth(f, ResultSheet) // after the autofilter, which rewrites the sheet properties
	return nil
}

// fitToWidth prints a sheet on A4 landscape pages, fitted to the page width.
func fitToWidth(f *excelize.File, sheet string) {
	size, landscape, one, zero, fit := 9, "landscape", 1, 0, true
	_ = f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape, FitToWidth: &one, FitToHeight: &zero})
	_ = f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}
