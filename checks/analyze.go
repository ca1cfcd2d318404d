package checks

import (
	"slices"
	"sort"

	"nianbao/model"
)

// Analyze evaluates every rule on a report, like Run, together with the findings of reading it (read), and
// tells faults from their consequences. A fault names something the unit must change: a cell that cannot be
// read, a value of the wrong kind (T3-4, …), a total typed over its formula that does not add up
// (R-12, with the value the formula gives), or a failing identity that no other fault explains — reported
// at the one input cell that alone would make it hold when the other identities single it out, else at
// the identity with every input cell that may cause it in Cells. Every other failing identity is a
// consequence (Because names its fault): a linear combination of the identities the faults break, an
// identity through a typed-over total or a wrong value, and, not evaluated (Unchecked, 无法核对), every
// identity through a cell that cannot be read.
//
// Findings come as Sort leaves them — faults by severity, each followed by its consequences — and are
// numbered F1, F2, … in that order.
func Analyze(r, prev *model.Report, read []Finding) []Finding {
	a := &analysis{r: r, prev: prev, sys: newSystem(r), cons: map[int][]consequence{},
		unread: map[string]int{}, known: map[string]int{}}
	a.items = append(a.items, read...)
	var typedOver []int
	for i, f := range a.items {
		switch {
		case f.Key == "":
		case f.Rule == RUnread.ID:
			a.unread[f.Key] = i
		case f.Rule == RFormula.ID:
			typedOver = append(typedOver, i)
		}
	}
	var idns []Identity
	for _, id := range []string{"t2", "t3", "t4"} {
		t := r.Table(id)
		if t == nil {
			continue
		}
		for _, f := range kinds(r, t) {
			a.known[f.Key] = len(a.items)
			a.items = append(a.items, f)
		}
		idns = append(idns, Identities(t)...)
		if prev == nil {
			continue
		}
		if pt := prev.Table(id); pt != nil {
			idns = append(idns, CrossYear(t, pt)...)
		}
	}
	for _, i := range typedOver {
		if c, ok := r.Cell(a.items[i].Key); ok && mismatched(r, c) {
			a.items[i] = a.typedFault(a.items[i], c)
			a.known[c.Key] = i
		}
	}
	if len(a.unread) == 0 && allHold(idns, r, prev) {
		return a.finish() // the common case: nothing to relate
	}
	var eqs, crossEqs, others []equation
	for n, idn := range idns {
		e := a.sys.equation(idn, prev)
		cross := false
		for _, t := range append(idn.Left, idn.Right...) {
			cross = cross || t.Prev
		}
		if us, key := a.unreadable(e); len(us) > 0 {
			a.addCons(us, n, a.unchecked(idn, key, us[0]))
			continue
		}
		e.order = n
		switch {
		case len(e.coef) == 0 && !cross: // a total equal to its parts: holds by construction
		case idn.Op == Eq && !cross:
			eqs = append(eqs, e)
		case idn.Op == Eq:
			crossEqs = append(crossEqs, e)
		case e.fails:
			others = append(others, e)
		}
	}
	a.relate(eqs)
	a.relateCross(crossEqs)
	for _, e := range others {
		f, _ := e.idn.Eval(r, prev)
		if owners := a.knownAll(e); len(owners) > 0 {
			a.addCons(owners, e.order, a.consequence(f))
			continue
		}
		a.items = append(a.items, f)
	}
	return a.finish()
}

// analysis is the state of Analyze on one report.
type analysis struct {
	r, prev *model.Report
	sys     *system
	// items are the findings that are not consequences; cons the consequences of each, by item index.
	items []Finding
	cons  map[int][]consequence
	// unread maps the key of each unreadable cell, and known the key of each wrong value and typed-over
	// total, to its fault.
	unread, known map[string]int
}

type consequence struct {
	order int // the identity's place in spec order
	f     Finding
	// also are the other faults the consequence depends on (item indexes), besides the one it is listed under.
	also []int
}

// addCons lists consequence f of the identity at order under the first of the faults owners (item indexes),
// naming the others in also.
func (a *analysis) addCons(owners []int, order int, f Finding) {
	owners = unique(owners)
	a.cons[owners[0]] = append(a.cons[owners[0]], consequence{order: order, f: f, also: owners[1:]})
}

// unique drops repeated indexes, keeping the first of each.
func unique(xs []int) []int {
	var out []int
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// sorted returns the indexes in ascending order without repeats: the first is the earliest fault.
func sorted(xs []int) []int {
	out := unique(xs)
	sort.Ints(out)
	return out
}

// unreadable returns the faults of the unreadable cells an equation adds up, and the key of the first of
// them in reading order.
func (a *analysis) unreadable(e equation) ([]int, string) {
	if len(a.unread) == 0 {
		return nil, ""
	}
	var out []int
	first := ""
	for _, v := range a.sys.vars(e) {
		if i, ok := a.unread[a.sys.keys[v]]; ok {
			if first == "" {
				first = a.sys.keys[v]
			}
			out = append(out, i)
		}
	}
	return out, first
}

// knownIn returns the fault of the first wrong value or typed-over total an equation adds up, or -1.
func (a *analysis) knownIn(e equation) int {
	if ks := a.knownAll(e); len(ks) > 0 {
		return ks[0]
	}
	return -1
}

// knownAll returns the faults of every wrong value or typed-over total an equation adds up, in reading
// order.
func (a *analysis) knownAll(e equation) []int {
	if len(a.known) == 0 {
		return nil
	}
	var out []int
	for _, v := range a.sys.vars(e) {
		if i, ok := a.known[a.sys.keys[v]]; ok {
			out = append(out, i)
		}
	}
	return out
}

// relate sorts the failing same-year equalities into faults and consequences.
func (a *analysis) relate(eqs []equation) {
	failing := false
	for _, e := range eqs {
		failing = failing || e.fails
	}
	if !failing {
		return
	}
	// Equations through a known fault first, then the shortest: the independent equations are then the
	// elementary ones, and a sum such as the 总计 column's T3-1 is found to be a combination of them.
	sort.SliceStable(eqs, func(i, j int) bool {
		ki, kj := a.knownIn(eqs[i]) >= 0, a.knownIn(eqs[j]) >= 0
		if ki != kj {
			return ki
		}
		return len(eqs[i].coef) < len(eqs[j].coef)
	})
	n := len(a.sys.keys)
	var b basis
	from := make([][]int, len(eqs))
	dependent := make([]bool, len(eqs))
	for i, e := range eqs {
		vec := make([]float64, n)
		for v, x := range e.coef {
			vec[v] = x
		}
		from[i], _, dependent[i] = b.add(i, vec)
	}
	owner := make([]int, len(eqs))
	for i := range owner {
		owner[i] = -1
	}
	var open []int
	for i, e := range eqs {
		if !e.fails || dependent[i] {
			continue
		}
		if ks := a.knownAll(e); len(ks) > 0 {
			owner[i] = ks[0]
			a.addCons(ks, e.order, a.consequence(a.evalFinding(e)))
			continue
		}
		open = append(open, i)
	}
	a.cover(eqs, dependent, open, owner)
	for i, e := range eqs {
		if !e.fails || !dependent[i] {
			continue
		}
		var owners []int
		for _, j := range from[i] {
			if eqs[j].fails && owner[j] >= 0 {
				owners = append(owners, owner[j])
			}
		}
		if len(owners) == 0 { // cannot happen for a linear combination; keep the finding rather than lose it
			a.items = append(a.items, a.evalFinding(e))
			continue
		}
		a.addCons(sorted(owners), e.order, a.consequence(a.evalFinding(e)))
	}
}

// cover makes faults of the failing independent equations in open: each time, the variable that alone
// makes the most of them hold (without breaking one that holds, and to a value its kind allows); several
// variables doing exactly the same make one fault over all of them.
func (a *analysis) cover(eqs []equation, dependent []bool, open []int, owner []int) {
	occ := map[int][]int{} // independent equations of each variable
	for i, e := range eqs {
		if dependent[i] {
			continue
		}
		for v := range e.coef {
			occ[v] = append(occ[v], i)
		}
	}
	for v := range occ {
		sort.Ints(occ[v])
	}
	for len(open) > 0 {
		isOpen := map[int]bool{}
		var vs []int
		seen := map[int]bool{}
		for _, i := range open {
			isOpen[i] = true
			for v := range eqs[i].coef {
				if !seen[v] {
					seen[v] = true
					vs = append(vs, v)
				}
			}
		}
		a.sys.inReadingOrder(vs)
		type cand struct {
			v     int
			delta float64
			set   []int
		}
		var cands []cand
		for _, v := range vs {
			delta, ok := a.fix(eqs, occ[v], v)
			if !ok {
				continue
			}
			var set []int
			for _, i := range occ[v] {
				if isOpen[i] {
					set = append(set, i)
				}
			}
			cands = append(cands, cand{v, delta, set})
		}
		var best *cand
		for i := range cands {
			if best == nil || len(cands[i].set) > len(best.set) {
				best = &cands[i]
			}
		}
		var covered, cells []int
		narrowed := false
		switch {
		case best == nil:
			covered = []int{open[0]}
			cells = a.sys.vars(eqs[open[0]])
		default:
			covered = best.set
			for _, c := range cands {
				if equalInts(c.set, best.set) {
					cells = append(cells, c.v)
				}
			}
			narrowed = len(cells) == 1
		}
		main := covered[0]
		for _, i := range covered {
			if eqs[i].order < eqs[main].order {
				main = i
			}
		}
		var f Finding
		if narrowed {
			f = a.cellFault(eqs[main], best.v, best.delta)
		} else {
			f = a.identityFault(eqs[main], cells)
		}
		k := len(a.items)
		a.items = append(a.items, f)
		for _, i := range covered {
			owner[i] = k
			if i != main {
				a.addCons([]int{k}, eqs[i].order, a.consequence(a.evalFinding(eqs[i])))
			}
		}
		rest := open[:0:0]
		for _, i := range open {
			if owner[i] < 0 {
				rest = append(rest, i)
			}
		}
		open = rest
	}
}

// fix returns the change of variable v that makes every equation in eqsOf hold, when one change does: all
// must fail, need the same change, and the new value must be one the cell's kind allows.
func (a *analysis) fix(eqs []equation, eqsOf []int, v int) (float64, bool) {
	var delta float64
	for n, i := range eqsOf {
		e := eqs[i]
		if !e.fails {
			return 0, false
		}
		d := -e.residual / e.coef[v]
		if n == 0 {
			delta = d
		} else if d-delta > eps || delta-d > eps {
			return 0, false
		}
	}
	key := a.sys.keys[v]
	c, ok := a.r.Cell(key)
	if !ok || c.Kind.Check(model.Round(a.r.Get(key)+delta)) != "" {
		return 0, false
	}
	return model.Round(delta), true
}

func equalInts(x, y []int) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func allHold(idns []Identity, r, prev *model.Report) bool {
	for _, idn := range idns {
		if !idn.Holds(idn.Sides(r, prev)) {
			return false
		}
	}
	return true
}

// relateCross sorts the failing cross-year equalities: one that is the sum of others (the 总计 column's
// X-1), with last year's figures adding up the same way, follows from the ones it sums; one through a
// wrong value follows from it; every other is a finding of its own.
func (a *analysis) relateCross(eqs []equation) {
	sort.SliceStable(eqs, func(i, j int) bool { return len(eqs[i].coef) < len(eqs[j].coef) })
	var b basis
	owner := make([]int, len(eqs))
	for i, e := range eqs {
		owner[i] = -1
		vec := make([]float64, len(a.sys.keys))
		for v, x := range e.coef {
			vec[v] = x
		}
		from, coef, dependent := b.add(i, vec)
		if !e.fails {
			continue
		}
		f := a.evalFinding(e)
		if dependent {
			predicted := 0.0
			var owners []int
			for _, j := range from {
				predicted += coef[j] * eqs[j].residual
				if eqs[j].fails && owner[j] >= 0 {
					owners = append(owners, owner[j])
				}
			}
			if len(owners) > 0 && abs(predicted-e.residual) < eps {
				owners = sorted(owners)
				owner[i] = owners[0]
				a.addCons(owners, e.order, a.consequence(f))
				continue
			}
		}
		if ks := a.knownAll(e); len(ks) > 0 {
			owner[i] = ks[0]
			a.addCons(ks, e.order, a.consequence(f))
			continue
		}
		if e.idn.Rule.ID == XCarry.ID {
			f.Message += "；如确有原因（如上年度数据有更正），请在“校验”工作表 X-1 行的说明栏写明"
		}
		owner[i] = len(a.items)
		a.items = append(a.items, f)
	}
}
