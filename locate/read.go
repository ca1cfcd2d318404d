package locate

import (
	"fmt"
	"strconv"
	"strings"

	"nianbao/checks"
	"nianbao/model"
)

// Read reads the values at the places of l into r and sets r.Tables to the tables found. Each text is read
// with model.ParseValue for the kind of its cell, and where it came from is kept in r.Sources (with the raw
// text when it was not a plain number). It returns, in table order:
//
//   - R-1 提示 at every cell whose text was converted (and at numbers stored as text in a workbook);
//   - R-4 错误 at every cell that cannot be read as a number;
//   - R-2 提示 once per table, listing its blank input cells, which count as 0;
//   - R-3 警告 at every total of our template whose formula was replaced by a typed number.
//
// A total with a formula, or blank, or unreadable, is recomputed from its parts: a cached formula value is
// never trusted. A total typed as a number is read as typed, so that the identities check it.
func Read(r *model.Report, grids []Grid, l Layout) []checks.Finding {
	r.Tables = map[string]model.Version{}
	for id, v := range l.Tables {
		r.Tables[id] = v
	}
	var out []checks.Finding
	for _, id := range model.TableIDs {
		if ver, ok := l.Tables[id]; ok {
			out = append(out, readTable(r, grids, l, model.TableOf(ver, id))...)
		}
	}
	return out
}

type blank struct {
	p   Place
	src model.Source
}

func readTable(r *model.Report, grids []Grid, l Layout, t *model.Table) []checks.Finding {
	var out, blanksOut []checks.Finding
	var blanks []blank
	recompute := map[string]bool{}
	for _, c := range t.Cells() {
		p, ok := l.Places[c.Key]
		if !ok || p.Grid < 0 || p.Grid >= len(grids) {
			recompute[c.Key] = !c.Input()
			r.Set(c.Key, 0, model.Source{})
			continue
		}
		g := grids[p.Grid]
		cell := cellAt(g, p)
		src := cellSource(g, p.Row, p.Col)
		if !c.Input() && cell.Formula != "" {
			recompute[c.Key] = true
			r.Set(c.Key, 0, src)
			continue
		}
		if c.Input() && cell.Formula != "" {
			src.Text = "=" + strings.TrimPrefix(cell.Formula, "=")
			v, ok := inputFormula(cell.Formula, grids, p.Grid, l, t)
			if !ok {
				r.Set(c.Key, 0, src)
				out = append(out, checks.At(checks.RUnread, r, c.Key, fmt.Sprintf(
					"%s %s：此单元格应填写数字，不应填写公式（%s）", t.Name, c.Label(), clipText(src.Text))))
				continue
			}
			r.Set(c.Key, v, src)
			out = append(out, checks.At(checks.RText, r, c.Key, fmt.Sprintf(
				"%s %s：此单元格填写的是公式 %s，按公式计算为 %s（请直接填写数字）", t.Name, c.Label(),
				clipText(src.Text), model.FormatValue(v))))
			continue
		}
		pv := model.ParseValue(c.Kind, cell.Text)
		if pv.Note != "" || pv.Problem != "" {
			src.Text = cell.Text
		}
		r.Set(c.Key, pv.Value, src)
		switch {
		case pv.Blank && c.Input():
			blanks = append(blanks, blank{p, src})
		case pv.Blank:
			recompute[c.Key] = true
		case pv.Problem != "":
			recompute[c.Key] = !c.Input()
			out = append(out, checks.At(checks.RUnread, r, c.Key,
				fmt.Sprintf("%s %s：%s", t.Name, c.Label(), pv.Problem)))
		default:
			if pv.Note != "" {
				out = append(out, checks.At(checks.RText, r, c.Key, pv.Note))
			} else if cell.Str && src.Line == 0 {
				out = append(out, checks.At(checks.RText, r, c.Key,
					fmt.Sprintf("「%s」是以文本形式存储的数字，读作 %s（数字以文本形式存储）", cell.Text, model.FormatValue(pv.Value))))
			}
			// Our template states 万元 in its instructions and validation; elsewhere the unit is unknown.
			if c.Key == "t2.procurement.amount" && !l.Template && pv.Value != 0 && !strings.Contains(cell.Text, "元") {
				out = append(out, checks.At(checks.RText, r, c.Key, fmt.Sprintf(
					"%s %s「%s」未注明单位，按万元读取（2019版表格未规定采购总金额的单位，请核实）", t.Name, c.Label(), cell.Text)))
			}
			if !c.Input() && l.Template {
				out = append(out, checks.At(checks.RFormula, r, c.Key, fmt.Sprintf(
					"%s %s（%s）：公式被改为数值 %s，按填写的数值核对", t.Name, c.Label(), src, model.FormatValue(pv.Value))))
			}
		}
	}
	recomputeTotals(r, t, recompute)
	if len(blanks) > 0 {
		f := checks.At(checks.RBlank, r, "", fmt.Sprintf("%s 有%d个空白的填报单元格，按 0 计：%s",
			t.Name, len(blanks), compact(grids, blanks)))
		f.File, f.Sheet = blanks[0].src.File, blanks[0].src.Sheet
		blanksOut = append(blanksOut, f)
	}
	return append(out, blanksOut...)
}

// recomputeTotals sets every total marked in todo to the sum of its parts, parts that are totals first.
func recomputeTotals(r *model.Report, t *model.Table, todo map[string]bool) {
	sums := make(map[string][]string, len(todo)) // only the totals to recompute are looked up
	for _, c := range t.Cells() {
		if todo[c.Key] {
			sums[c.Key] = c.Sum
		}
	}
	var value func(key string, depth int) float64
	value = func(key string, depth int) float64 {
		if !todo[key] || depth > 4 {
			return r.Values[key]
		}
		var s float64
		for _, k := range sums[key] {
			s += value(k, depth+1)
		}
		r.Values[key] = model.Round(s)
		todo[key] = false
		return r.Values[key]
	}
	for _, c := range t.Cells() {
		value(c.Key, 0)
	}
}

// cellSource is sourceOf with the A1 reference built in one small allocation: Read makes one per value.
func cellSource(g Grid, r, c int) model.Source {
	if g.Source != nil || c >= 26*27 {
		return sourceOf(g, r, c)
	}
	var b [16]byte
	ref := b[:0]
	if c >= 26 {
		ref = append(ref, byte('A'+c/26-1))
	}
	ref = append(ref, byte('A'+c%26))
	ref = strconv.AppendInt(ref, int64(r)+1, 10)
	return model.Source{Sheet: g.Name, Cell: string(ref)}
}

func cellAt(g Grid, p Place) Cell {
	if p.Row < 0 || p.Row >= len(g.Rows) || p.Col < 0 || p.Col >= len(g.Rows[p.Row]) {
		return Cell{}
	}
	return g.Rows[p.Row][p.Col]
}

// compact lists blank cells by runs along a row ("D5:J5"), or by where they are when the grid has its own
// Source ("第12行"); after 12 items it says how many more.
func compact(grids []Grid, bs []blank) string {
	var items []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			items = append(items, s)
		}
	}
	for i := 0; i < len(bs); {
		j := i
		if grids[bs[i].p.Grid].Source != nil {
			add(bs[i].src.String())
			i++
			continue
		}
		for j+1 < len(bs) && bs[j+1].p.Grid == bs[i].p.Grid && bs[j+1].p.Row == bs[i].p.Row && bs[j+1].p.Col == bs[j].p.Col+1 {
			j++
		}
		if j == i {
			add(bs[i].src.Cell)
		} else {
			add(bs[i].src.Cell + ":" + bs[j].src.Cell)
		}
		i = j + 1
	}
	const most = 12
	if len(items) > most {
		return fmt.Sprintf("%s 等（共%d处）", strings.Join(items[:most], "、"), len(items))
	}
	return strings.Join(items, "、")
}

// clipText shortens a formula quoted in a message.
func clipText(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
