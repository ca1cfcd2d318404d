package locate

import (
	"strconv"
	"strings"

	"nianbao/model"
)

// An input cell holding a formula is not read by its cached value: the template sets fullCalcOnLoad, so
// Excel shows what the formula gives, whatever value the file caches (a file may cache 31 for =100, or for
// =1/0). A formula we can evaluate exactly is: a plain number (=100), or a sum of input cells of the same
// table on the same sheet (=D5+E5, =SUM(D5:F5), =SUM(D5,F5)) whose own texts are plain values. Anything else
// is an error at that cell.

// maxFormulaCells bounds the cells a summed range may name.
const maxFormulaCells = 256

// inputFormula evaluates the formula f of an input cell of table t on grid gi. ok is false when the
// formula is not one we evaluate.
func inputFormula(f string, grids []Grid, gi int, l Layout, t *model.Table) (float64, bool) {
	f = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f), "="))
	if f == "" {
		return 0, false
	}
	if v, err := strconv.ParseFloat(f, 64); err == nil && !strings.ContainsAny(f, "eEnNiI") {
		return v, true // a number typed with "=" in front
	}
	inputs := map[[2]int]model.Cell{}
	for _, c := range t.Cells() {
		if p, ok := l.Places[c.Key]; ok && p.Grid == gi && c.Input() {
			inputs[[2]int{p.Row, p.Col}] = c
		}
	}
	var terms []string
	upper := strings.ToUpper(strings.ReplaceAll(f, " ", ""))
	if inner, ok := strings.CutPrefix(upper, "SUM("); ok {
		inner, ok = strings.CutSuffix(inner, ")")
		if !ok || strings.ContainsAny(inner, "()") {
			return 0, false
		}
		terms = strings.Split(inner, ",")
	} else {
		terms = strings.Split(upper, "+")
	}
	sum, seen := 0.0, 0
	for _, term := range terms {
		a, b, isRange := strings.Cut(term, ":")
		c1, r1, ok1 := model.ParseRef(a)
		c2, r2 := c1, r1
		ok2 := true
		if isRange {
			c2, r2, ok2 = model.ParseRef(b)
		}
		if !ok1 || !ok2 || c2 < c1 || r2 < r1 {
			return 0, false
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if seen++; seen > maxFormulaCells {
					return 0, false
				}
				spec, ok := inputs[[2]int{r - 1, c - 1}]
				if !ok {
					return 0, false // outside the table's input cells
				}
				cell := cellAt(grids[gi], Place{Grid: gi, Row: r - 1, Col: c - 1})
				if cell.Formula != "" {
					return 0, false // no chains of formulas
				}
				pv := model.ParseValue(spec.Kind, cell.Text)
				if pv.Problem != "" {
					return 0, false
				}
				sum += pv.Value
			}
		}
	}
	return model.Round(sum), true
}
