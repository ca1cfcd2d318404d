package summary

import (
	"math"
	"sort"

	"nianbao/model"
)

// Figure is one headline figure of a region compared with last year: the sum of the cell keys Keys.
type Figure struct {
	// Table is the table's Chinese name ("表三"); Label names the figure ("一、本年新收政府信息公开申请数量",
	// "（三）不予公开", "行政复议 / 结果纠正").
	Table, Label string
	// Keys are the cells summed into the figure.
	Keys []string
	// This and Last are the figure this year and last year.
	This, Last float64
}

// Change is This − Last.
func (f Figure) Change() float64 { return f.This - f.Last }

// Percent is the change in percent of last year's figure; ok is false when last year's figure is 0.
func (f Figure) Percent() (p float64, ok bool) {
	if f.Last == 0 {
		return 0, false
	}
	return (f.This - f.Last) / f.Last * 100, true
}

// UnitChange is one unit's change of one figure from last year.
type UnitChange struct {
	Code, Name string
	This, Last float64
}

// Change is This − Last.
func (u UnitChange) Change() float64 { return u.This - u.Last }

// YoY is the year-on-year comparison of a summary (the 同比 sheet).
type YoY struct {
	// Last is last year's report of the region: the sum of last year's reports of the units summed this
	// year when every one is known, else last year's summary of the region.
	Last *model.Report
	// Figures are the region's headline figures (HeadlineFigures) this year and last year.
	Figures []Figure
	// New and Carry are the units with the largest changes of 本年新收 and of 结转下年度继续办理 (at most
	// TopChanges each, largest change first), among the units summed this year with a report last year.
	New, Carry []UnitChange
	// Compared counts the units with a report last year.
	Compared int
	// Paragraph is the text for part three of the region's annual report, built from Figures.
	Paragraph string
}

// TopChanges is how many units YoY lists per figure.
const TopChanges = 10

// Keys of the figures the per-unit changes and the paragraph use.
const (
	KeyNew       = "t3.new.total"
	KeyCarried   = "t3.carried.total"
	KeyResults   = "t3.resulttotal.total"
	KeyCarryover = "t3.carryover.total"
)

// HeadlineFigures lists the headline figures of a version, from the form spec: every input cell of 表二;
// of 表三, 本年新收 per column, 上年结转, each result row that is not in a group of rows, each group of result
// rows summed（（三）不予公开…）, （七）总计 and 四、结转下年度继续办理, all in the total column; of 表四,
// each section's 总计 and 结果纠正.
func HeadlineFigures(v model.Version) []Figure {
	var out []Figure
	form := model.FormOf(v)
	for _, c := range form.Table("t2").Cells() {
		if c.Input() && c.Kind != model.Change {
			out = append(out, Figure{Table: c.Table.Name, Label: c.Row.Label + " / " + c.Col.Label, Keys: []string{c.Key}})
		}
	}
	t3 := form.Table("t3")
	b := t3.Blocks[0]
	group := -1
	for _, row := range b.Rows {
		key := "t3." + row.Key + "." + b.TotalCol
		switch {
		case row.Key == "new":
			for _, col := range b.Cols {
				label := row.Label
				if col.Key != b.TotalCol {
					label += " / " + col.Label
				}
				out = append(out, Figure{Table: t3.Name, Label: label, Keys: []string{"t3.new." + col.Key}})
			}
			group = -1
		case len(row.Groups) >= 2:
			g := row.Groups[len(row.Groups)-1]
			if group < 0 || out[group].Label != g {
				out = append(out, Figure{Table: t3.Name, Label: g})
				group = len(out) - 1
			}
			out[group].Keys = append(out[group].Keys, key)
		default:
			out = append(out, Figure{Table: t3.Name, Label: row.Label, Keys: []string{key}})
			group = -1
		}
	}
	t4 := form.Table("t4")
	for _, c := range t4.Cells() {
		if c.Col.Key == "total" || c.Col.Key == "corrected" {
			out = append(out, Figure{Table: t4.Name, Label: c.Row.Label + " / " + c.Col.Label, Keys: []string{c.Key}})
		}
	}
	return out
}

// sumOf adds the values of keys in a report.
func sumOf(r *model.Report, keys []string) float64 {
	var s float64
	for _, k := range keys {
		s += r.Get(k)
	}
	return s
}

// yoy compares the region total with last year's and each summed unit with its own last year.
func (b *builder) yoy(last *model.Report) {
	res := b.res
	if last == nil || res.Total == nil {
		return
	}
	y := &YoY{Last: last}
	for _, f := range HeadlineFigures(res.Version) {
		if last.Version != res.Version && !sameKeys(last.Version, f.Keys) {
			continue // a figure the other version's form does not have
		}
		f.This, f.Last = sumOf(res.Total, f.Keys), sumOf(last, f.Keys)
		y.Figures = append(y.Figures, f)
	}
	for _, r := range res.Units[:len(b.roster.Units)] {
		if !r.Included || r.Report == nil {
			continue
		}
		p := b.opt.Previous(r.Report.Unit)
		if p == nil || len(p.Covers) > 0 {
			continue
		}
		y.Compared++
		y.New = append(y.New, UnitChange{Code: r.Code, Name: r.Name, This: r.Report.Get(KeyNew), Last: p.Get(KeyNew)})
		y.Carry = append(y.Carry, UnitChange{Code: r.Code, Name: r.Name, This: r.Report.Get(KeyCarryover), Last: p.Get(KeyCarryover)})
	}
	y.New, y.Carry = largest(y.New), largest(y.Carry)
	y.Paragraph = paragraph(res.Name, res.Year, y.Figures)
	res.YoY = y
}

// sameKeys reports whether every key exists in version v's form.
func sameKeys(v model.Version, keys []string) bool {
	form := model.FormOf(v)
	for _, k := range keys {
		if _, ok := form.Cell(k); !ok {
			return false
		}
	}
	return true
}

// largest keeps the TopChanges changes of largest size, largest first, then in roster order; units
// without change are left out.
func largest(cs []UnitChange) []UnitChange {
	var out []UnitChange
	for _, c := range cs {
		if c.Change() != 0 {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return math.Abs(out[i].Change()) > math.Abs(out[j].Change()) })
	return out[:min(len(out), TopChanges)]
}
