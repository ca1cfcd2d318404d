// Package lex is the small lexer of the PDF reader: numbers, names, strings, arrays, dictionaries and
// operators of content streams, CMaps and object bodies. It never panics and never loops without
// consuming input; malformed input yields whatever tokens it can.
package lex

import (
	"bytes"
	"strconv"
)

// Kind is the kind of a lexed object.
type Kind int

// The kinds of lexed objects.
const (
	None Kind = iota
	Num
	Name
	Str
	Array
	Dict
	Op
)

// Obj is one operand or operator of a content stream.
type Obj struct {
	K   Kind
	Num float64
	S   string // name (without '/'), string bytes or operator
	Arr []Obj  // array elements, or a dictionary as key, value, key, value…
}

// Lexer reads objects from B, starting at Pos.
type Lexer struct {
	B   []byte // the input
	Pos int    // the offset of the next byte to read
}

// maxNest bounds array and dictionary nesting in content streams.
const maxNest = 32

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' ||
		c == '/' || c == '%'
}

// Skip passes white space and comments.
func (l *Lexer) Skip() {
	for l.Pos < len(l.B) {
		c := l.B[l.Pos]
		switch {
		case isSpace(c):
			l.Pos++
		case c == '%':
			for l.Pos < len(l.B) && l.B[l.Pos] != '\n' && l.B[l.Pos] != '\r' {
				l.Pos++
			}
		default:
			return
		}
	}
}

// Next returns the next object, or ok=false at the end of the input.
func (l *Lexer) Next() (o Obj, ok bool) { return l.nextDepth(0) }

func (l *Lexer) nextDepth(depth int) (Obj, bool) {
	l.Skip()
	if l.Pos >= len(l.B) {
		return Obj{}, false
	}
	c := l.B[l.Pos]
	switch {
	case c == '/':
		l.Pos++
		start := l.Pos
		for l.Pos < len(l.B) && !isSpace(l.B[l.Pos]) && !isDelim(l.B[l.Pos]) {
			l.Pos++
		}
		return Obj{K: Name, S: string(l.B[start:l.Pos])}, true
	case c == '(':
		return Obj{K: Str, S: l.Literal()}, true
	case c == '<' && l.Pos+1 < len(l.B) && l.B[l.Pos+1] == '<':
		l.Pos += 2
		return l.collect(depth, Dict, ">>"), true
	case c == '<':
		return Obj{K: Str, S: l.Hex()}, true
	case c == '[':
		l.Pos++
		return l.collect(depth, Array, "]"), true
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.Pos++
		if c == '>' && l.Pos < len(l.B) && l.B[l.Pos] == '>' {
			l.Pos++
			return Obj{K: Op, S: ">>"}, true
		}
		return Obj{K: Op, S: string(c)}, true
	}
	start := l.Pos
	for l.Pos < len(l.B) && !isSpace(l.B[l.Pos]) && !isDelim(l.B[l.Pos]) {
		l.Pos++
	}
	word := l.B[start:l.Pos]
	if len(word) == 0 { // a stray delimiter
		l.Pos++
		return Obj{K: Op, S: string(c)}, true
	}
	if c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
		if f, err := strconv.ParseFloat(string(word), 64); err == nil {
			return Obj{K: Num, Num: f}, true
		}
		if f, ok := looseNumber(word); ok {
			return Obj{K: Num, Num: f}, true
		}
	}
	return Obj{K: Op, S: string(word)}, true
}

// looseNumber reads numbers some writers produce that strconv refuses ("--5", "1.2.3" is refused).
func looseNumber(w []byte) (float64, bool) {
	t := bytes.TrimLeft(w, "+-")
	neg := len(w)-len(t) == 1 && w[0] == '-'
	f, err := strconv.ParseFloat(string(t), 64)
	if err != nil {
		return 0, false
	}
	if neg {
		f = -f
	}
	return f, true
}

// collect reads the elements of an array or dictionary up to its closing token.
func (l *Lexer) collect(depth int, k Kind, end string) Obj {
	o := Obj{K: k}
	if depth >= maxNest {
		return o
	}
	for {
		e, ok := l.nextDepth(depth + 1)
		if !ok || e.K == Op && e.S == end {
			return o
		}
		o.Arr = append(o.Arr, e)
	}
}

// Literal reads a (string) with its escapes and nested parentheses.
func (l *Lexer) Literal() string {
	l.Pos++ // (
	var out []byte
	depth := 1
	for l.Pos < len(l.B) {
		c := l.B[l.Pos]
		l.Pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.Pos >= len(l.B) {
				return string(out)
			}
			e := l.B[l.Pos]
			l.Pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.Pos < len(l.B) && l.B[l.Pos] == '\n' {
					l.Pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && l.Pos < len(l.B) && l.B[l.Pos] >= '0' && l.B[l.Pos] <= '7'; i++ {
						v = v*8 + int(l.B[l.Pos]-'0')
						l.Pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// Hex reads a <hex string>; an odd final digit counts as followed by 0.
func (l *Lexer) Hex() string {
	l.Pos++ // <
	var out []byte
	var cur byte
	half := false
	for l.Pos < len(l.B) {
		c := l.B[l.Pos]
		l.Pos++
		var v byte
		switch {
		case c == '>':
			if half {
				out = append(out, cur<<4)
			}
			return string(out)
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, cur<<4|v)
		} else {
			cur = v
		}
		half = !half
	}
	return string(out)
}

// SkipInlineImage passes the data of an inline image (after BI … ID) up to its EI operator.
func (l *Lexer) SkipInlineImage() {
	for l.Pos < len(l.B) {
		i := bytes.Index(l.B[l.Pos:], []byte("EI"))
		if i < 0 {
			l.Pos = len(l.B)
			return
		}
		at := l.Pos + i
		l.Pos = at + 2
		if (at == 0 || isSpace(l.B[at-1])) && (l.Pos >= len(l.B) || isSpace(l.B[l.Pos])) {
			return
		}
	}
}
