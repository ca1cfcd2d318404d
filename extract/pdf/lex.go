package pdf

import (
	"bytes"
	"strconv"
)

// A small lexer for content streams and CMaps: numbers, names, strings, arrays, dictionaries and operators.
// It never panics and never loops without consuming input; malformed input yields whatever tokens it can.

// kind is the kind of a lexed object.
type kind int

const (
	kNone kind = iota
	kNum
	kName
	kStr
	kArray
	kDict
	kOp
)

// obj is one operand or operator of a content stream.
type obj struct {
	k   kind
	num float64
	s   string // name (without '/'), string bytes or operator
	arr []obj  // array elements, or a dictionary as key, value, key, value…
}

// lexer reads objects from b.
type lexer struct {
	b   []byte
	pos int
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

// skip passes white space and comments.
func (l *lexer) skip() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// next returns the next object, or ok=false at the end of the input.
func (l *lexer) next() (o obj, ok bool) { return l.nextDepth(0) }

func (l *lexer) nextDepth(depth int) (obj, bool) {
	l.skip()
	if l.pos >= len(l.b) {
		return obj{}, false
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		return obj{k: kName, s: string(l.b[start:l.pos])}, true
	case c == '(':
		return obj{k: kStr, s: l.literal()}, true
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		return l.collect(depth, kDict, ">>"), true
	case c == '<':
		return obj{k: kStr, s: l.hex()}, true
	case c == '[':
		l.pos++
		return l.collect(depth, kArray, "]"), true
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.pos++
		if c == '>' && l.pos < len(l.b) && l.b[l.pos] == '>' {
			l.pos++
			return obj{k: kOp, s: ">>"}, true
		}
		return obj{k: kOp, s: string(c)}, true
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	word := l.b[start:l.pos]
	if len(word) == 0 { // a stray delimiter
		l.pos++
		return obj{k: kOp, s: string(c)}, true
	}
	if c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
		if f, err := strconv.ParseFloat(string(word), 64); err == nil {
			return obj{k: kNum, num: f}, true
		}
		if f, ok := looseNumber(word); ok {
			return obj{k: kNum, num: f}, true
		}
	}
	return obj{k: kOp, s: string(word)}, true
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
func (l *lexer) collect(depth int, k kind, end string) obj {
	o := obj{k: k}
	if depth >= maxNest {
		return o
	}
	for {
		e, ok := l.nextDepth(depth + 1)
		if !ok || e.k == kOp && e.s == end {
			return o
		}
		o.arr = append(o.arr, e)
	}
}

// literal reads a (string) with its escapes and nested parentheses.
func (l *lexer) literal() string {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.pos >= len(l.b) {
				return string(out)
			}
			e := l.b[l.pos]
			l.pos++
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
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; i++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
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

// hex reads a <hex string>; an odd final digit counts as followed by 0.
func (l *lexer) hex() string {
	l.pos++ // <
	var out []byte
	var cur byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
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

// skipInlineImage passes the data of an inline image (after BI … ID) up to its EI operator.
func (l *lexer) skipInlineImage() {
	for l.pos < len(l.b) {
		i := bytes.Index(l.b[l.pos:], []byte("EI"))
		if i < 0 {
			l.pos = len(l.b)
			return
		}
		at := l.pos + i
		l.pos = at + 2
		if (at == 0 || isSpace(l.b[at-1])) && (l.pos >= len(l.b) || isSpace(l.b[l.pos])) {
			return
		}
	}
}
