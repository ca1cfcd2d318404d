package demo

import (
	"fmt"
	"strconv"
	"strings"

	"nianbao/locate"
	"nianbao/model"
	"nianbao/xlsx"
)

// WriteForeign writes a report the way an agency retypes the tables in a workbook of its own: one sheet
// "Sheet1" with a title line and a 填报单位 line, the three tables one under another starting at B3,
// labels with half-width punctuation and 合计 for 总计, merged headers, plain numbers, no formulas and no
// meta sheet. It is the demo's and the tests' sample of a foreign layout that the reader must find by its
// labels.
func WriteForeign(path string, r *model.Report) error {
	fw := &foreignWriter{sheet: xlsx.Sheet{Grid: locate.Grid{Name: "Sheet1"}, Widths: map[string]float64{"B:D": 18}}, row: 1}
	fw.text(1, 1, fmt.Sprintf("%s%d年度政府信息公开工作年度报告", r.Unit.Name, r.Year))
	fw.text(2, 1, "填报单位:"+r.Unit.Name)
	fw.row = 3
	for _, id := range model.TableIDs {
		t := r.Table(id)
		if t == nil {
			continue
		}
		fw.text(fw.row, 2, retype(t.Title))
		fw.row++
		switch id {
		case "t3":
			fw.table3(t, r)
		case "t4":
			fw.table4(t, r)
		default:
			fw.table2(t, r)
		}
		fw.row += 2
	}
	return xlsx.WriteSheetsFile(path, []xlsx.Sheet{fw.sheet})
}

// retype turns an official label into what a retyping agency writes: half-width punctuation, 合计.
func retype(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",", "；", ";", "“", "\"", "”", "\"").Replace(s)
	return strings.ReplaceAll(s, "总计", "合计")
}

// foreignWriter lays out the sheet: cells by 1-based row and column, then the merged ranges.
type foreignWriter struct {
	sheet xlsx.Sheet
	row   int
}

// col is the first column of the tables: B.
const foreignCol = 2

func (w *foreignWriter) text(row, col int, s string) {
	w.set(row, col, locate.Cell{Text: s, Str: true})
}

func (w *foreignWriter) value(row, col int, v float64) {
	w.set(row, col, locate.Cell{Text: strconv.FormatFloat(v, 'f', -1, 64)})
}

func (w *foreignWriter) set(row, col int, c locate.Cell) {
	g := &w.sheet.Grid
	for len(g.Rows) < row {
		g.Rows = append(g.Rows, nil)
	}
	for len(g.Rows[row-1]) < col {
		g.Rows[row-1] = append(g.Rows[row-1], locate.Cell{})
	}
	g.Rows[row-1][col-1] = c
}

func (w *foreignWriter) merge(r1, c1, r2, c2 int, s string) {
	w.text(r1, c1, s)
	if r1 != r2 || c1 != c2 {
		w.sheet.Merges = append(w.sheet.Merges, model.CellRef(c1, r1)+":"+model.CellRef(c2, r2))
	}
}

// table2 writes each block: heading across, a header row, one row per line.
func (w *foreignWriter) table2(t *model.Table, r *model.Report) {
	width := 1
	for _, b := range t.Blocks {
		width = max(width, len(b.Cols)+1)
	}
	for _, b := range t.Blocks {
		w.merge(w.row, foreignCol, w.row, foreignCol+width-1, retype(b.Heading))
		w.row++
		w.text(w.row, foreignCol, retype(b.Corner))
		for j, c := range b.Cols {
			w.text(w.row, foreignCol+1+j, retype(c.Label))
		}
		w.row++
		for _, l := range b.Rows {
			w.text(w.row, foreignCol, retype(l.Label))
			for j, c := range b.Cols {
				w.value(w.row, foreignCol+1+j, r.Get(t.ID+"."+l.Key+"."+c.Key))
			}
			w.row++
		}
	}
}

// table3 writes 表三 with the official merges: three label columns, two header rows.
func (w *foreignWriter) table3(t *model.Table, r *model.Report) {
	b := t.Blocks[0]
	top, c0, nc := w.row, foreignCol, len(b.Cols)
	w.merge(top, c0, top+2, c0+2, retype(b.Corner))
	w.merge(top, c0+3, top, c0+2+nc, retype(b.Cols[0].Groups[0]))
	w.merge(top+1, c0+3, top+2, c0+3, retype(b.Cols[0].Label))
	w.merge(top+1, c0+4, top+1, c0+nc+1, retype(b.Cols[1].Groups[1]))
	for j := 1; j < nc-1; j++ {
		w.text(top+2, c0+3+j, retype(b.Cols[j].Label))
	}
	w.merge(top+1, c0+2+nc, top+2, c0+2+nc, retype(b.Cols[nc-1].Label))
	row := top + 3
	span := func(from, depth int, group string) int {
		n := 0
		for _, l := range b.Rows[from:] {
			if len(l.Groups) <= depth || l.Groups[depth] != group {
				break
			}
			n++
		}
		return n
	}
	for i, l := range b.Rows {
		switch len(l.Groups) {
		case 0:
			w.merge(row, c0, row, c0+2, retype(l.Label))
		case 1:
			if i == 0 || len(b.Rows[i-1].Groups) == 0 {
				w.merge(row, c0, row+span(i, 0, l.Groups[0])-1, c0, retype(l.Groups[0]))
			}
			w.merge(row, c0+1, row, c0+2, retype(l.Label))
		default:
			if len(b.Rows[i-1].Groups) < 2 || b.Rows[i-1].Groups[1] != l.Groups[1] {
				w.merge(row, c0+1, row+span(i, 1, l.Groups[1])-1, c0+1, retype(l.Groups[1]))
			}
			w.text(row, c0+2, retype(l.Label))
		}
		for j, c := range b.Cols {
			w.value(row, c0+3+j, r.Get(t.ID+"."+l.Key+"."+c.Key))
		}
		row++
	}
	w.row = row
}

// table4 writes 表四: 行政复议 then 行政诉讼 split into its two kinds, one value row.
func (w *foreignWriter) table4(t *model.Table, r *model.Report) {
	b := t.Blocks[0]
	top, c0, nc := w.row, foreignCol, len(b.Cols)
	w.merge(top, c0, top, c0+nc-1, retype(b.Rows[0].Label))
	w.merge(top, c0+nc, top, c0+3*nc-1, retype(b.Rows[1].Groups[0]))
	for i := 1; i < len(b.Rows); i++ {
		w.merge(top+1, c0+i*nc, top+1, c0+(i+1)*nc-1, retype(b.Rows[i].Label))
	}
	for j, c := range b.Cols {
		w.merge(top+1, c0+j, top+2, c0+j, retype(c.Label))
		for i := 1; i < len(b.Rows); i++ {
			w.text(top+2, c0+i*nc+j, retype(c.Label))
		}
	}
	for i, l := range b.Rows {
		for j, c := range b.Cols {
			w.value(top+3, c0+i*nc+j, r.Get(t.ID+"."+l.Key+"."+c.Key))
		}
	}
	w.row = top + 4
}
