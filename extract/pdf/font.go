package pdf

import (
	"strconv"
	"strings"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Fonts: how a shown string is cut into character codes, what text each code stands for and how far it
// advances. Handled: simple fonts (Type1, TrueType, Type3 with its FontMatrix) with their Widths and
// ToUnicode; composite (Type0) fonts with Identity-H/V and a ToUnicode map — what WPS 文字, Word,
// LibreOffice and Chromium write — and the predefined Chinese CMaps (UniGB-UCS2/UTF16, GBK-EUC, GB-EUC,
// GBpc-EUC, GBK2K, and the Big5 ones), whose codes are Unicode or GBK/Big5 and decode without a ToUnicode.

// font is what the interpreter needs of one font resource.
type font struct {
	composite bool
	space     *cmap // code-space ranges of a composite font (nil: one byte per code)
	toUnicode *cmap
	// predefined decodes codes of a predefined CMap when the ToUnicode map lacks them.
	predefined func(code string) string
	identity   bool // CID = code (Identity-H/V)
	// widths: simple fonts by code; composite by CID (Identity only), else dw.
	widths map[int]float64
	dw     float64
	// scale turns a width into text space units (1/1000, or FontMatrix[0] for Type3); vscale is the em height.
	scale, vscale float64
	// simpleEnc maps a single-byte code to text for simple fonts without a ToUnicode entry.
	simpleEnc map[byte]string
}

// glyphCode is one character code of a shown string: its text, advance (in text space, before Tfs) and
// whether it is the single-byte space that word spacing applies to.
type glyphCode struct {
	text  string
	adv   float64
	space bool
}

// decode cuts a shown string into glyph codes.
func (f *font) decode(s string) []glyphCode {
	var codes []string
	switch {
	case !f.composite:
		codes = make([]string, len(s))
		for i := 0; i < len(s); i++ {
			codes[i] = s[i : i+1]
		}
	case f.space != nil && len(f.space.space) > 0:
		codes = f.space.split(s)
	default: // two bytes per code
		for i := 0; i < len(s); i += 2 {
			codes = append(codes, s[i:min(i+2, len(s))])
		}
	}
	out := make([]glyphCode, 0, len(codes))
	for _, c := range codes {
		code := bytesCode(c)
		g := glyphCode{space: len(c) == 1 && c[0] == ' '}
		if t, ok := f.toUnicode.lookup(len(c), code); ok {
			g.text = t
		} else if f.predefined != nil {
			g.text = f.predefined(c)
		} else if !f.composite {
			if t, ok := f.simpleEnc[c[0]]; ok {
				g.text = t
			} else if c[0] >= 0x20 && c[0] < 0x7f {
				g.text = c
			} else {
				g.text = "\uFFFD"
			}
		} else {
			g.text = "\uFFFD"
		}
		w, ok := f.widths[int(code)]
		if !ok || f.composite && !f.identity {
			w = f.dw
		}
		g.adv = w * f.scale
		out = append(out, g)
	}
	return out
}

// loadFont reads a font dictionary. It never fails: what cannot be read is left out, and codes without a
// known text become U+FFFD, which the caller counts.
func (rd *reader) loadFont(v lpdf.Value) *font {
	f := &font{scale: 0.001, vscale: 1, widths: map[int]float64{}, dw: 1000}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		if data, err := rd.stream(tu, maxCMapBytes); err == nil {
			f.toUnicode = parseCMap(data)
		}
	}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.composite = true
		rd.loadComposite(f, v)
	case "Type3":
		if m := v.Key("FontMatrix"); m.Len() == 6 {
			f.scale = m.Index(0).Float64()
			f.vscale = abs(m.Index(3).Float64()) * 1000
		}
		fallthrough
	default:
		f.dw = 0
		if fd := v.Key("FontDescriptor"); fd.Kind() == lpdf.Dict {
			f.dw = fd.Key("MissingWidth").Float64()
		}
		first := int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < min(ws.Len(), 256); i++ {
			f.widths[first+i] = ws.Index(i).Float64()
		}
		if ws.Len() == 0 && f.dw == 0 {
			f.dw = 500 // a standard font without widths: half an em is near enough to order its glyphs
		}
		f.simpleEnc = simpleEncoding(v.Key("Encoding"))
	}
	return f
}

func (rd *reader) loadComposite(f *font, v lpdf.Value) {
	enc := v.Key("Encoding")
	switch enc.Kind() {
	case lpdf.Name:
		name := enc.Name()
		switch {
		case name == "Identity-H" || name == "Identity-V":
			f.identity = true
		default:
			n, dec := predefinedCMap(name)
			if dec != nil {
				f.space = n
				f.predefined = dec
			}
		}
	case lpdf.Stream: // an embedded encoding CMap: its code space cuts the strings
		if data, err := rd.stream(enc, maxCMapBytes); err == nil {
			f.space = parseCMap(data)
		}
	}
	d := v.Key("DescendantFonts").Index(0)
	if dw := d.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
		f.dw = dw.Float64()
	}
	w := d.Key("W")
	n := 0
	for i := 0; i < w.Len() && n < maxCMapEntries; {
		first := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for k := 0; k < next.Len() && n < maxCMapEntries; k++ {
				f.widths[first+k] = next.Index(k).Float64()
				n++
			}
			i += 2
			continue
		}
		last := int(next.Int64())
		wd := w.Index(i + 2).Float64()
		for c := first; c <= last && n < maxCMapEntries; c++ {
			f.widths[c] = wd
			n++
		}
		i += 3
	}
}

// predefinedCMap returns the code space and decoder of a predefined CMap whose codes are Unicode, GBK or
// Big5; nil for one it does not know (the font then needs its ToUnicode map).
func predefinedCMap(name string) (*cmap, func(string) string) {
	base := strings.TrimSuffix(strings.TrimSuffix(name, "-H"), "-V")
	two := &cmap{space: []codeRange{{n: 2, lo: [4]byte{0, 0}, hi: [4]byte{0xff, 0xff}}}}
	var enc encoding.Encoding
	switch {
	case strings.HasPrefix(base, "Uni") && (strings.HasSuffix(base, "-UCS2") || strings.HasSuffix(base, "-UTF16")):
		if strings.HasSuffix(base, "-UTF16") {
			two.space = append([]codeRange{{n: 4, lo: [4]byte{0xd8, 0, 0xdc, 0}, hi: [4]byte{0xdb, 0xff, 0xdf, 0xff}}}, two.space...)
		}
		return two, func(c string) string { return string(utf16.Decode(utf16Units(c))) }
	case base == "GBK2K":
		enc = simplifiedchinese.GB18030
	case base == "GBK-EUC" || base == "GB-EUC" || base == "GBpc-EUC" || base == "GBKp-EUC" || base == "GBT-EUC":
		enc = simplifiedchinese.GBK
	case base == "B5pc" || base == "ETen-B5" || base == "HKscs-B5" || base == "ETenms-B5" || base == "B5":
		enc = traditionalchinese.Big5
	default:
		return nil, nil
	}
	m := &cmap{space: []codeRange{
		{n: 1, lo: [4]byte{0}, hi: [4]byte{0x80}},
		{n: 2, lo: [4]byte{0x81, 0x40}, hi: [4]byte{0xfe, 0xfe}},
	}}
	if base == "GBK2K" {
		m.space = append([]codeRange{{n: 4, lo: [4]byte{0x81, 0x30, 0x81, 0x30}, hi: [4]byte{0xfe, 0x39, 0xfe, 0x39}}}, m.space...)
	}
	dec := enc.NewDecoder()
	return m, func(c string) string {
		out, err := dec.String(c)
		if err != nil || out == "" {
			return "\uFFFD"
		}
		return out
	}
}

// glyphNames maps the glyph names of Differences arrays that tables need to their text.
var glyphNames = map[string]string{
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
	"eight": "8", "nine": "9", "space": " ", "period": ".", "comma": ",", "hyphen": "-", "minus": "-",
	"percent": "%", "parenleft": "(", "parenright": ")", "slash": "/", "colon": ":",
}

// simpleEncoding reads the Differences of a simple font's encoding dictionary (names like "one", "uni4E00").
func simpleEncoding(enc lpdf.Value) map[byte]string {
	if enc.Kind() != lpdf.Dict {
		return nil
	}
	d := enc.Key("Differences")
	out := map[byte]string{}
	code := 0
	for i := 0; i < min(d.Len(), 512); i++ {
		e := d.Index(i)
		switch e.Kind() {
		case lpdf.Integer:
			code = int(e.Int64())
		case lpdf.Name:
			if code >= 0 && code < 256 {
				if t := glyphText(e.Name()); t != "" {
					out[byte(code)] = t
				}
			}
			code++
		}
	}
	return out
}

func glyphText(name string) string {
	if t, ok := glyphNames[name]; ok {
		return t
	}
	if h, ok := strings.CutPrefix(name, "uni"); ok && len(h) == 4 {
		if v, err := strconv.ParseUint(h, 16, 16); err == nil {
			return string(rune(v))
		}
	}
	if len(name) == 1 && name[0] >= 'A' && name[0] <= 'z' {
		return name
	}
	return ""
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
