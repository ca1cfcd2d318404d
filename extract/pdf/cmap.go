package pdf

import (
	"sort"
	"unicode/utf16"

	"nianbao/extract/pdf/lex"
)

// CMaps: the ToUnicode map a font carries (code → text), and the code-space ranges that cut a string
// shown with a composite font into character codes.

// maxCMapEntries bounds the bfchar entries and bfrange ranges of one CMap.
const maxCMapEntries = 1 << 17

// codeRange is one code-space range: codes of n bytes from lo to hi, byte by byte.
type codeRange struct {
	n      int
	lo, hi [4]byte
}

// bfRange maps codes lo..hi (of n bytes) to consecutive text from base, or one text each from dst.
type bfRange struct {
	n      int
	lo, hi uint32
	base   []uint16 // UTF-16 of the text of lo; the last unit is incremented along the range
	dst    []string
}

// cmap is a parsed ToUnicode or encoding CMap.
type cmap struct {
	space  []codeRange
	chars  map[uint64]string // key: n<<32 | code
	ranges []bfRange
}

func codeKey(n int, code uint32) uint64 { return uint64(n)<<32 | uint64(code) }

func bytesCode(b string) uint32 {
	var c uint32
	for i := 0; i < len(b); i++ {
		c = c<<8 | uint32(b[i])
	}
	return c
}

// parseCMap reads a CMap program. Unknown operators are ignored; malformed entries are skipped.
func parseCMap(data []byte) *cmap {
	m := &cmap{chars: map[uint64]string{}}
	l := &lex.Lexer{B: data}
	var stack []lex.Obj
	entries := 0
	for entries < maxCMapEntries {
		o, ok := l.Next()
		if !ok {
			break
		}
		if o.K != lex.Op {
			if len(stack) < 4096 {
				stack = append(stack, o)
			}
			continue
		}
		switch o.S {
		case "endcodespacerange":
			for i := 0; i+1 < len(stack); i += 2 {
				lo, hi := stack[i].S, stack[i+1].S
				if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) {
					continue
				}
				r := codeRange{n: len(lo)}
				copy(r.lo[:], lo)
				copy(r.hi[:], hi)
				m.space = append(m.space, r)
				entries++
			}
		case "endbfchar":
			for i := 0; i+1 < len(stack); i += 2 {
				src, dst := stack[i], stack[i+1]
				if src.K != lex.Str || len(src.S) == 0 || len(src.S) > 4 {
					continue
				}
				m.chars[codeKey(len(src.S), bytesCode(src.S))] = utf16Text(dst)
				entries++
			}
		case "endbfrange":
			for i := 0; i+2 < len(stack); i += 3 {
				lo, hi, dst := stack[i].S, stack[i+1].S, stack[i+2]
				if len(lo) == 0 || len(lo) > 4 || len(lo) != len(hi) || bytesCode(lo) > bytesCode(hi) {
					continue
				}
				r := bfRange{n: len(lo), lo: bytesCode(lo), hi: bytesCode(hi)}
				switch dst.K {
				case lex.Str:
					r.base = utf16Units(dst.S)
				case lex.Array:
					for _, d := range dst.Arr {
						r.dst = append(r.dst, utf16Text(d))
					}
				default:
					continue
				}
				m.ranges = append(m.ranges, r)
				entries++
			}
		}
		stack = stack[:0]
	}
	sort.SliceStable(m.space, func(i, j int) bool { return m.space[i].n < m.space[j].n })
	return m
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

func utf16Text(o lex.Obj) string {
	if o.K != lex.Str {
		return ""
	}
	return string(utf16.Decode(utf16Units(o.S)))
}

// lookup returns the text of code (n bytes), and whether the CMap has it.
func (m *cmap) lookup(n int, code uint32) (string, bool) {
	if m == nil {
		return "", false
	}
	if s, ok := m.chars[codeKey(n, code)]; ok {
		return s, true
	}
	for _, r := range m.ranges {
		if r.n != n || code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.dst != nil {
			if int(off) < len(r.dst) {
				return r.dst[off], true
			}
			return "", false
		}
		if len(r.base) == 0 {
			return "", false
		}
		u := append([]uint16(nil), r.base...)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

// split cuts s into codes by the code-space ranges; a byte sequence in no range is taken one byte at a time.
func (m *cmap) split(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		n := 1
		for _, r := range m.space {
			if i+r.n > len(s) {
				continue
			}
			in := true
			for k := 0; k < r.n; k++ {
				if s[i+k] < r.lo[k] || s[i+k] > r.hi[k] {
					in = false
					break
				}
			}
			if in {
				n = r.n
				break
			}
		}
		out = append(out, s[i:i+n])
		i += n
	}
	return out
}
