package cfb

import (
	"encoding/binary"
	"unicode/utf16"
)

// Build writes a version 3 compound file holding one stream called name with data, padded to at least the
// mini-stream cutoff (4096 bytes) so that it lives in regular sectors. It is what the tests of this package
// and of package biff wrap hand-made (and hostile) Workbook streams in.
func Build(name string, data []byte) []byte {
	le := binary.LittleEndian
	if len(data) < 4096 {
		data = append(data, make([]byte, 4096-len(data))...)
	}
	nData := (len(data) + 511) / 512
	out := make([]byte, 512*(3+nData))
	h := out[:512]
	le.PutUint64(h[0:], 0xE11AB1A1E011CFD0)
	le.PutUint16(h[0x18:], 0x3E)
	le.PutUint16(h[0x1A:], 3)
	le.PutUint16(h[0x1C:], 0xFFFE)
	le.PutUint16(h[0x1E:], 9)
	le.PutUint16(h[0x20:], 6)
	le.PutUint32(h[0x2C:], 1)          // one FAT sector
	le.PutUint32(h[0x30:], 1)          // directory in sector 1
	le.PutUint32(h[0x38:], 4096)       // mini stream cutoff
	le.PutUint32(h[0x3C:], endOfChain) // no mini FAT
	le.PutUint32(h[0x44:], endOfChain) // no DIFAT sectors
	for i := 0; i < 109; i++ {
		le.PutUint32(h[0x4C+4*i:], freeSect)
	}
	le.PutUint32(h[0x4C:], 0) // the FAT is sector 0
	fat := out[512:1024]
	for i := 0; i < 128; i++ {
		le.PutUint32(fat[4*i:], freeSect)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD)
	le.PutUint32(fat[4:], endOfChain)
	for i := 0; i < nData; i++ {
		next := uint32(3 + i)
		if i == nData-1 {
			next = endOfChain
		}
		le.PutUint32(fat[4*(2+i):], next)
	}
	dir := out[1024:1536]
	entry := func(b []byte, name string, kind byte, child, start uint32, size int) {
		u := utf16.Encode([]rune(name))
		for i, c := range u {
			le.PutUint16(b[2*i:], c)
		}
		le.PutUint16(b[0x40:], uint16(2*len(u)+2))
		b[0x42] = kind
		le.PutUint32(b[0x44:], noStream)
		le.PutUint32(b[0x48:], noStream)
		le.PutUint32(b[0x4C:], child)
		le.PutUint32(b[0x74:], start)
		le.PutUint64(b[0x78:], uint64(size))
	}
	entry(dir[0:128], "Root Entry", 5, 1, endOfChain, 0)
	entry(dir[128:256], name, 2, noStream, 2, len(data))
	for i := 2; i < 4; i++ {
		e := dir[128*i : 128*i+128]
		le.PutUint32(e[0x44:], noStream)
		le.PutUint32(e[0x48:], noStream)
		le.PutUint32(e[0x4C:], noStream)
	}
	copy(out[1536:], data)
	return out
}
