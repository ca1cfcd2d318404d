package pdf

import (
	"math"
	"sort"
)

// Tables from ruling lines: collinear pieces are merged, lines that touch are grouped, and each group with
// at least two horizontal and two vertical lines is a table whose cell boundaries are the distinct x and y
// positions of its lines. Where a boundary line is missing between two cells they are one merged cell.

const (
	// joinTol is how close line ends and crossings must be to count as touching, in points.
	joinTol = 2.0
	// minCell is the least width or height of a row or column; closer lines (double rules) are one.
	minCell = 3.0
)

// lattice is one ruled table on a page: column boundaries xs (ascending), row boundaries ys (descending,
// top first), and for each cell the index of the merged cell it belongs to (its top-left cell, row-major).
type lattice struct {
	xs, ys []float64
	owner  []int // owner[r*cols+c] = r0*cols+c0 of the merged cell
	hs, vs []segment
}

func (t *lattice) rows() int { return len(t.ys) - 1 }
func (t *lattice) cols() int { return len(t.xs) - 1 }

// cellAt returns the cell (row, col) holding the point, or ok=false outside the table.
func (t *lattice) cellAt(x, y float64) (r, c int, ok bool) {
	c = sort.SearchFloat64s(t.xs, x) - 1
	if c < 0 || c >= t.cols() {
		return 0, 0, false
	}
	r = -1
	for i := 0; i+1 < len(t.ys); i++ {
		if y <= t.ys[i] && y > t.ys[i+1] {
			r = i
			break
		}
	}
	return r, c, r >= 0
}

// lattices finds the ruled tables among a page's segments.
func lattices(segs []segment) []*lattice {
	var hs, vs []segment
	for _, s := range segs {
		if s.y0 == s.y1 {
			hs = append(hs, s)
		} else {
			vs = append(vs, s)
		}
	}
	hs = mergeCollinear(hs, true)
	vs = mergeCollinear(vs, false)
	// Group lines that touch: union-find over horizontals (0…) and verticals (len(hs)…).
	sets := newSets(len(hs) + len(vs))
	for i, h := range hs {
		for j, v := range vs {
			if v.x0 >= h.x0-joinTol && v.x0 <= h.x1+joinTol && h.y0 >= v.y0-joinTol && h.y0 <= v.y1+joinTol {
				sets.union(i, len(hs)+j)
			}
		}
	}
	groups := map[int]*lattice{}
	var order []int
	for i := range sets {
		g := sets.find(i)
		t, ok := groups[g]
		if !ok {
			t = &lattice{}
			groups[g] = t
			order = append(order, g)
		}
		if i < len(hs) {
			t.hs = append(t.hs, hs[i])
		} else {
			t.vs = append(t.vs, vs[i-len(hs)])
		}
	}
	var out []*lattice
	for _, g := range order {
		t := groups[g]
		if len(t.hs) < 2 || len(t.vs) < 2 {
			continue
		}
		var xs, ys []float64
		for _, v := range t.vs {
			xs = append(xs, v.x0)
		}
		for _, h := range t.hs {
			ys = append(ys, h.y0)
		}
		t.xs = cluster(xs)
		t.ys = cluster(ys)
		sort.Sort(sort.Reverse(sort.Float64Slice(t.ys)))
		if t.rows() < 1 || t.cols() < 2 {
			continue // a frame around text (a page border, a text box) or a single ruled column is no table;
			// one row of cells may be the end of a table on the page before
		}
		t.merge()
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ys[0] > out[j].ys[0] })
	return out
}

// mergeCollinear joins overlapping or touching pieces of the same line.
func mergeCollinear(segs []segment, horizontal bool) []segment {
	key := func(s segment) (float64, float64, float64) { // position across, start and end along
		if horizontal {
			return s.y0, s.x0, s.x1
		}
		return s.x0, s.y0, s.y1
	}
	sort.Slice(segs, func(i, j int) bool {
		pi, si, _ := key(segs[i])
		pj, sj, _ := key(segs[j])
		if math.Abs(pi-pj) > 1 {
			return pi < pj
		}
		return si < sj
	})
	var out []segment
	for _, s := range segs {
		if n := len(out); n > 0 {
			lp, _, le := key(out[n-1])
			p, st, e := key(s)
			if math.Abs(lp-p) <= 1 && st <= le+joinTol {
				if horizontal {
					out[n-1].x1 = math.Max(le, e)
				} else {
					out[n-1].y1 = math.Max(le, e)
				}
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// cluster returns the distinct positions of vs, ascending, treating positions closer than minCell as one.
func cluster(vs []float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	var sum float64
	n := 0
	for i, v := range vs {
		if i > 0 && v-vs[i-1] >= minCell {
			out = append(out, sum/float64(n))
			sum, n = 0, 0
		}
		sum += v
		n++
	}
	if n > 0 {
		out = append(out, sum/float64(n))
	}
	return out
}

// hasV reports whether a vertical line at x covers height y; hasH whether a horizontal line at y covers x.
func (t *lattice) hasV(x, y float64) bool {
	for _, v := range t.vs {
		if math.Abs(v.x0-x) < minCell && y >= v.y0-joinTol && y <= v.y1+joinTol {
			return true
		}
	}
	return false
}

func (t *lattice) hasH(y, x float64) bool {
	for _, h := range t.hs {
		if math.Abs(h.y0-y) < minCell && x >= h.x0-joinTol && x <= h.x1+joinTol {
			return true
		}
	}
	return false
}

// merge finds the merged cells: neighbours without a line between them belong together.
func (t *lattice) merge() {
	rows, cols := t.rows(), t.cols()
	sets := newSets(rows * cols)
	union := sets.union
	for r := 0; r < rows; r++ {
		ym := (t.ys[r] + t.ys[r+1]) / 2
		for c := 0; c < cols; c++ {
			xm := (t.xs[c] + t.xs[c+1]) / 2
			if c+1 < cols && !t.hasV(t.xs[c+1], ym) {
				union(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && !t.hasH(t.ys[r+1], xm) {
				union(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	t.owner = make([]int, rows*cols)
	for i := range sets {
		t.owner[i] = sets.find(i) // the smallest index of a set is its top-left cell for a rectangular merge
	}
}

// sets is a union-find over 0…n-1 whose representative is the smallest member.
type sets []int

func newSets(n int) sets {
	s := make(sets, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (s sets) find(i int) int {
	for s[i] != i {
		s[i] = s[s[i]]
		i = s[i]
	}
	return i
}

func (s sets) union(a, b int) {
	ra, rb := s.find(a), s.find(b)
	if ra < rb {
		s[rb] = ra
	} else if rb < ra {
		s[ra] = rb
	}
}
