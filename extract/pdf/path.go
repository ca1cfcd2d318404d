package pdf

import (
	"math"

	"nianbao/extract/pdf/lex"
)

// Ruling lines. Writers draw table borders as stroked lines or rectangles (Word, WPS, LibreOffice) or as
// thin filled rectangles (Chromium); both become horizontal and vertical segments in page space. Curves,
// clipping paths and large filled areas (cell shading, the page background) are not rulings.

const (
	// thinRule is the most a filled shape may measure across to count as a line.
	thinRule = 2.5
	// axisTol is how far from horizontal or vertical an edge may lean and still be a ruling.
	axisTol = 0.5
	// maxPathPoints bounds the points of one path.
	maxPathPoints = 1 << 16
)

// subpath is one subpath of the current path, in page space.
type subpath struct {
	pts    [][2]float64
	closed bool
}

// pathOp handles the path construction and painting operators; other operators are ignored.
func (in *interp) pathOp(op string, args []lex.Obj) {
	ctm := in.gs.ctm
	pt := func(x, y float64) [2]float64 {
		px, py := ctm.apply(x, y)
		return [2]float64{px, py}
	}
	switch op {
	case "m":
		in.subpaths = append(in.subpaths, subpath{pts: [][2]float64{pt(arg(args, 0), arg(args, 1))}})
	case "l":
		in.addPoint(pt(arg(args, 0), arg(args, 1)))
	case "c", "v", "y": // a curve: its end point only, and the subpath is no longer a ruling
		n := len(args)
		if n >= 2 {
			in.addPoint(pt(arg(args, n-2), arg(args, n-1)))
		}
		if k := len(in.subpaths); k > 0 {
			in.subpaths[k-1].pts = append(in.subpaths[k-1].pts, [2]float64{math.NaN(), math.NaN()})
		}
	case "re":
		x, y, w, h := arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3)
		in.subpaths = append(in.subpaths, subpath{pts: [][2]float64{pt(x, y), pt(x+w, y), pt(x+w, y+h), pt(x, y+h)}, closed: true})
	case "h":
		if k := len(in.subpaths); k > 0 {
			in.subpaths[k-1].closed = true
		}
	case "S", "s", "B", "B*", "b", "b*":
		in.stroke()
		in.subpaths = in.subpaths[:0]
	case "f", "F", "f*":
		in.fill()
		in.subpaths = in.subpaths[:0]
	case "n":
		in.subpaths = in.subpaths[:0]
	}
}

func (in *interp) addPoint(p [2]float64) {
	k := len(in.subpaths)
	if k == 0 {
		in.subpaths = append(in.subpaths, subpath{})
		k = 1
	}
	if len(in.subpaths[k-1].pts) < maxPathPoints {
		in.subpaths[k-1].pts = append(in.subpaths[k-1].pts, p)
	}
}

// addSeg keeps an edge when it is horizontal or vertical and not a dot.
func (in *interp) addSeg(a, b [2]float64) {
	if math.IsNaN(a[0]) || math.IsNaN(b[0]) || len(in.pg.segs) >= maxPathPoints*4 {
		return
	}
	dx, dy := math.Abs(a[0]-b[0]), math.Abs(a[1]-b[1])
	switch {
	case dy <= axisTol && dx > 1:
		y := (a[1] + b[1]) / 2
		in.pg.segs = append(in.pg.segs, segment{x0: math.Min(a[0], b[0]), y0: y, x1: math.Max(a[0], b[0]), y1: y})
	case dx <= axisTol && dy > 1:
		x := (a[0] + b[0]) / 2
		in.pg.segs = append(in.pg.segs, segment{x0: x, y0: math.Min(a[1], b[1]), x1: x, y1: math.Max(a[1], b[1])})
	}
}

// stroke turns the straight edges of the current path into rulings.
func (in *interp) stroke() {
	for _, sp := range in.subpaths {
		for i := 1; i < len(sp.pts); i++ {
			in.addSeg(sp.pts[i-1], sp.pts[i])
		}
		if sp.closed && len(sp.pts) > 2 {
			in.addSeg(sp.pts[len(sp.pts)-1], sp.pts[0])
		}
	}
}

// fill turns thin filled subpaths into rulings along their long side.
func (in *interp) fill() {
	for _, sp := range in.subpaths {
		if len(sp.pts) < 3 {
			continue
		}
		x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, p := range sp.pts {
			if math.IsNaN(p[0]) {
				x0 = math.NaN()
				break
			}
			x0, x1 = math.Min(x0, p[0]), math.Max(x1, p[0])
			y0, y1 = math.Min(y0, p[1]), math.Max(y1, p[1])
		}
		if math.IsNaN(x0) {
			continue
		}
		w, h := x1-x0, y1-y0
		switch {
		case h <= thinRule && w > 1:
			in.addSeg([2]float64{x0, (y0 + y1) / 2}, [2]float64{x1, (y0 + y1) / 2})
		case w <= thinRule && h > 1:
			in.addSeg([2]float64{(x0 + x1) / 2, y0}, [2]float64{(x0 + x1) / 2, y1})
		}
	}
}
