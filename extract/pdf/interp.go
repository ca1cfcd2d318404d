package pdf

import (
	"fmt"
	"math"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"nianbao/extract/pdf/lex"
)

// The content-stream interpreter: the text operators place every character with its font's widths under
// the text and graphics matrices; the path operators give the ruling lines that tables are drawn with.

// matrix is an affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// glyph is one character placed on a page, in page space (y up): x0…x1 along its baseline y, h high.
type glyph struct {
	x0, x1, y, h float64
	text         string
	// spaceBefore is set when a space character was shown just before this one.
	spaceBefore bool
}

// segment is a horizontal or vertical ruling line, in page space.
type segment struct{ x0, y0, x1, y1 float64 }

// page is what the interpreter found on one page.
type page struct {
	n      int
	glyphs []glyph
	segs   []segment
	images int
	// unknown counts characters whose font gives no text.
	unknown int
}

// gstate is the part of the graphics state the reader needs.
type gstate struct {
	ctm                         matrix
	font                        *font
	size, tc, tw, th, tl, trise float64
}

// interp runs content streams for one page.
type interp struct {
	rd       *reader
	pg       *page
	gs       gstate
	stack    []gstate
	tm, tlm  matrix
	subpaths []subpath // the current path
	seen     map[[3]int64]bool
	space    bool // a space was shown since the last character
}

// run interprets the content of one page.
func (rd *reader) run(p pageRef, n int) (*page, error) {
	pg := &page{n: n}
	in := &interp{rd: rd, pg: pg, gs: gstate{ctm: identity, th: 1}, seen: map[[3]int64]bool{}}
	c := p.v.Key("Contents")
	var data []byte
	switch c.Kind() {
	case lpdf.Stream:
		b, err := rd.stream(c, rd.lim.StreamBytes)
		if err != nil {
			return pg, err
		}
		data = b
	case lpdf.Array:
		for i := 0; i < c.Len(); i++ {
			b, err := rd.stream(c.Index(i), rd.lim.StreamBytes)
			if err != nil {
				return pg, err
			}
			data = append(append(data, b...), '\n')
		}
	}
	return pg, in.exec(data, p.res, 0)
}

func num(o lex.Obj) float64 {
	if o.K != lex.Num || math.IsNaN(o.Num) || math.IsInf(o.Num, 0) {
		return 0
	}
	return o.Num
}

// exec interprets one content stream with its resources; depth counts nested form XObjects.
func (in *interp) exec(data []byte, res lpdf.Value, depth int) error {
	l := &lex.Lexer{B: data}
	fonts := map[string]*font{} // by resource name: looking a font up in the file is slow
	var fontRes lpdf.Value      // the Font resource dictionary, parsed on first use
	fontResRead := false
	var args []lex.Obj
	for {
		o, ok := l.Next()
		if !ok {
			return nil
		}
		if o.K != lex.Op {
			if len(args) < 64 {
				args = append(args, o)
			}
			continue
		}
		in.rd.ops++
		if in.rd.ops > in.rd.lim.Ops {
			return fmt.Errorf("超过 %d 个绘制指令%w", in.rd.lim.Ops, errLimit)
		}
		if in.rd.ops%4096 == 0 && time.Now().After(in.rd.deadline) {
			return fmt.Errorf("读取超过 %v%w", in.rd.lim.Time, errLimit)
		}
		if o.S == "Tf" && len(args) == 2 && args[0].K == lex.Name {
			f, ok := fonts[args[0].S]
			if !ok {
				if !fontResRead {
					fontRes, fontResRead = res.Key("Font"), true
				}
				f = in.rd.font(fontRes, args[0].S)
				fonts[args[0].S] = f
			}
			in.gs.font, in.gs.size = f, num(args[1])
			args = args[:0]
			continue
		}
		if err := in.op(o.S, args, res, depth, l); err != nil {
			return err
		}
		args = args[:0]
	}
}

func arg(args []lex.Obj, i int) float64 {
	if i < len(args) {
		return num(args[i])
	}
	return 0
}

// op runs one operator.
func (in *interp) op(op string, args []lex.Obj, res lpdf.Value, depth int, l *lex.Lexer) error {
	gs := &in.gs
	switch op {
	case "q":
		if len(in.stack) < maxStateDepth {
			in.stack = append(in.stack, *gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			*gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if len(args) == 6 {
			gs.ctm = matrix{arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3), arg(args, 4), arg(args, 5)}.mul(gs.ctm)
		}
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tc":
		gs.tc = arg(args, 0)
	case "Tw":
		gs.tw = arg(args, 0)
	case "Tz":
		gs.th = arg(args, 0) / 100
	case "TL":
		gs.tl = arg(args, 0)
	case "Ts":
		gs.trise = arg(args, 0)
	case "Td":
		in.tlm = matrix{1, 0, 0, 1, arg(args, 0), arg(args, 1)}.mul(in.tlm)
		in.tm = in.tlm
	case "TD":
		gs.tl = -arg(args, 1)
		in.tlm = matrix{1, 0, 0, 1, arg(args, 0), arg(args, 1)}.mul(in.tlm)
		in.tm = in.tlm
	case "Tm":
		if len(args) == 6 {
			in.tlm = matrix{arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3), arg(args, 4), arg(args, 5)}
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(args) > 0 {
			in.show(args[len(args)-1].S)
		}
	case "'":
		in.nextLine()
		if len(args) > 0 {
			in.show(args[len(args)-1].S)
		}
	case "\"":
		if len(args) == 3 {
			gs.tw, gs.tc = num(args[0]), num(args[1])
			in.nextLine()
			in.show(args[2].S)
		}
	case "TJ":
		if len(args) > 0 {
			for _, e := range args[len(args)-1].Arr {
				if e.K == lex.Str {
					in.show(e.S)
				} else if e.K == lex.Num {
					tx := -num(e) / 1000 * gs.size * gs.th
					in.tm = matrix{1, 0, 0, 1, tx, 0}.mul(in.tm)
				}
			}
		}
	case "Do":
		if len(args) > 0 && args[0].K == lex.Name {
			return in.do(res, args[0].S, depth)
		}
	case "BI":
		for { // the image dictionary up to ID, then the data up to EI
			o, ok := l.Next()
			if !ok || o.K == lex.Op && o.S == "ID" {
				break
			}
		}
		l.SkipInlineImage()
		in.pg.images++
	default:
		in.pathOp(op, args)
	}
	return nil
}

// do runs a form XObject, or counts an image.
func (in *interp) do(res lpdf.Value, name string, depth int) error {
	x := res.Key("XObject").Key(name)
	switch x.Key("Subtype").Name() {
	case "Image":
		in.pg.images++
	case "Form":
		if depth >= maxFormDepth {
			return nil
		}
		data, err := in.rd.stream(x, in.rd.lim.StreamBytes)
		if err != nil {
			return nil // an unreadable form is skipped like an unreadable image
		}
		saved, savedStack := in.gs, len(in.stack)
		if m := x.Key("Matrix"); m.Len() == 6 {
			var fm matrix
			for i := range fm {
				fm[i] = m.Index(i).Float64()
			}
			in.gs.ctm = fm.mul(in.gs.ctm)
		}
		r := x.Key("Resources")
		if r.Kind() != lpdf.Dict {
			r = res
		}
		savedTm, savedTlm := in.tm, in.tlm
		err = in.exec(data, r, depth+1)
		in.gs, in.stack = saved, in.stack[:min(savedStack, len(in.stack))]
		in.tm, in.tlm = savedTm, savedTlm
		return err
	}
	return nil
}
