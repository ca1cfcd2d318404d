package biff

import (
	"encoding/binary"
	"unicode/utf16"

	"nianbao/xlsx/read/book"
)

// Record identifiers of the BIFF8 records read here.
const (
	rFormula     = 0x0006
	rEOF         = 0x000A
	rExternSheet = 0x0017
	rDateMode    = 0x0022
	rFilePass    = 0x002F
	rCodePage    = 0x0042
	rContinue    = 0x003C
	rColInfo     = 0x007D
	rBoundSheet  = 0x0085
	rMulRK       = 0x00BD
	rMulBlank    = 0x00BE
	rRString     = 0x00D6
	rMergedCells = 0x00E5
	rSST         = 0x00FC
	rLabelSST    = 0x00FD
	rDimensions  = 0x0200
	rBlank       = 0x0201
	rNumber      = 0x0203
	rLabel       = 0x0204
	rBoolErr     = 0x0205
	rString      = 0x0207
	rRK          = 0x027E
	rBOF         = 0x0809
	rShrFmla     = 0x04BC
)

// record is one BIFF record: its identifier, its data, and where its header starts in the stream.
type record struct {
	id   uint16
	data []byte
	pos  int
}

// reader walks the records of a Workbook stream.
type reader struct {
	s   []byte
	pos int
}

// next returns the record at the reader's position; ok is false at the end of the stream. A record whose
// length runs past the end of the stream is an error.
func (r *reader) next() (rec record, ok bool, err error) {
	if r.pos+4 > len(r.s) {
		return record{}, false, nil
	}
	id := binary.LittleEndian.Uint16(r.s[r.pos:])
	n := int(binary.LittleEndian.Uint16(r.s[r.pos+2:]))
	if r.pos+4+n > len(r.s) {
		return record{}, false, book.Corrupt("", "", "记录长度超出了数据流的末尾", nil)
	}
	rec = record{id: id, data: r.s[r.pos+4 : r.pos+4+n], pos: r.pos}
	r.pos += 4 + n
	return rec, true, nil
}

// peek returns the identifier of the next record, or 0 at the end.
func (r *reader) peek() uint16 {
	if r.pos+4 > len(r.s) {
		return 0
	}
	return binary.LittleEndian.Uint16(r.s[r.pos:])
}

// continued returns the data of rec and of the CONTINUE records that follow it, one segment each.
func (r *reader) continued(rec record) ([][]byte, error) {
	segs := [][]byte{rec.data}
	for r.peek() == rContinue {
		c, _, err := r.next()
		if err != nil {
			return nil, err
		}
		segs = append(segs, c.data)
	}
	return segs, nil
}

// u16 and u32 read little-endian integers at off, 0 when b is too short.
func u16(b []byte, off int) int {
	if off < 0 || off+2 > len(b) {
		return 0
	}
	return int(binary.LittleEndian.Uint16(b[off:]))
}

func u32(b []byte, off int) uint32 {
	if off < 0 || off+4 > len(b) {
		return 0
	}
	return binary.LittleEndian.Uint32(b[off:])
}

// chars decodes n characters at b, one byte each (compressed: the low byte of UTF-16, i.e. Latin-1) or
// two (UTF-16LE); ok is false when b is too short.
func chars(b []byte, n int, high bool) (s string, used int, ok bool) {
	if !high {
		if n > len(b) {
			return "", 0, false
		}
		r := make([]rune, n)
		for i := range r {
			r[i] = rune(b[i])
		}
		return string(r), n, true
	}
	if 2*n > len(b) {
		return "", 0, false
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u)), 2 * n, true
}

// shortString reads a ShortXLUnicodeString (1-byte count, flags, characters) at off.
func shortString(b []byte, off int) (string, bool) {
	if off+2 > len(b) {
		return "", false
	}
	s, _, ok := chars(b[off+2:], int(b[off]), b[off+1]&1 != 0)
	return s, ok
}

// longString reads an XLUnicodeString (2-byte count, flags, characters) at off; rich-text runs and phonetic
// data after the characters (RSTRING) are ignored.
func longString(b []byte, off int) (string, bool) {
	if off+3 > len(b) {
		return "", false
	}
	flags := b[off+2]
	skip := 0
	if flags&8 != 0 {
		skip += 2
	}
	if flags&4 != 0 {
		skip += 4
	}
	if off+3+skip > len(b) {
		return "", false
	}
	s, _, ok := chars(b[off+3+skip:], u16(b, off), flags&1 != 0)
	return s, ok
}
