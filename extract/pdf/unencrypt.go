package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
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
	if r, ok := d["R"]; ok && r.k == kNum {
		p.r = int(r.num)
	}
	p.u = []byte(d["U"].s)
	p.ue = []byte(d["UE"].s)
	p.stmID = d["StmF"].s == "Identity"
	p.strID = d["StrF"].s == "Identity"
	p.noMeta = d["EncryptMetadata"].k == kOp && d["EncryptMetadata"].s == "false"
	return p, num, true
}

// objectDict lexes the dictionary of the object whose header starts at off.
func objectDict(data []byte, off int) (map[string]obj, bool) {
	l := &lexer{b: data[off:min(len(data), off+1<<16)]}
	for range 3 { // N G obj
		if _, ok := l.next(); !ok {
			return nil, false
		}
	}
	o, ok := l.next()
	if !ok || o.k != kDict {
		return nil, false
	}
	d := map[string]obj{}
	for i := 0; i+1 < len(o.arr); i += 2 {
		if o.arr[i].k == kName {
			d[o.arr[i].s] = o.arr[i+1]
		}
	}
	return d, true
}

// objectOffsets finds the objects by their headers ("N G obj"); a later definition replaces an earlier
// one, as an incremental update does.
func objectOffsets(data []byte) map[int]int {
	offs := map[int]int{}
	for _, m := range objHeaderRe.FindAllSubmatchIndex(data, maxObjects) {
		if n, err := strconv.Atoi(string(data[m[2]:m[3]])); err == nil && n > 0 && n < maxObjects {
			offs[n] = m[2]
		}
	}
	return offs
}

// decryptV5 returns data decrypted, data itself when it is not AES-256 encrypted, or an error: the file
// needs a user password (errUserPassword), or cannot be decrypted.
func decryptV5(data []byte, lim Limits) ([]byte, error) {
	if !bytes.Contains(data, []byte("/Encrypt")) {
		return data, nil
	}
	offs := objectOffsets(data)
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
	w := &rewriter{data: data, offs: offs, key: key, p: p, lim: lim, at: map[int]int{}, gen: map[int]int{}}
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
	roots := rootRe.FindAllSubmatch(data, -1)
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
	lim   Limits
	out   bytes.Buffer
	at    map[int]int // object number → offset in out
	gen   map[int]int // object number → generation
	total int64       // clear stream bytes written, against the decompression limit
}

// object rewrites the object whose header is at off.
func (w *rewriter) object(num, off int) error {
	l := &lexer{b: w.data, pos: off}
	l.next()
	g, _ := l.next()
	l.next()
	gen := int(g.num)
	body, dict, streamAt, err := w.body(l)
	if err != nil {
		return err
	}
	if streamAt < 0 {
		w.emit(num, gen, body, nil)
		return nil
	}
	typ := dict["Type"].s
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
	if w.total > w.lim.StreamBytes {
		return errLimit
	}
	if typ == "ObjStm" {
		return w.objStm(dict, clear)
	}
	w.emit(num, gen, body, clear)
	return nil
}

func sortedKeys(m map[int]int) []int { return slices.Sorted(maps.Keys(m)) }
