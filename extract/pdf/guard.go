package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"nianbao/extract/pdf/lex"
)

// Checks made on the raw bytes before the parsing library sees them. The library allocates its
// cross-reference table from the sizes a file declares and follows /Prev and /Extends chains without
// remembering where it has been; a hostile file could make it allocate gigabytes or loop. These checks
// refuse such files, and repair two harmless deviations real files have (a PDF 2.0 header, bytes after
// the final %%EOF, which some web servers append).

var (
	sizeRe    = regexp.MustCompile(`/Size\s+(\d+)`)
	indexRe   = regexp.MustCompile(`/Index\s*\[([0-9\s]*)\]`)
	prevRe    = regexp.MustCompile(`/Prev\s+(\d+)`)
	lengthRe  = regexp.MustCompile(`/Length\s+(\d+)(?:\s*[/>])`)
	startxref = []byte("startxref")
)

// prepare checks data and returns the bytes to parse (data itself, or a repaired copy).
func prepare(data []byte, lim Limits) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, damaged("文件开头不是 %PDF-")
	}
	if bytes.HasPrefix(data, []byte("%PDF-2.")) {
		data = append([]byte(nil), data...)
		copy(data, "%PDF-1.7")
	}
	if i := bytes.LastIndex(data, []byte("%%EOF")); i >= 0 && len(data)-i > 64 {
		data = data[:i+5]
	}
	for _, m := range sizeRe.FindAllSubmatch(data, -1) {
		if n, err := strconv.Atoi(string(m[1])); err != nil || n > lex.MaxObjects {
			return nil, limited(fmt.Sprintf("声明了 %s 个对象", m[1]))
		}
	}
	for _, m := range indexRe.FindAllSubmatch(data, -1) {
		f := bytes.Fields(m[1])
		for i := 0; i+1 < len(f); i += 2 {
			a, e1 := strconv.Atoi(string(f[i]))
			b, e2 := strconv.Atoi(string(f[i+1]))
			if e1 != nil || e2 != nil || a+b > lex.MaxObjects {
				return nil, limited("交叉引用流的对象编号过大")
			}
		}
	}
	if err := checkXrefTables(data); err != nil {
		return nil, err
	}
	if err := checkPrevChain(data); err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("/Extends")) {
		return nil, damaged("使用了不支持的对象流扩展（/Extends）")
	}
	if err := checkObjStreams(data, lim.StreamBytes); err != nil {
		return nil, err
	}
	return data, nil
}

var objStmRe = regexp.MustCompile(`/Type\s*/ObjStm\b`)

// checkObjStreams inflates every object stream once, up to limit bytes: the library decompresses an object
// stream again for each object it takes from it, so a deflate bomb there would cost its full size each time.
// Streams whose /Length is not a plain number are left to the library.
func checkObjStreams(data []byte, limit int64) error {
	for _, loc := range objStmRe.FindAllIndex(data, 1000) {
		start := bytes.LastIndex(data[:loc[0]], []byte("<<"))
		end := bytes.Index(data[loc[1]:], []byte("stream"))
		if start < 0 || end < 0 {
			continue
		}
		dict := data[start : loc[1]+end]
		m := lengthRe.FindSubmatch(dict)
		if m == nil || !bytes.Contains(dict, []byte("/FlateDecode")) {
			continue
		}
		n, err := strconv.Atoi(string(m[1]))
		body := loc[1] + end + len("stream")
		for body < len(data) && (data[body] == '\r' || data[body] == '\n') {
			body++
		}
		if err != nil || n < 0 || body+n > len(data) {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(data[body : body+n]))
		if err != nil {
			continue
		}
		got, _ := io.Copy(io.Discard, io.LimitReader(zr, limit+1))
		if got > limit {
			return limited(fmt.Sprintf("对象流解压后超过 %d 字节", limit))
		}
	}
	return nil
}

// checkXrefTables bounds the subsections of classic cross-reference tables ("xref\n0 6\n…").
func checkXrefTables(data []byte) error {
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("xref"))
		if i < 0 {
			return nil
		}
		off += i + 4
		if off-4 > 0 && data[off-5] != '\n' && data[off-5] != '\r' && data[off-5] != ' ' {
			continue // part of "startxref" or of some text
		}
		l := &lex.Lexer{B: data, Pos: off}
		for sections := 0; sections < 10000; sections++ {
			a, ok1 := l.Next()
			b, ok2 := l.Next()
			if !ok1 || !ok2 || a.K != lex.Num || b.K != lex.Num {
				break
			}
			if a.Num < 0 || b.Num < 0 || a.Num+b.Num > lex.MaxObjects {
				return limited("交叉引用表的对象编号过大")
			}
			for k := 0; k < int(b.Num)*3; k++ {
				if _, ok := l.Next(); !ok {
					break
				}
			}
		}
	}
}

// checkPrevChain follows the chain of cross-reference sections from the last startxref and refuses one
// that comes back to a section already seen.
func checkPrevChain(data []byte) error {
	i := bytes.LastIndex(data, startxref)
	if i < 0 {
		return nil // the library says what is missing
	}
	l := &lex.Lexer{B: data, Pos: i + len(startxref)}
	o, ok := l.Next()
	if !ok || o.K != lex.Num {
		return nil
	}
	seen := map[int]bool{}
	for off := int(o.Num); off >= 0 && off < len(data); {
		if seen[off] || len(seen) > 1000 {
			return damaged("交叉引用表形成循环")
		}
		seen[off] = true
		end := bytes.Index(data[off:], startxref)
		if end < 0 {
			end = len(data) - off
		}
		m := prevRe.FindSubmatch(data[off : off+end])
		if m == nil {
			return nil
		}
		next, err := strconv.Atoi(string(m[1]))
		if err != nil {
			return damaged("交叉引用表的 /Prev 无效")
		}
		off = next
	}
	return nil
}
