package biff

import (
	"strconv"
	"unicode/utf16"

	"nianbao/xlsx/read/book"
)

// segReader reads bytes across the segments of a record and its CONTINUE records. Characters of a string
// split across a CONTINUE boundary resume after a fresh flags byte (compressed or UTF-16); other data
// (headers, rich-text runs, phonetic blocks) simply carries on.
type segReader struct {
	segs [][]byte
	i    int // current segment
	off  int // offset in it
}

// byte_ returns the next byte; ok is false at the end of the data.
func (r *segReader) byte_() (byte, bool) {
	for r.i < len(r.segs) && r.off >= len(r.segs[r.i]) {
		r.i, r.off = r.i+1, 0
	}
	if r.i >= len(r.segs) {
		return 0, false
	}
	b := r.segs[r.i][r.off]
	r.off++
	return b, true
}

func (r *segReader) u16() (int, bool) {
	a, ok1 := r.byte_()
	b, ok2 := r.byte_()
	return int(a) | int(b)<<8, ok1 && ok2
}

func (r *segReader) u32() (int, bool) {
	a, ok1 := r.u16()
	b, ok2 := r.u16()
	return a | b<<16, ok1 && ok2
}

// atEnd reports whether all data has been read.
func (r *segReader) atEnd() bool {
	for r.i < len(r.segs) && r.off >= len(r.segs[r.i]) {
		r.i, r.off = r.i+1, 0
	}
	return r.i >= len(r.segs)
}

// skip passes n bytes, crossing segments; false when the data ends first.
func (r *segReader) skip(n int) bool {
	for n > 0 {
		if r.i >= len(r.segs) {
			return false
		}
		k := min(n, len(r.segs[r.i])-r.off)
		r.off += k
		n -= k
		if r.off >= len(r.segs[r.i]) {
			r.i, r.off = r.i+1, 0
		}
	}
	return true
}

// chars reads n characters starting with the given width; at a segment boundary inside them a new flags
// byte gives the width of the rest.
func (r *segReader) chars(n int, high bool) ([]uint16, bool) {
	u := make([]uint16, 0, min(n, 4096))
	for len(u) < n {
		if r.i >= len(r.segs) {
			return nil, false
		}
		if r.off >= len(r.segs[r.i]) { // boundary inside the string
			r.i, r.off = r.i+1, 0
			f, ok := r.byte_()
			if !ok {
				return nil, false
			}
			high = f&1 != 0
			continue
		}
		seg := r.segs[r.i]
		if !high {
			u = append(u, uint16(seg[r.off]))
			r.off++
		} else {
			if r.off+2 > len(seg) {
				return nil, false
			}
			u = append(u, uint16(seg[r.off])|uint16(seg[r.off+1])<<8)
			r.off += 2
		}
	}
	return u, true
}

// readSST reads the shared string table from an SST record and its CONTINUE records, within the limits on
// the number of strings and their length. The count the record declares is not trusted for allocation.
func readSST(segs [][]byte, lim book.Limits) ([]string, error) {
	r := &segReader{segs: segs}
	if _, ok := r.u32(); !ok { // cstTotal, the number of references
		return nil, book.Corrupt("", "", "共享字符串表不完整", nil)
	}
	n, ok := r.u32()
	if !ok || n < 0 {
		return nil, book.Corrupt("", "", "共享字符串表不完整", nil)
	}
	if n > lim.MaxStrings {
		return nil, book.TooLarge("", book.LimitStrings, strconv.Itoa(lim.MaxStrings))
	}
	out := make([]string, 0, min(n, 1<<16))
	for len(out) < n {
		if r.atEnd() {
			break // fewer strings than declared, as some writers leave it: a reference past them fails
		}
		cch, ok1 := r.u16()
		flags, ok2 := r.byte_()
		if !ok1 || !ok2 {
			return nil, book.Corrupt("", "", "共享字符串表不完整", nil)
		}
		runs, ext := 0, 0
		if flags&8 != 0 {
			runs, ok1 = r.u16()
		}
		if flags&4 != 0 {
			ext, ok2 = r.u32()
		}
		if !ok1 || !ok2 || ext < 0 {
			return nil, book.Corrupt("", "", "共享字符串表不完整", nil)
		}
		if cch > lim.MaxStringLen {
			return nil, book.TooLarge("", book.LimitStringLen, strconv.Itoa(lim.MaxStringLen)+" 个字符")
		}
		u, ok := r.chars(cch, flags&1 != 0)
		if !ok || !r.skip(4*runs) || !r.skip(ext) {
			return nil, book.Corrupt("", "", "共享字符串表第 "+strconv.Itoa(len(out)+1)+" 个字符串不完整", nil)
		}
		out = append(out, string(utf16.Decode(u)))
	}
	return out, nil
}
