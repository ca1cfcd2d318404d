package xlsx

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/templates"
)

// stream writes a filterable list sheet so that memory stays flat for ten thousand units: excelize's stream
// writer writes the sheet around the data (settings, header rows, frozen, an autofilter over the last header
// row and the data), and the data rows are written by the sheet's rows function into the sheet's zip entry
// while the package is saved (rowWriter), never held in memory.
type stream struct {
	sw      *excelize.StreamWriter
	sheet   string
	row     int
	headers int
	// cols and last are the columns and rows the sheet declares: the rows written must fill exactly that.
	cols, last int
	// out receives the data rows while the package is saved; nil: they go to sw (rowsThroughExcelize).
	out *rowWriter
}

// rowsThroughExcelize makes the data rows go through excelize's stream writer at once, as they did before
// rowWriter: the reference the tests compare rowWriter's output with.
var rowsThroughExcelize = false

// listSheet describes a list sheet before its rows are streamed.
type listSheet struct {
	// headers are the header rows, styles their styles and heights their heights (0: the default); hidden
	// rows (the machine keys) are written but neither shown nor printed.
	headers [][]any
	styles  []int
	heights []float64
	hidden  []bool
	// merges are ranges of the header rows to merge ("E2:K2").
	merges []string
	// n is the number of data rows to come (the autofilter and the dimension are set before the rows).
	n int
	// frozenCols are the columns kept in view and printed on every page.
	frozenCols int
	widths     []float64
	// breaks are the columns after which a printed page ends; with breaks the sheet prints at scale
	// percent instead of fitted to the page width.
	breaks []int
	scale  int
}

// newStream starts a list sheet whose header rows are given; n is the number of data rows to come.
// widths sets the first columns' widths.
func (w *summaryWriter) newStream(sheet string, headers [][]any, styles []int, n, frozenCols int, widths ...float64) (*stream, error) {
	return w.newList(sheet, listSheet{headers: headers, styles: styles, n: n, frozenCols: frozenCols, widths: widths})
}

// newList starts a list sheet: autofilter over the last header row, print setup (A4 landscape, header
// rows and frozen columns repeated, the region and year in the page header), frozen panes, header rows.
func (w *summaryWriter) newList(sheet string, ls listSheet) (*stream, error) {
	headers := ls.headers
	cols := len(headers[len(headers)-1])
	last, _ := excelize.CoordinatesToCellName(cols, len(headers)+max(ls.n, 1))
	first, _ := excelize.CoordinatesToCellName(1, len(headers))
	if err := w.f.AutoFilter(sheet, first+":"+last, nil); err != nil {
		return nil, err
	}
	if err := w.printSetup(sheet, len(headers), ls.frozenCols, ls.breaks, ls.scale); err != nil {
		return nil, err
	}
	// The stream writer writes the dimension the sheet has when it starts (excelize's "A1" otherwise), and
	// puts each column width before the earlier ones: set the real range, and the widths from the last
	// column back, so that a large sheet needs no correction when it is saved (package.go).
	if err := w.f.SetSheetDimension(sheet, model.RangeRef(1, 1, cols, len(headers)+ls.n)); err != nil {
		return nil, err
	}
	sw, err := w.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	runs := WidthRuns(ls.widths)
	for i := len(runs) - 1; i >= 0; i-- { // from the last column back, as before runs
		if err := sw.SetColWidth(runs[i].Lo, runs[i].Hi, runs[i].Width); err != nil {
			return nil, err
		}
	}
	top, _ := excelize.CoordinatesToCellName(ls.frozenCols+1, len(headers)+1)
	pane := "bottomRight"
	if ls.frozenCols == 0 {
		pane = "bottomLeft"
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: ls.frozenCols, YSplit: len(headers), TopLeftCell: top, ActivePane: pane}); err != nil {
		return nil, err
	}
	s := &stream{sw: sw, sheet: sheet, headers: len(headers), cols: cols, last: len(headers) + ls.n}
	for i, h := range headers {
		s.row++
		cells := make([]any, len(h))
		for j, v := range h {
			cells[j] = excelize.Cell{StyleID: ls.styles[i], Value: v}
		}
		ref, _ := excelize.CoordinatesToCellName(1, s.row)
		var opt excelize.RowOpts
		if i < len(ls.heights) {
			opt.Height = ls.heights[i]
		}
		if i < len(ls.hidden) {
			opt.Hidden = ls.hidden[i]
		}
		if err := sw.SetRow(ref, cells, opt); err != nil {
			return nil, err
		}
	}
	for _, m := range ls.merges {
		from, to, _ := strings.Cut(m, ":")
		if err := sw.MergeCell(from, to); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// add writes the next row; strings are written as text, never formulas.
func (s *stream) add(values []any, style int) error {
	styles := make([]int, len(values))
	for i := range styles {
		styles[i] = style
	}
	return s.addHigh(values, styles, 0)
}

// addStyled writes the next row with one style per cell.
func (s *stream) addStyled(values []any, styles []int) error { return s.addHigh(values, styles, 0) }

// addHigh writes the next row with one style per cell and a height in points (up to the 15 of a line:
// the default; at most Excel's 409).
func (s *stream) addHigh(values []any, styles []int, height float64) error {
	if height <= 15 {
		height = 0
	}
	height = min(height, excelize.MaxRowHeight)
	s.row++
	if s.out != nil {
		return s.out.row(s.row, values, styles, height)
	}
	cells := make([]any, len(values))
	for i, v := range values {
		cells[i] = excelize.Cell{StyleID: styles[i], Value: v}
	}
	ref, _ := excelize.CoordinatesToCellName(1, s.row)
	if height == 0 {
		return s.sw.SetRow(ref, cells)
	}
	return s.sw.SetRow(ref, cells, excelize.RowOpts{Height: height})
}

// rows ends the sheet: its data rows are written by gen (with add, addStyled, addHigh) into the package as
// it is saved, after the header rows; gen then reads the result, which must not change until the package
// is written. With rowsThroughExcelize they are written at once.
func (w *summaryWriter) rows(s *stream, gen func() error) error {
	if rowsThroughExcelize {
		if err := gen(); err != nil {
			return err
		}
		return s.sw.Flush()
	}
	if err := s.sw.Flush(); err != nil {
		return err
	}
	if w.later == nil {
		w.later = map[string]func(io.Writer) error{}
	}
	w.later[s.sheet] = func(out io.Writer) error {
		s.row, s.out = s.headers, newRowWriter(out)
		defer func() { s.out = nil }()
		if err := gen(); err != nil {
			return fmt.Errorf("%s: %w", s.sheet, err)
		}
		if err := s.out.flush(); err != nil {
			return err
		}
		// the header rows span the columns from A1; the data rows must end at the declared last row
		if c, r := max(s.cols, s.out.ext[2]), max(s.headers, s.out.ext[3]); c != s.cols || r != s.last {
			return fmt.Errorf("%s: the rows fill %s, the sheet declares %s", s.sheet, model.RangeRef(1, 1, c, r), model.RangeRef(1, 1, s.cols, s.last))
		}
		return nil
	}
	return nil
}

// wrapLines estimates the lines a text takes in a wrapped column of width characters (a Chinese character
// counts two).
func wrapLines(text string, width float64) int {
	var w float64
	for _, r := range text {
		if r < 0x2E80 {
			w++
		} else {
			w += 2
		}
	}
	return max(1, int(w/(width-1))+1)
}

// Layout of a 明细 sheet: row 1 (hidden) the machine keys, rows 2 and 3 the headers (row group, column),
// data from row 4. The old layout (row 1 headers, row 2 keys, data from row 3) is still read.
const (
	detailKeyRow   = 1
	detailFirstRow = 4
	detailScale    = 70 // percent; a printed page holds whole row groups
	detailColWidth = 7.5
)

// detailHeads returns the two header texts of a table cell: its row with its block and groups
// ("（三）不予公开 1.属于国家秘密", "第二十条第（一）项 规章") and its column ("自然人", "商业企业": the
// 法人或其他组织 group above five of them is left out, the columns read alone).
func detailHeads(t *model.Table, c model.Cell) (row, col string) {
	var parts []string
	if h := t.Blocks[c.Block].Heading; h != "" {
		parts = append(parts, h)
	}
	if g := c.Row.Groups; len(g) >= 2 {
		parts = append(parts, g[len(g)-1])
	}
	parts = append(parts, c.Row.Label)
	return strings.Join(parts, " "), c.Col.Label
}

// pointsOf is the printed width in points of columns of widths w (Excel's character units).
func pointsOf(w ...float64) float64 {
	var p float64
	for _, x := range w {
		p += float64(int(x*7+5)) * 0.75
	}
	return p
}

// pageBreaks packs groups of columns (spans, in column order, after the first fixed columns) into A4
// landscape pages at scale percent, the first repeat columns repeated on every page, and returns the last
// column of each page but the last.
func pageBreaks(widths []float64, repeat int, spans [][2]int, scale int) []int {
	// A4 landscape between the default margins, less a fifth: LibreOffice renders columns wider than
	// Excel's character units say (measured on the demo's 表三明细).
	avail := 0.8 * 740.0 * 100 / float64(scale)
	used := pointsOf(widths[:spans[0][0]-1]...)
	var out []int
	for i, sp := range spans {
		wd := pointsOf(widths[sp[0]-1 : sp[1]]...)
		if i > 0 && used+wd > avail {
			out = append(out, sp[0]-1)
			used = pointsOf(widths[:repeat]...)
		}
		used += wd
	}
	return out
}

// detail writes the 明细 sheet of a table: one row per summed unit, every cell key a column.
func (w *summaryWriter) detail(sheet string, t *model.Table) error {
	cells := t.Cells()
	keys := []any{templates.DetailCode, templates.DetailName, templates.DetailParent, templates.DetailStatus}
	row2 := []any{templates.DetailCodeHeader, "单位名称", "上级单位代码", "报送情况"}
	row3 := []any{nil, nil, nil, nil}
	widths := []float64{12, 30, 12, 14}
	styles := []int{w.st.text, w.st.text, w.st.text, w.st.text}
	var merges []string
	for i := range row2 {
		merges = append(merges, model.CellRef(i+1, 2)+":"+model.CellRef(i+1, 3))
	}
	var spans [][2]int
	prev := ""
	for i, c := range cells {
		rh, ch := detailHeads(t, c)
		col := len(keys) + 1
		if i == 0 || rh != prev {
			spans = append(spans, [2]int{col, col})
			row2 = append(row2, rh)
			prev = rh
		} else {
			spans[len(spans)-1][1] = col
			row2 = append(row2, nil) // merged with the cell on its left
		}
		row3 = append(row3, ch)
		keys = append(keys, c.Key)
		widths = append(widths, detailColWidth)
		st := w.st.number
		if c.Kind == model.Amount {
			st = w.st.amount
		}
		styles = append(styles, st)
	}
	for _, sp := range spans {
		if sp[1] > sp[0] {
			merges = append(merges, model.CellRef(sp[0], 2)+":"+model.CellRef(sp[1], 2))
		}
	}
	rows := w.res.Detail()
	s, err := w.newList(sheet, listSheet{
		headers: [][]any{keys, row2, row3},
		styles:  []int{w.st.key, w.st.header, w.st.header},
		heights: []float64{0, 62, 48},
		hidden:  []bool{true},
		merges:  merges, n: len(rows), frozenCols: 2, widths: widths,
		breaks: pageBreaks(widths, 2, spans, detailScale), scale: detailScale,
	})
	if err != nil {
		return err
	}
	return w.rows(s, func() error {
		vals := make([]any, 0, 4+len(cells))
		for _, u := range rows {
			status := string(u.Status)
			if u.Invalid {
				status += "（含错误，已计入）"
			}
			vals = append(vals[:0], u.Code, u.Name, u.Parent, status)
			// a value of the unit's tables (as u.Report.Cell finds it, looked up once per unit); missing reads as 0
			v, has := u.Report.Tables[t.ID]
			for _, c := range cells {
				if has && (v == w.res.Version || cellOf(v, c.Key)) {
					vals = append(vals, u.Report.Get(c.Key))
				} else {
					vals = append(vals, nil)
				}
			}
			if err := s.addStyled(vals, styles); err != nil {
				return err
			}
		}
		return nil
	})
}

// cellOf reports whether the form of version v has a cell of key.
func cellOf(v model.Version, key string) bool {
	_, ok := model.FormOf(v).Cell(key)
	return ok
}

// status writes 报送情况: every roster unit in roster order, then the files used for none.
func (w *summaryWriter) status(sheet string) error {
	head := []any{"单位代码", "单位名称", "上级单位代码", "类别", "报送情况", "是否计入合计", "文件", "SHA-256", "错误数", "警告数", "提示数", "说明"}
	s, err := w.newStream(sheet, [][]any{head}, []int{w.st.header}, len(w.res.Units), 2, 12, 30, 12, 8, 14, 10, 36, 42, 7, 7, 7, 50)
	if err != nil {
		return err
	}
	styles := []int{w.st.text, w.st.text, w.st.text, w.st.text, w.st.text, w.st.text, w.st.text, w.st.digest,
		w.st.number, w.st.number, w.st.number, w.st.text}
	return w.rows(s, func() error {
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
			// streamed rows do not grow with wrapped text: the height is set from the longest name, file or note
			lines := max(wrapLines(u.Name, 30), wrapLines(file, 36), wrapLines(u.Note, 50))
			if err := s.addHigh(vals, styles, float64(lines)*15); err != nil {
				return err
			}
		}
		return nil
	})
}

// issues writes 校验问题: every finding of every file, filterable.
func (w *summaryWriter) issues(sheet string) error {
	head := []any{"文件", "严重程度", "规则", "工作表", "单元格", "表格", "行", "列", "数据键", "应为", "实为", "差额", "说明", "单位的说明"}
	fs := w.res.Findings
	// no findings: one row says so
	s, err := w.newStream(sheet, [][]any{head}, []int{w.st.header}, max(len(fs), 1), 1, 30, 10, 8, 10, 8, 8, 30, 14, 22, 10, 10, 10, 80, 40)
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
	return w.rows(s, func() error {
		for _, f := range fs {
			file := ""
			if f.File != "" {
				file = filepath.Base(f.File)
			}
			sev, msg := f.Severity.String(), f.Message
			switch { // consequences stay under their fault (the rows keep the findings' order)
			case !f.Fault():
				sev, msg = "因此", "　　因此（"+f.Because+"）"+f.AlsoNote()+"："+msg
			case f.Explained():
				sev = "已说明"
			}
			vals := []any{file, sev, f.Rule, f.Sheet, f.Cell, f.Table, f.Row, f.Column, f.Key,
				num(f.Expected), num(f.Actual), num(f.Difference), msg, f.Explanation}
			lines := max(wrapLines(file, 30), wrapLines(f.Row, 30), wrapLines(msg, 80))
			if err := s.addHigh(vals, styles, float64(lines)*15); err != nil {
				return err
			}
		}
		if len(fs) == 0 {
			if err := s.add([]any{"没有任何校验问题"}, w.st.text); err != nil {
				return err
			}
		}
		return nil
	})
}
