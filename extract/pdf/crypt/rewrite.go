package crypt

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"nianbao/extract/pdf/lex"
)

// The rewriting of one object of an AES-256 file: its body with clear strings, its stream, the objects of
// an object stream, and the new cross-reference table.

// body copies an object's body up to "stream" or "endobj", strings decrypted and written as hex strings,
// the outer dictionary's /Length left out. It returns the copy, the outer dictionary's entries, and the
// offset of the stream keyword's end (or -1 without a stream).
func (w *rewriter) body(l *lex.Lexer) ([]byte, map[string]lex.Obj, int, error) {
	var b bytes.Buffer
	dict := map[string]lex.Obj{}
	depth, arrays := 0, 0 // dictionary and array nesting
	var key string        // the last name at depth 1, while its value is read
	for {
		l.Skip()
		if l.Pos >= len(l.B) {
			return nil, nil, -1, errors.New("no endobj")
		}
		start := l.Pos
		c := l.B[l.Pos]
		switch {
		case c == '<' && l.Pos+1 < len(l.B) && l.B[l.Pos+1] == '<':
			l.Pos += 2
			depth++
			if depth == 2 && arrays == 0 {
				key = "" // a dictionary value
			}
			b.WriteString("<<")
			continue
		case c == '>' && l.Pos+1 < len(l.B) && l.B[l.Pos+1] == '>':
			l.Pos += 2
			depth--
			b.WriteString(">>")
			continue
		case c == '(' || c == '<':
			var s string
			if c == '(' {
				s = l.Literal()
			} else {
				s = l.Hex()
			}
			if !w.p.strID {
				s = string(decryptAESV3(w.key, []byte(s)))
			}
			b.WriteString("<" + hex.EncodeToString([]byte(s)) + ">")
			key = ""
			continue
		case c == '[' || c == ']' || c == '{' || c == '}':
			l.Pos++
			if c == '[' {
				if depth == 1 && arrays == 0 {
					key = "" // an array value
				}
				arrays++
			} else if c == ']' && arrays > 0 {
				arrays--
			}
			b.WriteByte(c)
			continue
		}
		o, _ := l.Next()
		if o.K == lex.Op && (o.S == "stream" || o.S == "endobj") {
			if o.S == "endobj" {
				return b.Bytes(), dict, -1, nil
			}
			return b.Bytes(), dict, l.Pos, nil
		}
		if depth != 1 || arrays > 0 {
			// inside a value
		} else if o.K == lex.Name && key == "" {
			key = o.S
			if key == "Length" {
				w.skipLength(l, dict)
				key = ""
				continue
			}
		} else if key != "" {
			dict[key] = o
			key = ""
		}
		b.WriteByte(' ')
		b.Write(l.B[start:l.Pos])
		b.WriteByte(' ')
	}
}

// skipLength passes the value of /Length (a number, or a reference N G R) and records it in dict: the
// number, or the referenced object's number as a name "ref N".
func (w *rewriter) skipLength(l *lex.Lexer, dict map[string]lex.Obj) {
	save := l.Pos
	a, ok := l.Next()
	if !ok || a.K != lex.Num {
		l.Pos = save
		return
	}
	dict["Length"] = a
	after := l.Pos
	g, ok1 := l.Next()
	r, ok2 := l.Next()
	if ok1 && ok2 && g.K == lex.Num && r.K == lex.Op && r.S == "R" {
		dict["Length"] = lex.Obj{K: lex.Name, S: "ref", Num: a.Num}
		return
	}
	l.Pos = after
}

// streamData returns the raw bytes of a stream whose keyword ends at at.
func (w *rewriter) streamData(dict map[string]lex.Obj, at int) ([]byte, error) {
	if at < len(w.data) && w.data[at] == '\r' {
		at++
	}
	if at < len(w.data) && w.data[at] == '\n' {
		at++
	}
	n := -1
	if v, ok := dict["Length"]; ok && v.K == lex.Num {
		n = int(v.Num)
	} else if ok && v.S == "ref" {
		if off, ok := w.offs[int(v.Num)]; ok {
			l := &lex.Lexer{B: w.data[off:min(len(w.data), off+64)]}
			for range 3 {
				l.Next()
			}
			if o, ok := l.Next(); ok && o.K == lex.Num {
				n = int(o.Num)
			}
		}
	}
	if n < 0 || at+n > len(w.data) || !bytes.Contains(w.data[at+n:min(len(w.data), at+n+32)], []byte("endstream")) {
		i := bytes.Index(w.data[at:], []byte("endstream"))
		if i < 0 {
			return nil, errors.New("no endstream")
		}
		n = i
	}
	return w.data[at : at+n], nil
}

// objStm writes the objects of a decrypted object stream as plain objects.
func (w *rewriter) objStm(dict map[string]lex.Obj, data []byte) error {
	if f := dict["Filter"]; f.K == lex.Name && f.S == "FlateDecode" {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return err
		}
		data, err = io.ReadAll(io.LimitReader(zr, w.limit+1))
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return err
		}
		if int64(len(data)) > w.limit {
			return ErrLimit
		}
	} else if f.K != lex.None {
		return errors.New("object stream filter")
	}
	n, first := int(dict["N"].Num), int(dict["First"].Num)
	if first < 0 || first > len(data) || n < 0 || n > lex.MaxObjects {
		return errors.New("object stream header")
	}
	l := &lex.Lexer{B: data[:first]}
	type entry struct{ num, off int }
	var es []entry
	for range n {
		a, ok1 := l.Next()
		b, ok2 := l.Next()
		if !ok1 || !ok2 {
			break
		}
		es = append(es, entry{int(a.Num), int(b.Num)})
	}
	for i, e := range es {
		end := len(data)
		if i+1 < len(es) {
			end = first + es[i+1].off
		}
		start := first + e.off
		if start < first || start > end || end > len(data) {
			return errors.New("object stream offsets")
		}
		if _, newer := w.at[e.num]; !newer {
			w.emit(e.num, 0, data[start:end], nil)
		}
	}
	return nil
}

// emit writes one object.
func (w *rewriter) emit(num, gen int, body, stream []byte) {
	w.at[num] = w.out.Len()
	w.gen[num] = gen
	fmt.Fprintf(&w.out, "%d %d obj\n", num, gen)
	if stream == nil {
		w.out.Write(body)
		w.out.WriteString("\nendobj\n")
		return
	}
	// The /Length of the clear stream goes first into the outer dictionary.
	if i := bytes.Index(body, []byte("<<")); i >= 0 {
		w.out.Write(body[:i+2])
		fmt.Fprintf(&w.out, " /Length %d", len(stream))
		w.out.Write(body[i+2:])
	} else {
		w.out.Write(body)
	}
	w.out.WriteString("\nstream\n")
	w.out.Write(stream)
	w.out.WriteString("\nendstream\nendobj\n")
}

// finish appends the cross-reference table and the trailer.
func (w *rewriter) finish(root []byte) []byte {
	top := 0
	for n := range w.at {
		top = max(top, n)
	}
	x := w.out.Len()
	fmt.Fprintf(&w.out, "xref\n0 %d\n0000000000 65535 f \n", top+1)
	for n := 1; n <= top; n++ {
		if off, ok := w.at[n]; ok {
			fmt.Fprintf(&w.out, "%010d %05d n \n", off, w.gen[n])
		} else {
			w.out.WriteString("0000000000 00000 f \n")
		}
	}
	fmt.Fprintf(&w.out, "trailer\n<< /Size %d /Root %s >>\nstartxref\n%d\n%%%%EOF\n", top+1, root, x)
	return w.out.Bytes()
}
