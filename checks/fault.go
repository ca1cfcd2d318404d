package checks

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"nianbao/model"
)

// The findings Analyze makes: faults at the cell to change, consequences, and the numbering.

// typedFault turns the R-3 warning of a typed-over total into the fault it is when the typed value differs
// from what the formula gives.
func (a *analysis) typedFault(w Finding, c model.Cell) Finding {
	actual, expected := a.r.Get(c.Key), a.r.SumOf(c.Sum)
	f := At(RTyped, a.r, c.Key, fmt.Sprintf("%s %s（%s）：公式被改为数值 %s，按公式（各项之和）应为 %s，相差 %s；请恢复公式",
		c.Table.Name, c.Label(), a.r.Sources[c.Key], model.FormatValue(actual), model.FormatValue(expected),
		model.FormatValue(abs(actual-expected))))
	if w.File != "" {
		f.File = w.File
	}
	diff := model.Round(actual - expected)
	f.Expected, f.Actual, f.Difference = &expected, &actual, &diff
	return f
}

// cellFault is a failing identity that one input cell alone explains: reported at that cell with the
// value that makes every identity through it hold.
func (a *analysis) cellFault(e equation, v int, delta float64) Finding {
	key := a.sys.keys[v]
	c, _ := a.r.Cell(key)
	actual := a.r.Get(key)
	expected := model.Round(actual + delta)
	diff := model.Round(actual - expected)
	msg := fmt.Sprintf("%s %s 填写的是 %s，应为 %s：只有改正这个单元格，各条勾稽关系才能同时成立（%s）",
		c.Table.Name, c.Label(), model.FormatValue(actual), model.FormatValue(expected), e.idn.message(e.left, e.right, a.r, a.prev))
	f := At(e.idn.Rule, a.r, key, msg)
	f.Expected, f.Actual, f.Difference = &expected, &actual, &diff
	if s := a.r.Sources[key].String(); s != "" {
		f.Cells = []string{s}
	}
	return f
}

// identityFault is a failing identity that any of several input cells may cause: reported at the cell the
// identity names (or the first of them) with all of them in Cells.
func (a *analysis) identityFault(e equation, cells []int) Finding {
	shown := a.sys.keys[cells[0]]
	for _, v := range cells {
		if a.sys.keys[v] == e.idn.Blame {
			shown = e.idn.Blame
		}
	}
	var refs, short []string
	for _, v := range cells {
		src := a.r.Sources[a.sys.keys[v]]
		if s := src.String(); s != "" {
			refs = append(refs, s)
			if src.Cell != "" {
				short = append(short, src.Cell)
			} else {
				short = append(short, s)
			}
		}
	}
	msg := e.idn.message(e.left, e.right, a.r, a.prev)
	const most = 8
	switch {
	case len(short) > most:
		msg += fmt.Sprintf("。可能填错的是 %s 等 %d 个单元格中的任何一个，请逐一核对", strings.Join(short[:most], "、"), len(short))
	case len(short) > 1:
		msg += fmt.Sprintf("。可能填错的是 %s 中的任何一个，请逐一核对", strings.Join(short, "、"))
	}
	f := At(e.idn.Rule, a.r, shown, msg)
	// Difference is, as everywhere, actual − expected of the cell shown: by how much it would have to
	// change were it the one. No expected value is stated: the fault may be at any of the cells.
	if c := e.coef[a.sys.index[shown]]; c != 0 {
		diff := model.Round(e.residual / c)
		f.Difference = &diff
	}
	f.Cells = refs
	return f
}

// evalFinding is the plain finding of a failing identity.
func (a *analysis) evalFinding(e equation) Finding {
	f, _ := e.idn.Eval(a.r, a.prev)
	return f
}

// consequence strips what a consequence must not claim: the value its cell "should" hold, which assumes
// the cell is the one at fault (and is negative when the fault lies elsewhere).
func (a *analysis) consequence(f Finding) Finding {
	f.Expected, f.Actual = nil, nil
	return f
}

// unchecked is the 无法核对 consequence of an identity through an unreadable cell.
func (a *analysis) unchecked(idn Identity, key string, fault int) Finding {
	f := At(idn.Rule, a.r, idn.Blame, "")
	where := a.r.Sources[key].String()
	if c, ok := a.r.Cell(key); ok && where == "" {
		where = c.Table.Name + " " + c.Label() // no cell reference (a text or PDF): the cell in words
	} else if where == "" {
		where = key
	}
	f.Message = fmt.Sprintf("无法核对 %s %s：%s = %s（%s 无法识别为数值）", idn.Table.Name, idn.Scope,
		SideNames(idn.Left, idn.LeftName), SideNames(idn.Right, idn.RightName), where)
	f.Unchecked = true
	if u := a.items[fault]; u.File != "" {
		f.File = u.File
	}
	return f
}

// SideNames spells one side of an identity without values: its name when it has one, else its terms
// ("一 + 二", "a − b"), "0" for no terms.
func SideNames(ts []Term, name string) string {
	if name != "" {
		return name
	}
	if len(ts) == 0 {
		return "0"
	}
	var b strings.Builder
	for i, t := range ts {
		switch {
		case t.Sign < 0:
			b.WriteString(" − ")
		case i > 0:
			b.WriteString(" + ")
		}
		b.WriteString(t.Name)
	}
	return b.String()
}

// finish lists every item followed by its consequences, sorts, numbers them and drops any expected value
// a count cannot have.
func (a *analysis) finish() []Finding {
	out := make([]Finding, 0, len(a.items))
	for i, f := range a.items {
		f.ID = "#" + strconv.Itoa(i)
		out = append(out, f)
		cs := a.cons[i]
		sort.SliceStable(cs, func(x, y int) bool { return cs[x].order < cs[y].order })
		for _, c := range cs {
			c.f.Because = f.ID
			if len(c.also) > 0 {
				c.f.BecauseAll = []string{f.ID}
				for _, j := range c.also {
					c.f.BecauseAll = append(c.f.BecauseAll, "#"+strconv.Itoa(j))
				}
			}
			out = append(out, c.f)
		}
	}
	Sort(out)
	ids := make(map[string]string, len(out))
	n := 0
	for i := range out {
		if out[i].Fault() {
			n++
			ids[out[i].ID] = "F" + strconv.Itoa(n)
			out[i].ID = ids[out[i].ID]
			continue
		}
		n++
		out[i].ID = "F" + strconv.Itoa(n)
	}
	for i := range out {
		if !out[i].Fault() {
			out[i].Because = ids[out[i].Because]
			for j, id := range out[i].BecauseAll {
				out[i].BecauseAll[j] = ids[id]
			}
		}
		a.noNegativeCount(&out[i])
	}
	return out
}

// noNegativeCount drops the expected value of a count that would be negative: no count can be "应为 −6".
func (a *analysis) noNegativeCount(f *Finding) {
	if f.Expected == nil || *f.Expected >= 0 || f.Key == "" {
		return
	}
	if c, ok := a.r.Cell(f.Key); ok && c.Kind == model.Change {
		return
	}
	f.Expected, f.Difference = nil, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Renumber gives findings the ids F1, F2, … in their order, keeping every consequence pointing to its fault.
func Renumber(fs []Finding) {
	ids := make(map[string]string, len(fs))
	for i := range fs {
		id := "F" + strconv.Itoa(i+1)
		if fs[i].ID != "" {
			ids[fs[i].ID] = id
		}
		fs[i].ID = id
	}
	for i := range fs {
		if fs[i].Because != "" {
			fs[i].Because = ids[fs[i].Because]
		}
		for j, id := range fs[i].BecauseAll {
			fs[i].BecauseAll[j] = ids[id]
		}
	}
}
