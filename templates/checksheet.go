package templates

import (
	"fmt"
	"strings"

	"nianbao/checks"
	"nianbao/model"
)

// eps is the tolerance of the live checks: amounts have four decimals, counts none.
const eps = "0.00005"

// Verdict texts of the 校验 sheet.
const (
	Pass = "✓"
	Fail = "✗"
	Warn = "⚠"
)

// CheckLine is one line of the 校验 sheet: one identity instance, live.
type CheckLine struct {
	Identity checks.Identity
	// Row is the 1-based row of the line in the 校验 sheet.
	Row int
	// Left and Right are the formulas of the two sides, qualified with the table's sheet.
	Left, Right string
	// Condition is true while the identity fails; unqualified, for the table's own sheet.
	Condition string
	// FailText is what the verdict cell shows on failure: ✗ for an error, ⚠ for a warning.
	FailText string
}

// Check sheet columns.
const (
	chkRule = iota + 1
	chkTable
	chkScope
	chkText
	chkLeft
	chkRight
	chkDiff
	chkVerdict
	chkExplain
)

// ExplainText is the header of the 说明 column of the 校验 sheet.
const ExplainText = "说明（警告确属无误时写明原因）"

// ExplainCell is a 说明 cell of the 校验 sheet: where the unit explains the warning of one identity.
type ExplainCell struct {
	// Rule and Key name the identity: its rule id and the key of the cell its finding is reported at.
	Rule, Key string
	// Ref is the cell on the 校验 sheet.
	Ref string
}

// checkSheet lays out the 校验 sheet: a count of failures, then one line per identity of each table in
// order, with live sides, difference and verdict. Each table's blamed cell gets an alert while its
// identity fails.
func checkSheet(w *Workbook) {
	b := newBuilder(w, CheckSheet, "校验（随填随算：✗ 为必须改正的错误，⚠ 为需核实说明的警告）", 8, 7, 40, 40, 11, 11, 11, 7, 36)
	first := 4
	var lines []CheckLine
	for _, t := range model.FormOf(w.Version).Tables {
		for _, idn := range checks.Identities(t) {
			lines = append(lines, w.checkLine(idn, first+len(lines)))
		}
	}
	last := first + len(lines) - 1
	verdicts := model.CellRef(chkVerdict, first) + ":" + model.CellRef(chkVerdict, last)
	counts := func(text string) func(r *model.Report) any {
		return func(r *model.Report) any {
			n := 0
			for _, l := range lines {
				if l.verdict(r) == text {
					n++
				}
			}
			return float64(n)
		}
	}
	b.put(Placed{Text: "错误（✗）条数", Style: FieldLabel}, 1, 2, 2, 2)
	b.put(Placed{Formula: fmt.Sprintf(`COUNTIF(%s,"%s")`, verdicts, Fail), Style: Total, Cached: counts(Fail)}, 3, 2, 3, 2)
	b.put(Placed{Text: "警告（⚠）条数", Style: FieldLabel}, 4, 2, 4, 2)
	b.put(Placed{Formula: fmt.Sprintf(`COUNTIF(%s,"%s")`, verdicts, Warn), Style: Total, Cached: counts(Warn)}, 5, 2, 5, 2)
	for i, h := range []string{"规则", "表格", "范围", "勾稽关系", "左边", "右边", "差额", "结果"} {
		b.put(Placed{Text: h, Style: Header}, i+1, 3, i+1, 3)
	}
	p := b.put(Placed{Text: ExplainText, Style: Header}, chkExplain, 3, chkExplain, 3)
	w.ExplainHeader = LabelCell{Sheet: CheckSheet, Ref: p.Ref, Text: ExplainText}
	for _, l := range lines {
		idn := l.Identity
		row := l.Row
		b.put(Placed{Text: idn.Rule.ID, Style: RowLabel}, chkRule, row, chkRule, row)
		b.put(Placed{Text: idn.Table.Name, Style: RowLabel}, chkTable, row, chkTable, row)
		b.put(Placed{Text: idn.Scope, Style: RowLabel}, chkScope, row, chkScope, row)
		b.put(Placed{Text: relation(idn), Style: RowLabel}, chkText, row, chkText, row)
		b.put(Placed{Formula: l.Left, Style: Total, Cached: func(r *model.Report) any {
			left, _ := idn.Sides(r, nil)
			return left
		}}, chkLeft, row, chkLeft, row)
		b.put(Placed{Formula: l.Right, Style: Total, Cached: func(r *model.Report) any {
			_, right := idn.Sides(r, nil)
			return right
		}}, chkRight, row, chkRight, row)
		b.put(Placed{Formula: model.CellRef(chkLeft, row) + "-" + model.CellRef(chkRight, row), Style: Total,
			Cached: func(r *model.Report) any {
				left, right := idn.Sides(r, nil)
				return model.Round(left - right)
			}}, chkDiff, row, chkDiff, row)
		b.put(Placed{Formula: verdictFormula(idn.Op, model.CellRef(chkLeft, row), model.CellRef(chkRight, row), l.FailText),
			Style: Verdict, Cached: func(r *model.Report) any { return l.verdict(r) }}, chkVerdict, row, chkVerdict, row)
		if idn.Rule.Severity == checks.Warning {
			w.explain(b, idn.Rule.ID, idn.Blame, row)
		}
		rowRange := model.CellRef(chkRule, row) + ":" + model.CellRef(chkVerdict, row)
		b.s.Alerts = append(b.s.Alerts, Alert{Ref: rowRange, Severity: idn.Rule.Severity,
			Formula: fmt.Sprintf(`$%s$%d="%s"`, model.ColName(chkVerdict), row, l.FailText)})
	}
	w.Checks = lines
	w.crossYearLines(b, last+1)
	b.s.Freeze = model.CellRef(1, first)
	b.s.PrintRows = first - 1
	b.s.Protected = true
	b.s.Landscape = true
	b.fitRows()
	w.blameAlerts()
}

// checkLine builds the formulas of one identity from the places of its terms.
func (w *Workbook) checkLine(idn checks.Identity, row int) CheckLine {
	side := func(ts []checks.Term, sheet string) string {
		var plus, minus []string
		for _, t := range ts {
			if t.Sign < 0 {
				minus = append(minus, w.places[t.Key].Ref)
			} else {
				plus = append(plus, w.places[t.Key].Ref)
			}
		}
		return sumFormula(sheet, plus, minus)
	}
	sheet := idn.Table.Name
	cond := condition(idn.Op, "("+side(idn.Left, "")+")", "("+side(idn.Right, "")+")", false)
	fail := Fail
	if idn.Rule.Severity != checks.Error {
		fail = Warn
	}
	return CheckLine{Identity: idn, Row: row, Left: side(idn.Left, sheet), Right: side(idn.Right, sheet),
		Condition: cond, FailText: fail}
}

// verdict is what the line's verdict cell shows for a report.
func (l CheckLine) verdict(r *model.Report) string {
	if l.Identity.Holds(l.Identity.Sides(r, nil)) {
		return Pass
	}
	return l.FailText
}

func verdictFormula(op checks.Op, left, right, fail string) string {
	return fmt.Sprintf(`IF(%s,"%s","%s")`, condition(op, left, right, true), Pass, fail)
}

// conditions spells, per relation, the Excel condition that it holds and the one that it fails, within eps.
var conditions = map[checks.Op][2]string{
	checks.Le: {"%s<=%s+%s", "%s>%s+%s"},
	checks.Ge: {"%s>=%s-%s", "%s<%s-%s"},
	checks.Eq: {"ABS(%s-%s)<%s", "ABS(%s-%s)>%s"},
}

// condition is the Excel condition that left op right holds (holds) or fails (!holds), within eps.
func condition(op checks.Op, left, right string, holds bool) string {
	f, ok := conditions[op]
	if !ok {
		f = conditions[checks.Eq]
	}
	if holds {
		return fmt.Sprintf(f[0], left, right, eps)
	}
	return fmt.Sprintf(f[1], left, right, eps)
}

// relation spells an identity with the short names of its terms: "一 + 二 = （七）总计 + 四".
func relation(idn checks.Identity) string {
	op := " = "
	switch idn.Op {
	case checks.Le:
		op = " ≤ "
	case checks.Ge:
		op = " ≥ "
	}
	return checks.SideNames(idn.Left, idn.LeftName) + op + checks.SideNames(idn.Right, idn.RightName)
}

// blameAlerts gives each blamed cell of the table sheets one alert per severity, true while any of the
// identities blaming it fails.
func (w *Workbook) blameAlerts() {
	type at struct {
		key string
		sev checks.Severity
	}
	conds := map[at][]string{}
	var order []at
	for _, l := range w.Checks {
		a := at{l.Identity.Blame, l.Identity.Rule.Severity}
		if _, seen := conds[a]; !seen {
			order = append(order, a)
		}
		conds[a] = append(conds[a], l.Condition)
	}
	for _, a := range order {
		p := w.places[a.key]
		f := conds[a][0]
		if len(conds[a]) > 1 {
			f = "OR(" + strings.Join(conds[a], ",") + ")"
		}
		s := w.Sheet(p.Sheet)
		s.Alerts = append(s.Alerts, Alert{Ref: p.Ref, Formula: f, Severity: a.sev})
	}
}

// explain places the 说明 cell of one line.
func (w *Workbook) explain(b *builder, rule, key string, row int) {
	p := b.put(Placed{Style: Explain}, chkExplain, row, chkExplain, row)
	w.Explains = append(w.Explains, ExplainCell{Rule: rule, Key: key, Ref: p.Ref})
}

// crossYearLines adds, after the identities, one line per 表三 column for the cross-year rule X-1, which
// the collecting unit checks against last year's report: this year's 二、上年结转 is shown, and the 说明
// cell beside it is where the unit explains a difference (a corrected figure of last year, a merger).
func (w *Workbook) crossYearLines(b *builder, row int) {
	t := model.FormOf(w.Version).Table("t3")
	for _, idn := range checks.CrossYear(t, t) {
		b.put(Placed{Text: idn.Rule.ID, Style: RowLabel}, chkRule, row, chkRule, row)
		b.put(Placed{Text: idn.Table.Name, Style: RowLabel}, chkTable, row, chkTable, row)
		b.put(Placed{Text: idn.Scope, Style: RowLabel}, chkScope, row, chkScope, row)
		b.put(Placed{Text: relation(idn), Style: RowLabel}, chkText, row, chkText, row)
		left := w.places[idn.Left[0].Key].Ref
		b.put(Placed{Formula: Qualified(t.Name, left), Style: Total, Cached: func(r *model.Report) any {
			return r.Get(idn.Left[0].Key)
		}}, chkLeft, row, chkLeft, row)
		b.put(Placed{Text: "上年度数据由汇总单位核对", Style: RowLabel}, chkRight, row, chkVerdict, row)
		w.explain(b, idn.Rule.ID, idn.Blame, row)
		row++
	}
}
