// Package cfb reads streams out of a Compound File Binary (OLE2) container, the envelope of .xls and .et
// workbooks, from untrusted bytes. Every sector chain is checked as it is followed: sector numbers past the
// end of the file, chains that loop back on themselves, chains shorter than the stream they hold, and sizes
// beyond the file are errors, never a panic, a hang or an allocation larger than the file.
//
//	f, err := cfb.Open(r, size)
//	wb, err := f.Stream("Workbook")
package cfb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

// Special sector numbers of the FAT.
const (
	maxRegSect = 0xFFFFFFFA
	endOfChain = 0xFFFFFFFE
	freeSect   = 0xFFFFFFFF
	noStream   = 0xFFFFFFFF
)

// ErrFormat is wrapped by every error about a damaged or non-CFB file.
var ErrFormat = errors.New("cfb: not a valid compound file")

// File is an opened compound file: its header, FAT, mini FAT and directory, read eagerly and checked.
type File struct {
	data      io.ReaderAt
	size      int64
	shift     uint   // sector size is 1 << shift
	nSect     uint32 // sectors that fit in the file after the header
	fat       []uint32
	miniFAT   []uint32
	miniCut   uint32
	dir       []entry
	miniBytes []byte // the mini stream, read on first use
}

// entry is one directory entry.
type entry struct {
	name               string
	kind               byte // 1 storage, 2 stream, 5 root
	left, right, child uint32
	start              uint32
	size               uint64
}

func bad(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, a...)...)
}

// Open reads the header, allocation tables and directory of the compound file of size bytes in r.
func Open(r io.ReaderAt, size int64) (*File, error) {
	var h [512]byte
	if size < 512 {
		return nil, bad("file of %d bytes is shorter than a header", size)
	}
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil, bad("reading header: %v", err)
	}
	if binary.LittleEndian.Uint64(h[0:]) != 0xE11AB1A1E011CFD0 {
		return nil, bad("no signature")
	}
	le := binary.LittleEndian
	f := &File{data: r, size: size, shift: uint(le.Uint16(h[0x1E:])), miniCut: le.Uint32(h[0x38:])}
	if f.shift != 9 && f.shift != 12 || le.Uint16(h[0x20:]) != 6 {
		return nil, bad("sector shift %d", f.shift)
	}
	f.nSect = uint32(min((size-1)>>f.shift, maxRegSect)) // the header takes the first sector's room
	if err := f.readFAT(h[:]); err != nil {
		return nil, err
	}
	dirBytes, err := f.chain(le.Uint32(h[0x30:]), -1, f.fat, f.sector)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	for i := 0; i+128 <= len(dirBytes); i += 128 {
		e := parseEntry(dirBytes[i : i+128])
		if f.shift == 9 {
			e.v3()
		}
		f.dir = append(f.dir, e)
	}
	if len(f.dir) == 0 || f.dir[0].kind != 5 {
		return nil, bad("no root entry")
	}
	if n := le.Uint32(h[0x40:]); n > 0 {
		b, err := f.chain(le.Uint32(h[0x3C:]), -1, f.fat, f.sector)
		if err != nil {
			return nil, fmt.Errorf("mini FAT: %w", err)
		}
		f.miniFAT = u32s(b)
	}
	return f, nil
}

// readFAT collects the FAT sectors listed by the header's DIFAT and the DIFAT chain, and reads them.
func (f *File) readFAT(h []byte) error {
	le := binary.LittleEndian
	nFAT := le.Uint32(h[0x2C:])
	perSect := uint32(1<<f.shift) / 4
	if uint64(nFAT) > uint64(f.nSect) {
		return bad("%d FAT sectors in a file of %d sectors", nFAT, f.nSect)
	}
	var list []uint32
	for i := 0; i < 109 && uint32(len(list)) < nFAT; i++ {
		list = append(list, le.Uint32(h[0x4C+4*i:]))
	}
	next, seen := le.Uint32(h[0x44:]), map[uint32]bool{}
	for uint32(len(list)) < nFAT {
		if next >= f.nSect || seen[next] {
			return bad("DIFAT chain broken at sector %#x", next)
		}
		seen[next] = true
		b, err := f.sector(next)
		if err != nil {
			return err
		}
		v := u32s(b)
		for _, s := range v[:perSect-1] {
			if uint32(len(list)) < nFAT {
				list = append(list, s)
			}
		}
		next = v[perSect-1]
	}
	f.fat = make([]uint32, 0, int(nFAT*perSect))
	for _, s := range list {
		b, err := f.sector(s)
		if err != nil {
			return fmt.Errorf("FAT: %w", err)
		}
		f.fat = append(f.fat, u32s(b)...)
	}
	return nil
}

// sector reads regular sector n.
func (f *File) sector(n uint32) ([]byte, error) {
	if n >= f.nSect {
		return nil, bad("sector %#x beyond the end of the file (%d sectors)", n, f.nSect)
	}
	b := make([]byte, 1<<f.shift)
	if _, err := f.data.ReadAt(b, int64(n+1)<<f.shift); err != nil && err != io.EOF {
		return nil, bad("reading sector %d: %v", n, err)
	}
	return b, nil
}

// chain follows the sector chain from start through table, reading each sector with read, and returns the
// first size bytes (all of the chain when size < 0). A chain that revisits a sector, leaves the table, or
// ends before size bytes is an error; so is a size larger than the file.
func (f *File) chain(start uint32, size int64, table []uint32, read func(uint32) ([]byte, error)) ([]byte, error) {
	if size > f.size {
		return nil, bad("stream of %d bytes in a file of %d", size, f.size)
	}
	var out []byte
	if size >= 0 {
		out = make([]byte, 0, size)
	}
	seen := make([]bool, len(table))
	for s := start; s != endOfChain; s = table[s] {
		if size >= 0 && int64(len(out)) >= size {
			break
		}
		if s >= uint32(len(table)) || seen[s] {
			return nil, bad("sector chain broken or looping at %#x", s)
		}
		seen[s] = true
		b, err := read(s)
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
		if size < 0 && int64(len(out)) > f.size {
			return nil, bad("chain longer than the file")
		}
	}
	if size >= 0 {
		if int64(len(out)) < size {
			return nil, bad("chain of %d bytes for a stream of %d", len(out), size)
		}
		out = out[:size]
	}
	return out, nil
}

// Stream returns the contents of the stream called name (case-insensitive) among the root storage's
// children, or an error wrapping ErrFormat; ok is false when there is no such stream.
func (f *File) Stream(name string) (data []byte, ok bool, err error) {
	e := f.find(name)
	if e == nil {
		return nil, false, nil
	}
	if e.size >= uint64(f.miniCut) {
		b, err := f.chain(e.start, int64(min(e.size, 1<<62)), f.fat, f.sector)
		return b, true, err
	}
	if f.miniBytes == nil {
		root := f.dir[0]
		if f.miniBytes, err = f.chain(root.start, int64(min(root.size, 1<<62)), f.fat, f.sector); err != nil {
			return nil, true, fmt.Errorf("mini stream: %w", err)
		}
	}
	mini := func(n uint32) ([]byte, error) {
		off := int64(n) << 6
		if off+64 > int64(len(f.miniBytes)) {
			return nil, bad("mini sector %#x beyond the mini stream", n)
		}
		return f.miniBytes[off : off+64], nil
	}
	b, err := f.chain(e.start, int64(e.size), f.miniFAT, mini)
	return b, true, err
}

// find walks the root storage's child tree (with a visit budget, so a cyclic tree ends) for name.
func (f *File) find(name string) *entry {
	stack, visits := []uint32{f.dir[0].child}, 0
	for len(stack) > 0 && visits <= len(f.dir) {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i == noStream || int(i) >= len(f.dir) {
			continue
		}
		visits++
		e := &f.dir[i]
		if e.kind == 2 && strings.EqualFold(e.name, name) {
			return e
		}
		stack = append(stack, e.left, e.right)
	}
	return nil
}

func parseEntry(b []byte) entry {
	le := binary.LittleEndian
	n := int(le.Uint16(b[0x40:]))/2 - 1 // UTF-16 units, without the terminating zero
	n = max(0, min(n, 31))
	u := make([]uint16, n)
	for i := range u {
		u[i] = le.Uint16(b[2*i:])
	}
	return entry{name: string(utf16.Decode(u)), kind: b[0x42], left: le.Uint32(b[0x44:]),
		right: le.Uint32(b[0x48:]), child: le.Uint32(b[0x4C:]), start: le.Uint32(b[0x74:]),
		size: le.Uint64(b[0x78:])}
}

// v3 drops the high half of stream sizes, which version 3 files may fill with garbage.
func (e *entry) v3() { e.size &= 0xFFFFFFFF }

func u32s(b []byte) []uint32 {
	v := make([]uint32, len(b)/4)
	for i := range v {
		v[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return v
}
