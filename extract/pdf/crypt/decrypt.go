package crypt

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"

	"nianbao/extract/pdf/lex"
)

// An AES-256 file is decrypted before the library sees it: every object is rewritten with its strings
// and streams in the clear (strings as hex strings, /Length set to the clear length), objects inside
// object streams become plain objects, cross-reference streams and the encryption dictionary are
// dropped, and a new cross-reference table and trailer (without /Encrypt) are appended. The result is an
// ordinary unencrypted PDF.

var (
	v5Re        = regexp.MustCompile(`/V\s+5\b`)
	trailerEncr = regexp.MustCompile(`/Encrypt\s+(\d+)\s+(\d+)\s+R`)
)

// isV5 reports whether data is encrypted with AES-256 (its trailer names an encryption dictionary of V 5).
func isV5(data []byte, offs map[int]int) (*v5Params, int, bool) {
	ms := trailerEncr.FindAllSubmatch(data, -1)
	if len(ms) == 0 {
		return nil, 0, false
	}
	num, _ := strconv.Atoi(string(ms[len(ms)-1][1]))
	off, ok := offs[num]
	if !ok {
		return nil, 0, false
	}
	d, ok := objectDict(data, off)
	if !ok || !v5Re.Match(data[off:min(len(data), off+4096)]) {
		return nil, 0, false
	}
	p := &v5Params{}
	if r, ok := d["R"]; ok && r.K == lex.Num {
		p.r = int(r.Num)
	}
	p.u = []byte(d["U"].S)
	p.ue = []byte(d["UE"].S)
	p.stmID = d["StmF"].S == "Identity"
	p.strID = d["StrF"].S == "Identity"
	p.noMeta = d["EncryptMetadata"].K == lex.Op && d["EncryptMetadata"].S == "false"
	return p, num, true
}

// objectDict lexes the dictionary of the object whose header starts at off.
func objectDict(data []byte, off int) (map[string]lex.Obj, bool) {
	l := &lex.Lexer{B: data[off:min(len(data), off+1<<16)]}
	for range 3 { // N G obj
		if _, ok := l.Next(); !ok {
			return nil, false
		}
	}
	o, ok := l.Next()
	if !ok || o.K != lex.Dict {
		return nil, false
	}
	d := map[string]lex.Obj{}
	for i := 0; i+1 < len(o.Arr); i += 2 {
		if o.Arr[i].K == lex.Name {
			d[o.Arr[i].S] = o.Arr[i+1]
		}
	}
	return d, true
}

// Decrypt returns data decrypted, data itself when it is not AES-256 encrypted, or an error: the file
// needs a user password (ErrUserPassword), its clear streams exceed streamBytes (ErrLimit), or it cannot
// be decrypted.
func Decrypt(data []byte, streamBytes int64) ([]byte, error) {
	if !bytes.Contains(data, []byte("/Encrypt")) {
		return data, nil
	}
	offs, _ := lex.Objects(data)
	p, encNum, ok := isV5(data, offs)
	if !ok {
		return data, nil
	}
	if p.r != 5 && p.r != 6 {
		return nil, fmt.Errorf("revision %d", p.r)
	}
	key, err := p.fileKey()
	if err != nil {
		return nil, err
	}
	w := &rewriter{data: data, offs: offs, key: key, p: p, limit: streamBytes, at: map[int]int{}, gen: map[int]int{}}
	w.out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	nums := sortedKeys(offs)
	for _, n := range nums {
		if n == encNum {
			continue
		}
		if err := w.object(n, offs[n]); err != nil {
			return nil, fmt.Errorf("object %d: %w", n, err)
		}
	}
	roots := lex.RootRef.FindAllSubmatch(data, -1)
	if len(roots) == 0 {
		return nil, errors.New("no /Root")
	}
	return w.finish(roots[len(roots)-1][1]), nil
}

// rewriter writes the decrypted file.
type rewriter struct {
	data  []byte
	offs  map[int]int
	key   []byte
	p     *v5Params
	limit int64 // the most clear stream bytes
	out   bytes.Buffer
	at    map[int]int // object number → offset in out
	gen   map[int]int // object number → generation
	total int64       // clear stream bytes written, against the decompression limit
}

// object rewrites the object whose header is at off.
func (w *rewriter) object(num, off int) error {
	l := &lex.Lexer{B: w.data, Pos: off}
	l.Next()
	g, _ := l.Next()
	l.Next()
	gen := int(g.Num)
	body, dict, streamAt, err := w.body(l)
	if err != nil {
		return err
	}
	if streamAt < 0 {
		w.emit(num, gen, body, nil)
		return nil
	}
	typ := dict["Type"].S
	if typ == "XRef" {
		return nil // replaced by the new cross-reference table
	}
	raw, err := w.streamData(dict, streamAt)
	if err != nil {
		return err
	}
	clear := raw
	if !w.p.stmID && !(typ == "Metadata" && w.p.noMeta) {
		clear = decryptAESV3(w.key, raw)
	}
	w.total += int64(len(clear))
	if w.total > w.limit {
		return ErrLimit
	}
	if typ == "ObjStm" {
		return w.objStm(dict, clear)
	}
	w.emit(num, gen, body, clear)
	return nil
}

func sortedKeys(m map[int]int) []int { return slices.Sorted(maps.Keys(m)) }
