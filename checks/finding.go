package checks

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"nianbao/model"
)

// Finding is one problem (or remark) about one report, at one cell where it has one.
type Finding struct {
	// ID names the finding within its file ("F1", "F2", …), in the order findings are listed; the same input
	// gives the same ids.
	ID       string   `json:"id,omitempty"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	File     string   `json:"file,omitempty"`
	Sheet    string   `json:"sheet,omitempty"`
	Cell     string   `json:"cell,omitempty"`
	// Line is the line of a published text the finding is about.
	Line   int    `json:"line,omitempty"`
	Key    string `json:"key,omitempty"`
	Table  string `json:"table,omitempty"`
	Row    string `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	// Expected is the value the cell should hold for the rule to pass; Actual what it holds;
	// Difference is Actual − Expected.
	Expected   *float64 `json:"expected,omitempty"`
	Actual     *float64 `json:"actual,omitempty"`
	Difference *float64 `json:"difference,omitempty"`
	// Message says in Chinese what is wrong, with the numbers.
	Message string `json:"message"`
	// Because, set on a consequence, is the ID of the fault it follows from: the identity would hold if that
	// fault were fixed. Consequences are listed under their fault and not counted as errors or warnings.
	Because string `json:"because,omitempty"`
	// BecauseAll, set on a consequence of several faults, lists all of them, Because (the one it is listed
	// under) first: the identity holds only when every one of them is fixed.
	BecauseAll []string `json:"because_all,omitempty"`
	// Unchecked marks a consequence whose identity could not be evaluated (无法核对) because a cell it adds
	// up cannot be read.
	Unchecked bool `json:"unchecked,omitempty"`
	// Cells lists, for a fault that one of several input cells may cause, every such cell ("表三!D5"); the
	// finding's Sheet and Cell are the one it is shown at.
	Cells []string `json:"cells,omitempty"`
	// Explanation is the unit's explanation of a warning (出错说明), from the 说明 column of the 校验 sheet
	// or recorded later; an explained warning does not make the verdict 有警告.
	Explanation string `json:"explanation,omitempty"`
}

// Fault reports whether the finding is a fault (something the unit must change or explain), as opposed
// to a consequence of one.
func (f Finding) Fault() bool { return f.Because == "" }

// AlsoBecause returns the faults a consequence depends on besides Because.
func (f Finding) AlsoBecause() []string {
	if len(f.BecauseAll) < 2 {
		return nil
	}
	return f.BecauseAll[1:]
}

// AlsoNote is what a list of findings adds to a consequence of several faults, shown under the first:
// "（也因 F3）", or "（也因 F3、F5）"; "" for a consequence of one fault.
func (f Finding) AlsoNote() string {
	also := f.AlsoBecause()
	if len(also) == 0 {
		return ""
	}
	return "（也因 " + strings.Join(also, "、") + "）"
}

// Explained reports whether the finding is a warning the unit has explained.
func (f Finding) Explained() bool { return f.Severity == Warning && f.Explanation != "" }

// At returns a finding of rule at the cell of key in report r, its position filled from the spec and from
// where the value was read. key may be "" for a finding about the whole file.
func At(rule Rule, r *model.Report, key, message string) Finding {
	f := Finding{Rule: rule.ID, Severity: rule.Severity, Key: key, Message: message}
	if key == "" || r == nil {
		return f
	}
	if c, ok := r.Cell(key); ok {
		f.Table, f.Row, f.Column = c.Table.Name, c.Row.Label, c.Col.Label
	}
	src := r.Sources[key]
	f.File, f.Sheet, f.Cell, f.Line = src.File, src.Sheet, src.Cell, src.Line
	return f
}

// Run evaluates every rule on a report: value kinds and the identities of each table it has, and, when prev
// (last year's report of the same unit) is given, the cross-year rules. Findings come in table order.
func Run(r, prev *model.Report) []Finding {
	var out []Finding
	for _, id := range model.TableIDs {
		t := r.Table(id)
		if t == nil {
			continue
		}
		out = append(out, kinds(r, t)...)
		for _, idn := range Identities(t) {
			if f, bad := idn.Eval(r, nil); bad {
				out = append(out, f)
			}
		}
		if prev == nil {
			continue
		}
		if pt := prev.Table(id); pt != nil {
			for _, idn := range CrossYear(t, pt) {
				if f, bad := idn.Eval(r, prev); bad {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

var kindRules = map[string]Rule{"t2": T2Kind, "t3": T3Kind, "t4": T4Kind}

func kinds(r *model.Report, t *model.Table) []Finding {
	var out []Finding
	for _, c := range t.Cells() {
		v, ok := r.Values[c.Key]
		if !ok || !c.Input() { // a total is checked by its identity
			continue
		}
		if problem := c.Kind.Check(v); problem != "" {
			what := model.FormatValue(v)
			if txt := r.Sources[c.Key].Text; txt != "" {
				what = "「" + txt + "」"
			}
			out = append(out, At(kindRules[t.ID], r, c.Key,
				fmt.Sprintf("%s %s：%s，填写的是 %s", t.Name, c.Label(), problem, what)))
		}
	}
	return out
}

// Sides returns the values of the two sides of the identity on a report (and last year's, for cross-year
// identities).
func (idn Identity) Sides(r, prev *model.Report) (left, right float64) {
	return side(idn.Left, r, prev), side(idn.Right, r, prev)
}

func side(ts []Term, r, prev *model.Report) float64 {
	var s float64
	for _, t := range ts {
		src := r
		if t.Prev {
			src = prev
		}
		s += t.Sign * src.Get(t.Key)
	}
	return model.Round(s)
}

// Holds reports whether the identity holds for the two side values.
func (idn Identity) Holds(left, right float64) bool {
	const eps = 1e-6
	switch idn.Op {
	case Le:
		return left <= right+eps
	case Ge:
		return left >= right-eps
	}
	return math.Abs(left-right) < eps
}

// Eval evaluates the identity and returns its finding when it fails.
func (idn Identity) Eval(r, prev *model.Report) (Finding, bool) {
	left, right := idn.Sides(r, prev)
	if idn.Holds(left, right) {
		return Finding{}, false
	}
	f := At(idn.Rule, r, idn.Blame, "")
	// The blamed cell is on the left or right side: what it should hold is what balances the identity.
	actual := r.Get(idn.Blame)
	expected := actual - (left - right)
	for _, t := range idn.Right {
		if t.Key == idn.Blame && !t.Prev {
			expected = actual + (left - right)
		}
	}
	if idn.Op != Eq {
		expected = actual // an inequality has no single right value
	}
	diff := model.Round(actual - expected)
	f.Expected, f.Actual = &expected, &actual
	if idn.Op == Eq {
		f.Difference = &diff
	}
	f.Message = idn.message(left, right, r, prev)
	return f, true
}

func (idn Identity) message(left, right float64, r, prev *model.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s：", idn.Table.Name, idn.Scope)
	b.WriteString(spell(idn.Left, idn.LeftName, left, r, prev))
	switch idn.Op {
	case Eq:
		b.WriteString("，但 ")
	case Le:
		b.WriteString("，大于 ")
	case Ge:
		b.WriteString("，小于 ")
	}
	b.WriteString(spell(idn.Right, idn.RightName, right, r, prev))
	if idn.Op == Eq {
		fmt.Fprintf(&b, "，相差 %s", model.FormatValue(math.Abs(left-right)))
	}
	return b.String()
}

// spell writes one side: "一 + 二 = 5 + 1 = 6", or "（七）总计 = 4", or "name = 12" for long sides.
func spell(ts []Term, name string, total float64, r, prev *model.Report) string {
	if name != "" || len(ts) == 0 {
		if name == "" {
			name = "0"
		}
		if name == model.FormatValue(total) {
			return name
		}
		return name + " = " + model.FormatValue(total)
	}
	if len(ts) == 1 && ts[0].Sign == 1 {
		return ts[0].Name + " = " + model.FormatValue(total)
	}
	var names, vals strings.Builder
	for i, t := range ts {
		src := r
		if t.Prev {
			src = prev
		}
		op := " + "
		if t.Sign < 0 {
			op = " − "
		}
		if i > 0 || t.Sign < 0 {
			names.WriteString(op)
			vals.WriteString(op)
		}
		names.WriteString(t.Name)
		vals.WriteString(model.FormatValue(src.Get(t.Key)))
	}
	return names.String() + " = " + vals.String() + " = " + model.FormatValue(total)
}

// Counts tallies findings: faults by severity, explained warnings and consequences apart.
type Counts struct {
	// Errors, Warnings and Infos count faults; Warnings only those not explained.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
	// Explained counts the warnings the unit has explained (已说明).
	Explained int `json:"explained"`
	// Consequences counts the findings that follow from a fault (Because set).
	Consequences int `json:"consequences"`
}

// Count tallies findings.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch {
		case !f.Fault():
			c.Consequences++
		case f.Severity == Error:
			c.Errors++
		case f.Explained():
			c.Explained++
		case f.Severity == Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

// Sort orders findings by the severity of their fault, keeping the order of equal ones; every consequence
// stays right after its fault (or after the consequences before it).
func Sort(fs []Finding) {
	fault := make(map[string]Severity, len(fs))
	for _, f := range fs {
		if f.ID != "" && f.Fault() {
			fault[f.ID] = f.Severity
		}
	}
	rank := func(f Finding) Severity {
		if s, ok := fault[f.Because]; ok && !f.Fault() {
			return s
		}
		return f.Severity
	}
	// A consequence sorts with the fault before it: ranks are made of the group's severity.
	groups := make([]Severity, len(fs))
	for i, f := range fs {
		groups[i] = rank(f)
	}
	idx := make([]int, len(fs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return groups[idx[a]] < groups[idx[b]] })
	out := make([]Finding, len(fs))
	for i, j := range idx {
		out[i] = fs[j]
	}
	copy(fs, out)
}
