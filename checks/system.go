package checks

import (
	"math"
	"sort"
	"sync"

	"nianbao/model"
)

// The identities of a report are linear equations over its cells. A total whose value is the sum of its
// parts (a formula, or a typed total that adds up) is substituted by its parts; what remains are the
// variables: the input cells and the totals that do not add up. Written that way, an identity that holds
// after its faults are fixed is a linear combination of the identities those faults break, and a cell the
// unit can change is found by asking which variable alone would make every failing identity hold.

const eps = 1e-6

// equation is one identity of a report as a linear form over the variables of a system.
type equation struct {
	idn Identity
	// coef gives the coefficient of each variable (left side positive); zero coefficients are dropped.
	coef map[int]float64
	// left and right are the values of the two sides; residual is left − right.
	left, right, residual float64
	fails                 bool
	// order is the identity's place in spec order.
	order int
}

// system holds the variables of one report.
type system struct {
	r     *model.Report
	keys  []string       // key of each variable
	index map[string]int // variable of each key
	memo  map[string]map[int]float64
}

func newSystem(r *model.Report) *system {
	return &system{r: r, index: map[string]int{}, memo: map[string]map[int]float64{}}
}

// mismatched reports whether a total's value differs from the sum of its parts' values: only a typed total
// can, and it is then a variable of its own.
func mismatched(r *model.Report, c model.Cell) bool {
	return !c.Input() && math.Abs(r.Get(c.Key)-r.SumOf(c.Sum)) > eps
}

// form returns the linear form of one cell: itself when it is a variable, else the sum of its parts'.
func (s *system) form(key string) map[int]float64 {
	if m, ok := s.memo[key]; ok {
		return m
	}
	m := map[int]float64{}
	if c, ok := s.r.Cell(key); ok && !c.Input() && !mismatched(s.r, c) {
		for _, k := range c.Sum {
			for v, a := range s.form(k) {
				m[v] += a
			}
		}
	} else {
		v, ok := s.index[key]
		if !ok {
			v = len(s.keys)
			s.keys = append(s.keys, key)
			s.index[key] = v
		}
		m[v] = 1
	}
	s.memo[key] = m
	return m
}

// equation writes an identity (same-year terms as variables, last year's as constants) over the system.
func (s *system) equation(idn Identity, prev *model.Report) equation {
	e := equation{idn: idn, coef: map[int]float64{}}
	add := func(ts []Term, sign float64) {
		for _, t := range ts {
			if t.Prev {
				continue
			}
			for v, a := range s.form(t.Key) {
				e.coef[v] += sign * t.Sign * a
			}
		}
	}
	add(idn.Left, 1)
	add(idn.Right, -1)
	for v, a := range e.coef {
		if math.Abs(a) < eps {
			delete(e.coef, v)
		}
	}
	e.left, e.right = idn.Sides(s.r, prev)
	e.residual = model.Round(e.left - e.right)
	e.fails = !idn.Holds(e.left, e.right)
	return e
}

// vars returns the variables of an equation in reading order.
func (s *system) vars(e equation) []int {
	out := make([]int, 0, len(e.coef))
	for v := range e.coef {
		out = append(out, v)
	}
	s.inReadingOrder(out)
	return out
}

func (s *system) inReadingOrder(vs []int) {
	rank := readingRank()
	sort.Slice(vs, func(i, j int) bool { return rank[s.keys[vs[i]]] < rank[s.keys[vs[j]]] })
}

var (
	rankOnce sync.Once
	ranks    map[string]int
)

// readingRank gives every key of both versions its position in reading order (table, row, column).
func readingRank() map[string]int {
	rankOnce.Do(func() {
		ranks = map[string]int{}
		for _, v := range model.Versions {
			for i, c := range model.FormOf(v).Cells() {
				if _, ok := ranks[c.Key]; !ok {
					ranks[c.Key] = i
				}
			}
		}
	})
	return ranks
}

// basis splits equations into independent ones and the ones that are linear combinations of earlier ones.
// Equations are taken in the order given. For a dependent equation, from lists the independent equations
// its combination uses.
type basis struct {
	rows []basisRow
}

type basisRow struct {
	pivot int
	vec   []float64
	combo map[int]float64 // the row as a combination of the original equations
}

// add reduces equation i (its dense vector vec) by the rows so far. An independent equation is kept as a
// row; for a dependent one, add returns the indexes of the equations whose combination it is and its
// coefficient on each: vec = Σ coef[j]·vec_j.
func (b *basis) add(i int, vec []float64) (from []int, coef map[int]float64, dependent bool) {
	v := append([]float64(nil), vec...)
	combo := map[int]float64{i: 1}
	for _, row := range b.rows {
		f := v[row.pivot]
		if math.Abs(f) < eps {
			continue
		}
		f /= row.vec[row.pivot]
		for j, x := range row.vec {
			if x != 0 {
				v[j] -= f * x
			}
		}
		for j, x := range row.combo {
			combo[j] -= f * x
		}
	}
	pivot := -1
	for j, x := range v {
		if math.Abs(x) > eps {
			pivot = j
			break
		}
		v[j] = 0
	}
	if pivot >= 0 {
		b.rows = append(b.rows, basisRow{pivot: pivot, vec: v, combo: combo})
		return nil, nil, false
	}
	coef = map[int]float64{}
	for j, x := range combo {
		if j != i && math.Abs(x) > eps {
			from = append(from, j)
			coef[j] = -x / combo[i]
		}
	}
	sort.Ints(from)
	return from, coef, true
}
