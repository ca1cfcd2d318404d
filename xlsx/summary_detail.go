package xlsx

import (
	"fmt"
	"nianbao/templates"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// stream writes a filterable list sheet with the stream writer, so that memory stays flat for ten
// thousand units: header rows, frozen, an autofilter over the last header row and the data, then rows.
type stream struct {
	sw      *excelize.StreamWriter
	row     int
	headers int
}

// newStream starts a list sheet whose header rows are given; n is the number of data rows to come (the
// autofilter must be set before streaming). widths sets the first columns' widths.
func (w *summaryWriter) newStream(sheet string, headers [][]any, styles []int, n, frozenCols int, widths ...float64) (*stream, error) {
	return w.newStreamHigh(sheet, headers, styles, n, frozenCols, 0, widths...)
}

// newStreamHigh is newStream with the height of the header rows (0: the default).
func (w *summaryWriter) newStreamHigh(sheet string, headers [][]any, styles []int, n, frozenCols int, height float64, widths ...float64) (*stream, error) {
	cols := len(headers[0])
	last, _ := excelize.CoordinatesToCellName(cols, len(headers)+max(n, 1))
	first, _ := excelize.CoordinatesToCellName(1, len(headers))
	if err := w.f.AutoFilter(sheet, first+":"+last, nil); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	top, _ := excelize.CoordinatesToCellName(frozenCols+1, len(headers)+1)
	pane := "bottomRight"
	if frozenCols == 0 {
		pane = "bottomLeft"
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: frozenCols, YSplit: len(headers), TopLeftCell: top, ActivePane: pane}); err != nil {
		return nil, err
	}
	s := &stream{sw: sw, headers: len(headers)}
	for i, h := range headers {
		s.row++
		cells := make([]any, len(h))
		for j, v := range h {
			cells[j] = excelize.Cell{StyleID: styles[i], Value: v}
		}
		ref, _ := excelize.CoordinatesToCellName(1, s.row)
		var opts []excelize.RowOpts
		if height > 0 {
			opts = append(opts, excelize.RowOpts{Height: height})
		}
		if err := sw.SetRow(ref, cells, opts...); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// add writes the next row; strings are written as text, never formulas.
func (s *stream) add(values []any, style int) error {
	s.row++
	cells := make([]any, len(values))
	for i, v := range values {
		cells[i] = excelize.Cell{StyleID: style, Value: v}
	}
	ref, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.sw.SetRow(ref, cells)
}

// addStyled writes the next row with one style per cell.
func (s *stream) addStyled(values []any, styles []int) error {
	s.row++
	cells := make([]any, len(values))
	for i, v := range values {
		cells[i] = excelize.Cell{StyleID: styles[i], Value: v}
	}
	ref, _ := excelize.CoordinatesToCellName(1, s.row)
	return s.sw.SetRow(ref, cells)
}

func (s *stream) flush() error { return s.sw.Flush() }

// detail writes the 明细 sheet of a table: one row per summed unit, every cell key a column.
func (w *summaryWriter) detail(sheet string, t *model.Table) error {
	cells := t.Cells()
	zh := []any{"单位代码", "单位名称", "上级单位代码", "报送情况"}
	keys := []any{templates.DetailCode, templates.DetailName, templates.DetailParent, templates.DetailStatus}
	styles := []int{w.st.text, w.st.text, w.st.text, w.st.text}
	for _, c := range cells {
		label := c.Label()
		if b := t.Blocks[c.Block]; b.Heading != "" {
			label = b.Heading + " " + label
		}
		zh = append(zh, label)
		keys = append(keys, c.Key)
		st := w.st.number
		if c.Kind == model.Amount {
			st = w.st.amount
		}
		styles = append(styles, st)
	}
	rows := w.res.Detail()
	s, err := w.newStream(sheet, [][]any{zh, keys}, []int{w.st.header, w.st.key}, len(rows), 2, 14, 30, 14, 16)
	if err != nil {
		return err
	}
	for _, u := range rows {
		status := string(u.Status)
		if u.Invalid {
			status += "（含错误，已计入）"
		}
		vals := []any{u.Code, u.Name, u.Parent, status}
		for _, c := range cells {
			if _, ok := u.Report.Cell(c.Key); ok { // a value of the unit's tables; missing reads as 0
				vals = append(vals, u.Report.Get(c.Key))
			} else {
				vals = append(vals, nil)
			}
		}
		if err := s.addStyled(vals, styles); err != nil {
			return err
		}
	}
	return s.flush()
}

// status writes 报送情况: every roster unit in roster order, then the files used for none.
func (w *summaryWriter) status(sheet string) error {
	head := []any{"单位代码", "单位名称", "上级单位代码", "类别", "报送情况", "是否计入合计", "文件", "SHA-256", "错误数", "警告数", "提示数", "说明"}
	s, err := w.newStream(sheet, [][]any{head}, []int{w.st.header}, len(w.res.Units), 2, 14, 30, 14, 10, 16, 12, 36, 20, 8, 8, 8, 50)
	if err != nil {
		return err
	}
	styles := []int{w.st.text, w.st.text, w.st.text, w.st.text, w.st.text, w.st.text, w.st.text, w.st.text,
		w.st.number, w.st.number, w.st.number, w.st.text}
	for _, u := range w.res.Units {
		in := "否"
		switch {
		case u.Invalid:
			in = "是（含错误）"
		case u.Included:
			in = "是"
		}
		status := string(u.Status)
		if u.Via != "" {
			status += "（汇总表）"
		}
		file := ""
		if u.File != "" {
			file = filepath.Base(u.File)
		}
		var counts []any
		if u.File != "" {
			counts = []any{u.Counts.Errors, u.Counts.Warnings, u.Counts.Infos}
		} else {
			counts = []any{nil, nil, nil}
		}
		vals := append([]any{u.Code, u.Name, u.Parent, u.Category, status, in, file, u.SHA256}, counts...)
		vals = append(vals, u.Note)
		if err := s.addStyled(vals, styles); err != nil {
			return err
		}
	}
	return s.flush()
}

// issues writes 校验问题: every finding of every file, filterable.
func (w *summaryWriter) issues(sheet string) error {
	head := []any{"文件", "严重程度", "规则", "工作表", "单元格", "表格", "行", "列", "数据键", "应为", "实为", "差额", "说明"}
	fs := w.res.Findings
	s, err := w.newStream(sheet, [][]any{head}, []int{w.st.header}, len(fs), 1, 30, 10, 8, 10, 8, 8, 30, 14, 22, 10, 10, 10, 80)
	if err != nil {
		return err
	}
	styles := make([]int, len(head))
	for i := range styles {
		styles[i] = w.st.text
	}
	styles[9], styles[10], styles[11] = w.st.amount, w.st.amount, w.st.amount
	num := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	for _, f := range fs {
		file := ""
		if f.File != "" {
			file = filepath.Base(f.File)
		}
		vals := []any{file, f.Severity.String(), f.Rule, f.Sheet, f.Cell, f.Table, f.Row, f.Column, f.Key,
			num(f.Expected), num(f.Actual), num(f.Difference), f.Message}
		if err := s.addStyled(vals, styles); err != nil {
			return err
		}
	}
	if len(fs) == 0 {
		if err := s.add([]any{"没有任何校验问题"}, w.st.text); err != nil {
			return err
		}
	}
	if err := s.flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}
