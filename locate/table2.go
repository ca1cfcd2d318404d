package locate

import (
	"fmt"
	"strings"

	"nianbao/checks"
	"nianbao/model"
)

// row2 is a grid row of 表二 that names one of its rows in its first cell.
type row2 struct {
	row, label int
	key        string
}

// findTable2 locates 表二: its rows by the label in their first cell, its version by the column labels of
// its headers and by the 2019-only rows and block, each block's columns by its header row (in the official
// order, so truncated headers like "本年新" resolve by position).
func findTable2(v *view) found {
	f19, f21 := model.TableOf(model.V2019, "t2"), model.TableOf(model.V2021, "t2")
	var data []row2
	headings := map[int]bool{}
	for r := range v.norm {
		c := v.first(r)
		if c < 0 || !wordy(v.norm[r][c]) {
			continue
		}
		txt := v.norm[r][c]
		for _, b := range f19.Blocks {
			if names(txt, b.Heading) {
				headings[r] = true
			}
		}
		if key := rowKey2(txt, f19, f21); key != "" {
			data = append(data, row2{r, c, key})
		}
	}
	if len(data) == 0 {
		return found{}
	}
	res := found{score: len(data)}
	ver, why := version2(v, data, headings, f19, f21)
	if ver == 0 {
		res.problems = append(res.problems, v.problem("表二", data[0].row, data[0].label, "%s", why))
		return res
	}
	res.version = ver
	t := model.TableOf(ver, "t2")
	res.places = map[string]Place{}
	for _, b := range t.Blocks {
		rows, problems := rowsOfBlock(v, b, data)
		res.problems = append(res.problems, problems...)
		if len(problems) > 0 {
			continue
		}
		res.problems = append(res.problems, columns2(v, t, b, rows, data, headings, res.places)...)
	}
	known := map[string]bool{}
	for _, b := range t.Blocks {
		for _, l := range b.Rows {
			known[l.Key] = true
		}
	}
	for _, d := range data {
		if !known[d.key] {
			res.problems = append(res.problems, v.problem("表二", d.row, d.label, "%s版表二没有%s行",
				fmt.Sprint(int(ver)), quote(v.raw(d.row, d.label))))
		}
	}
	return res
}

// rowKey2 returns the key of the 表二 row (of either version) a label names, "" if none.
func rowKey2(txt string, tables ...*model.Table) string {
	key, score := "", 0
	for _, t := range tables {
		for _, b := range t.Blocks {
			for _, l := range b.Rows {
				if m := l.Match(txt); m > score {
					key, score = l.Key, m
				}
			}
		}
	}
	return key
}

// version2 tells the version of 表二 by the column labels near its rows and by the 2019-only rows and
// block (其他对外管理服务事项, 第二十条第（九）项). It returns 0 and why when it cannot tell.
func version2(v *view, data []row2, headings map[int]bool, f19, f21 *model.Table) (model.Version, string) {
	only := func(t, other *model.Table) []model.Line {
		var out []model.Line
		for _, b := range t.Blocks {
		next:
			for _, c := range b.Cols {
				for _, ob := range other.Blocks {
					for _, oc := range ob.Cols {
						if oc.Match(c.Label) == 3 || c.Match(oc.Label) == 3 {
							continue next
						}
					}
				}
				out = append(out, c)
			}
		}
		return out
	}
	cols19, cols21 := only(f19, f21), only(f21, f19)
	n19, n21 := 0, 0
	from, to := max(0, data[0].row-3), data[len(data)-1].row
	for r := from; r <= to; r++ {
		for _, txt := range v.norm[r] {
			if !wordy(txt) {
				continue
			}
			for _, c := range cols19 {
				if c.Match(txt) > 0 {
					n19++
					break
				}
			}
			for _, c := range cols21 {
				if c.Match(txt) > 0 {
					n21++
					break
				}
			}
		}
		if headings[r] && names(v.norm[r][v.first(r)], f19.Blocks[4].Heading) {
			n19++
		}
	}
	for _, d := range data {
		if d.key == "otherservice" || d.key == "procurement" {
			n19++
		}
	}
	switch {
	case n19 > n21:
		return model.V2019, ""
	case n21 > n19:
		return model.V2021, ""
	case n19 == 0:
		return 0, "表头缺少列名（如本年制发件数、上一年项目数量），无法判断是2019版还是2021版"
	}
	return 0, "表头同时有2019版和2021版的列名，无法判断版本"
}

// rowsOfBlock finds the grid row of every row of a block.
func rowsOfBlock(v *view, b model.Block, data []row2) ([]row2, []checks.Finding) {
	var rows []row2
	var problems []checks.Finding
	var missing []string
	for _, l := range b.Rows {
		var hits []row2
		for _, d := range data {
			if d.key == l.Key {
				hits = append(hits, d)
			}
		}
		switch {
		case len(hits) == 0:
			missing = append(missing, b.Heading+" "+l.Label)
		case len(hits) > 1:
			problems = append(problems, v.problem("表二", hits[1].row, hits[1].label, "“%s”行出现了%d次（%s、%s）",
				l.Label, len(hits), v.rowName(hits[0].row), v.rowName(hits[1].row)))
		default:
			rows = append(rows, hits[0])
		}
	}
	return rows, append(problems, v.missing("表二", missing)...)
}

// columns2 finds the header row of a block (the nearest row above its rows that is neither empty nor one of
// them) and places the block's values under its column labels. A value column spans from its header cell to
// the next one, since merged cells may put a value anywhere in that span.
func columns2(v *view, t *model.Table, b model.Block, rows, data []row2, headings map[int]bool, places map[string]Place) []checks.Finding {
	name := b.Heading
	top := rows[0].row
	for _, d := range rows {
		top = min(top, d.row)
	}
	mine := map[int]bool{}
	for _, d := range rows {
		mine[d.row] = true
	}
	others := map[int]bool{}
	for _, d := range data {
		others[d.row] = true
	}
	h := top - 1
	for h >= 0 && (v.blankRow(h) || mine[h]) {
		h--
	}
	if h < 0 || headings[h] || others[h] {
		return []checks.Finding{v.problem("表二", top, rows[0].label, "%s缺少表头行（%s）", name, colList(b))}
	}
	lc := rows[0].label
	var cells []int
	for c := lc + 1; c < len(v.norm[h]); c++ {
		if txt := v.norm[h][c]; txt != "" && txt != model.Normalize(b.Corner) {
			cells = append(cells, c)
		}
	}
	fits := func(cells []int) bool {
		if len(cells) != len(b.Cols) {
			return false
		}
		for j, c := range cells {
			if b.Cols[j].Match(v.norm[h][c]) < 2 {
				return false
			}
		}
		return true
	}
	if !fits(cells) {
		var merged []int // a merged header repeated in each of its cells counts once
		for i, c := range cells {
			if i == 0 || v.norm[h][c] != v.norm[h][cells[i-1]] {
				merged = append(merged, c)
			}
		}
		if !fits(merged) {
			var got []string
			for _, c := range cells {
				got = append(got, quote(v.raw(h, c)))
			}
			return []checks.Finding{v.problem("表二", h, lc, "%s的表头%s与官方列名（%s）不符",
				name, strings.Join(got, ""), colList(b))}
		}
		cells = merged
	}
	var problems []checks.Finding
	for _, d := range rows {
		l := rowLine(b, d.key)
		for c := d.label + 1; c < cells[0]; c++ {
			if v.n(d.row, c) != "" {
				problems = append(problems, v.problem("表二", d.row, c, "%s“%s”行的%s不在任何一列之下",
					name, l.Label, quote(v.raw(d.row, c))))
			}
		}
		for j, col := range b.Cols {
			end := len(v.norm[d.row])
			if j+1 < len(cells) {
				end = cells[j+1]
			}
			at, text := cells[j], ""
			for c := cells[j]; c < end; c++ {
				txt := v.n(d.row, c)
				switch {
				case txt == "" || txt == text:
				case text == "":
					at, text = c, txt
				default:
					problems = append(problems, v.problem("表二", d.row, c, "%s“%s”行“%s”列下有多个数值（%s、%s），无法确定",
						name, l.Label, col.Short, quote(v.raw(d.row, at)), quote(v.raw(d.row, c))))
				}
			}
			places[t.ID+"."+d.key+"."+col.Key] = Place{v.idx, d.row, at}
		}
	}
	return problems
}

func rowLine(b model.Block, key string) model.Line {
	for _, l := range b.Rows {
		if l.Key == key {
			return l
		}
	}
	return model.Line{}
}

func colList(b model.Block) string {
	var s []string
	for _, c := range b.Cols {
		s = append(s, c.Label)
	}
	return strings.Join(s, "、")
}
