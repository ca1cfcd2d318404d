package fast

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao/locate"
	"nianbao/model"
	"nianbao/xlsx/read"
	"nianbao/xlsx/read/internal/ooxml"
)

// The byte-level scanner of the fast path. It understands the XML that Excel, WPS, LibreOffice and
// excelize write for cells (<c r= t=><f>…</f><v>…</v></c>, shared strings of <t> runs) and declines,
// with errDecline, everything else: comments, CDATA, DTDs, other encodings, namespace prefixes on the
// elements it reads, inline strings, shared formulas whose text lives in another cell.

// plainXML reports whether data is UTF-8 XML without the constructs the scanner does not handle: comments,
// CDATA and DTDs (<!), processing instructions after the declaration (<?, which may hide markup from a
// scanner that looks for tags), a default namespace other than the spreadsheet one, or more than one
// default namespace declaration.
func plainXML(data []byte) bool {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || bytes.IndexByte(data, '\r') >= 0 ||
		bytes.Contains(data, []byte("<!")) {
		return false
	}
	body := data
	if bytes.HasPrefix(data, []byte("<?xml")) {
		end := bytes.Index(data, []byte("?>"))
		if end < 0 {
			return false
		}
		body = data[end+2:]
	}
	if bytes.Contains(body, []byte("<?")) || bytes.Count(body, []byte("xmlns=")) > 1 {
		return false
	}
	if i := bytes.Index(body, []byte("xmlns=")); i >= 0 {
		ns := body[i+len("xmlns="):]
		if !bytes.HasPrefix(ns, []byte(`"`+ooxml.NsMain+`"`)) && !bytes.HasPrefix(ns, []byte(`"`+ooxml.NsPkgRel+`"`)) {
			return false
		}
	}
	if bytes.HasPrefix(data, []byte("<?xml")) {
		end := bytes.Index(data, []byte("?>"))
		decl := bytes.ToLower(data[:end])
		if i := bytes.Index(decl, []byte("encoding=")); i >= 0 {
			enc := strings.Trim(string(decl[i+len("encoding="):]), " ")
			if !strings.HasPrefix(enc, `"utf-8"`) && !strings.HasPrefix(enc, `'utf-8'`) {
				return false
			}
		}
	}
	return true
}

// plainPiece is plainXML for a piece of a part after its first (eachRows): nothing there may declare,
// process or redefine anything, a "<?xml" included, which only the first piece may start with.
func plainPiece(data []byte) bool {
	return bytes.IndexByte(data, '\r') < 0 && !bytes.Contains(data, []byte("<!")) && !bytes.Contains(data, []byte("<?")) &&
		!bytes.Contains(data, []byte("xmlns="))
}

// wellFormed reports whether a small part (workbook, relationships, shared strings) is well-formed XML, as
// Open's decoder requires: the scanner looks only at the elements it needs, and must not accept a part
// that Open calls damaged. Sheet parts, the large ones, are checked by the scanner's own rules instead.
func wellFormed(data []byte) bool {
	sum := sha256.Sum256(data)
	if known.has(sum) {
		return true
	}
	if !decodesStrict(data) {
		return false
	}
	known.add(sum)
	return true
}

// known holds the SHA-256 digests of parts found well-formed. The workbook, relationships and the parts
// of a sheet outside its cells are the same in every template of a region, and the strict decoder over
// them was a third of the CPU of checking a region; the same digest means the same bytes, so the same
// verdict. Bounded: past maxKnown digests nothing more is kept.
var known digestSet

// maxKnown bounds the digests known holds (32 bytes each).
const maxKnown = 4096

// digestSet is a bounded set of digests, safe for the worker pool.
type digestSet struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]struct{}
}

func (s *digestSet) has(d [sha256.Size]byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[d]
	return ok
}

func (s *digestSet) add(d [sha256.Size]byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[[sha256.Size]byte]struct{})
	}
	if len(s.m) < maxKnown {
		s.m[d] = struct{}{}
	}
}

// decodesStrict reports whether the strict XML decoder reads data to its end without an error.
func decodesStrict(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		if _, err := d.Token(); err != nil { // Token, unlike RawToken, checks that elements nest
			return err == io.EOF && d.InputOffset() == int64(len(data))
		}
	}
}

// tagsWellFormed reports whether every tag in data (the cells of a sheet) is syntactically what an XML
// decoder accepts: a name, attributes name="value" separated by white space, then > or />; an end tag is
// </name>, closing the last element open. The scanner reads only some tags; a damaged one elsewhere (in a <row>) must decline as Open
// refuses it. One pass over the bytes, far cheaper than a decoder.
func tagsWellFormed(data []byte) bool {
	nameByte := func(b byte) bool {
		return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == ':' || b == '_' || b == '-' || b == '.' || b >= 0x80
	}
	space := func(b byte) bool { return b == ' ' || b == '\n' || b == '\t' }
	var open [][]byte // names of the elements open, which must close in order
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return len(open) == 0 && bytes.IndexByte(data[i:], '>') < 0
		}
		if bytes.IndexByte(data[i:i+j], '>') >= 0 {
			return false // a stray > outside a tag is allowed by XML, but not in what we write or read fast
		}
		i += j + 1
		end := i < len(data) && data[i] == '/'
		if end {
			i++
		}
		k := i
		for k < len(data) && nameByte(data[k]) {
			k++
		}
		if k == i || k == len(data) {
			return false
		}
		name := data[i:k]
		i = k
		if end {
			if len(open) == 0 || !bytes.Equal(open[len(open)-1], name) {
				return false
			}
			open = open[:len(open)-1]
			for i < len(data) && space(data[i]) {
				i++
			}
			if i == len(data) || data[i] != '>' {
				return false
			}
			i++
			continue
		}
		for {
			sp := i
			for i < len(data) && space(data[i]) {
				i++
			}
			if i == len(data) {
				return false
			}
			if data[i] == '>' {
				open = append(open, name)
				i++
				break
			}
			if data[i] == '/' {
				if i+1 == len(data) || data[i+1] != '>' {
					return false
				}
				i += 2
				break
			}
			if sp == i { // attributes must be separated by white space
				return false
			}
			k := i
			for k < len(data) && nameByte(data[k]) {
				k++
			}
			if k == i || k == len(data) || data[k] != '=' || k+1 == len(data) || data[k+1] != '"' && data[k+1] != '\'' {
				return false
			}
			q := data[k+1]
			e := bytes.IndexByte(data[k+2:], q)
			if e < 0 || bytes.IndexByte(data[k+2:k+2+e], '<') >= 0 {
				return false
			}
			i = k + 2 + e + 1
		}
	}
}

// prefixedTag reports whether data holds an element tag with a namespace prefix (<x:c>, </x:c>) whose local
// name is in names, or any prefixed tag when names is empty. The scanner finds elements by their plain names,
// so such a tag would be invisible to it while the general reader, resolving namespaces, reads it.
func prefixedTag(data []byte, names ...string) bool {
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
		if i < len(data) && data[i] == '/' {
			i++
		}
		k := i
		for k < len(data) && !isDelim(data[k]) && data[k] != '<' {
			k++
		}
		name := data[i:k]
		colon := bytes.IndexByte(name, ':')
		if colon < 0 {
			continue
		}
		if len(names) == 0 {
			return true
		}
		for _, n := range names {
			if string(name[colon+1:]) == n {
				return true
			}
		}
	}
}

// isDelim reports whether b may follow an element name in a tag.
func isDelim(b byte) bool { return b == ' ' || b == '>' || b == '/' || b == '\n' || b == '\t' }

// tagEnd walks the attributes of a tag starting at data[i] (just after its name) and returns them, the
// index after the closing '>' and whether the tag is self-closing; ok is false for a malformed tag.
func tagEnd(data []byte, i int) (attrs []byte, next int, selfClosing, ok bool) {
	start := i
	for i < len(data) {
		switch data[i] {
		case '"', '\'':
			j := bytes.IndexByte(data[i+1:], data[i])
			if j < 0 {
				return nil, 0, false, false
			}
			i += j + 2
		case '>':
			if i > start && data[i-1] == '/' {
				return data[start : i-1], i + 1, true, true
			}
			return data[start:i], i + 1, false, true
		case '<':
			return nil, 0, false, false
		default:
			i++
		}
	}
	return nil, 0, false, false
}

// eachElement calls fn with the attributes of every <name …> tag of data.
func eachElement(data []byte, name string, fn func(attrs []byte) error) error {
	open := "<" + name
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte(open))
		if j < 0 {
			return nil
		}
		i += j + len(open)
		if i >= len(data) || !isDelim(data[i]) {
			continue
		}
		attrs, next, _, ok := tagEnd(data, i)
		if !ok {
			return errDecline
		}
		if err := fn(attrs); err != nil {
			return err
		}
		i = next
	}
}

// attrValue returns the unescaped value of the attribute with the exact (qualified) name; "" when the tag
// has none. ok is false for malformed attributes or escapes the scanner does not know.
func attrValue(attrs []byte, name string, scratch *[]byte) (string, bool) {
	for i := 0; i < len(attrs); {
		for i < len(attrs) && (attrs[i] == ' ' || attrs[i] == '\n' || attrs[i] == '\t') {
			i++
		}
		if i == len(attrs) {
			break
		}
		eq := bytes.IndexByte(attrs[i:], '=')
		if eq < 0 {
			return "", false
		}
		key := bytes.TrimSpace(attrs[i : i+eq])
		i += eq + 1
		for i < len(attrs) && attrs[i] == ' ' {
			i++
		}
		if i == len(attrs) || attrs[i] != '"' && attrs[i] != '\'' {
			return "", false
		}
		end := bytes.IndexByte(attrs[i+1:], attrs[i])
		if end < 0 {
			return "", false
		}
		val := attrs[i+1 : i+1+end]
		i += end + 2
		if string(key) == name {
			return unescape(val, scratch)
		}
	}
	return "", true
}

// unescape resolves the predefined entities and character references of XML text.
func unescape(s []byte, scratch *[]byte) (string, bool) {
	if bytes.IndexByte(s, '&') < 0 {
		return string(s), true
	}
	out := (*scratch)[:0]
	for len(s) > 0 {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			out = append(out, s...)
			break
		}
		out = append(out, s[:i]...)
		s = s[i:]
		semi := bytes.IndexByte(s, ';')
		if semi < 0 {
			return "", false
		}
		ent := string(s[1:semi])
		s = s[semi+1:]
		switch ent {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "apos":
			out = append(out, '\'')
		case "quot":
			out = append(out, '"')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return "", false
			}
			var n uint64
			var err error
			if ent[1] == 'x' {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(n)) || n == 0 {
				return "", false
			}
			out = utf8.AppendRune(out, rune(n))
		}
	}
	*scratch = out
	return string(out), true
}

// readSST reads the shared strings part (none when name is ""): the <t> runs of each <si> joined,
// phonetic <rPh> runs skipped, as Open's reader does.
func (fr *fastReader) readSST(name string, lim read.Limits) error {
	fr.sst = fr.sst[:0]
	if name == "" || fr.parts[name] == nil {
		return nil
	}
	data, err := fr.inflate(name)
	if err != nil || !plainXML(data) || prefixedTag(data) || !wellFormed(data) {
		return errDecline
	}
	var cur []byte
	for i := 0; ; {
		j := bytes.Index(data[i:], []byte("<si"))
		if j < 0 {
			return nil
		}
		i += j + 3
		if i >= len(data) || !isDelim(data[i]) {
			continue
		}
		if len(fr.sst) >= lim.MaxStrings {
			return errDecline // Open gives the error
		}
		_, next, self, ok := tagEnd(data, i)
		if !ok {
			return errDecline
		}
		cur = cur[:0]
		if !self {
			end := bytes.Index(data[next:], []byte("</si>"))
			if end < 0 {
				return errDecline
			}
			si := data[next : next+end]
			if bytes.Contains(si, []byte("<si")) {
				return errDecline // nested strings: Open refuses them
			}
			if t, ok := plainRun(si); ok { // <t>text</t>, the usual case
				s, ok := unescape(t, &fr.text)
				if !ok {
					return errDecline
				}
				cur = append(cur, s...)
			} else if cur, ok = fr.runs(si, cur); !ok {
				return errDecline
			}
			next += end + len("</si>")
		}
		if len(cur) > lim.MaxStringLen && utf8.RuneCount(cur) > lim.MaxStringLen {
			return errDecline
		}
		fr.sst = append(fr.sst, string(cur))
		i = next
	}
}

// plainRun returns the text of an <si> holding one <t> without attributes and nothing else.
func plainRun(si []byte) ([]byte, bool) {
	t, ok := bytes.CutPrefix(si, []byte("<t>"))
	if !ok {
		return nil, false
	}
	t, ok = bytes.CutSuffix(t, []byte("</t>"))
	if !ok || bytes.IndexByte(t, '<') >= 0 {
		return nil, false
	}
	return t, true
}

// runs appends the text of the <t> elements of one <si>, outside <rPh>, to out.
func (fr *fastReader) runs(si, out []byte) ([]byte, bool) {
	phonetic := 0
	for i := 0; i < len(si); {
		j := bytes.IndexByte(si[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		closing := i < len(si) && si[i] == '/'
		if closing {
			i++
		}
		k := i
		for k < len(si) && !isDelim(si[k]) {
			k++
		}
		name := string(si[i:k])
		if strings.IndexByte(name, ':') >= 0 {
			return nil, false
		}
		_, next, self, ok := tagEnd(si, k)
		if !ok {
			return nil, false
		}
		i = next
		switch {
		case name == "rPh" && closing:
			phonetic--
		case name == "rPh" && !self:
			phonetic++
		case name == "t" && !closing && !self:
			end := bytes.Index(si[i:], []byte("</t>"))
			if end < 0 {
				return nil, false
			}
			if phonetic == 0 {
				s, ok := unescape(si[i:i+end], &fr.text)
				if !ok {
					return nil, false
				}
				out = append(out, s...)
			}
			i += end + len("</t>")
		}
	}
	return out, true
}

// sheet scans a worksheet part into a sparse grid holding the cells of want (every cell when want is
// nil), with Open's cell semantics, and blanks the covered cells of merged ranges.
func (fr *fastReader) sheet(part string, want map[[2]int]bool, lim read.Limits) ([][]locate.Cell, error) {
	data, err := fr.inflate(part)
	if err != nil || !plainXML(data) || !bytes.HasSuffix(bytes.TrimRight(data, " \n\t"), []byte("</worksheet>")) {
		return nil, errDecline
	}
	start := bytes.Index(data, []byte("<sheetData"))
	if start < 0 {
		return nil, errDecline
	}
	_, body, self, ok := tagEnd(data, start+len("<sheetData"))
	if !ok {
		return nil, errDecline
	}
	end := body
	if !self {
		n := bytes.Index(data[body:], []byte("</sheetData>"))
		if n < 0 {
			return nil, errDecline
		}
		end = body + n
	}
	// What lies around the cells (sheet properties, views, merges, page setup) must be well-formed XML as
	// Open requires: checked with a decoder on the part without its sheetData, which is small.
	outside := make([]byte, 0, start+len(data)-end+16)
	outside = append(append(append(outside, data[:start]...), "<sheetData/>"...), data[min(end+len("</sheetData>"), len(data)):]...)
	if self {
		outside = append(append(outside[:0], data[:start]...), append([]byte("<sheetData/>"), data[body:]...)...)
	}
	if !wellFormed(outside) {
		return nil, errDecline
	}
	var rows [][]locate.Cell
	sd := data[:end]
	if prefixedTag(sd[body:]) || !tagsWellFormed(sd[body:]) {
		return nil, errDecline
	}
	err = fr.eachCell(sd, body, lim, func(r, c int, typ string, content []byte, self bool) error {
		if self {
			return nil
		}
		cell, keep, ok := fr.cell(content, typ, lim) // every cell, so that damage anywhere in the sheet declines
		if !ok {
			return errDecline
		}
		if !keep || want != nil && !want[[2]int{r - 1, c - 1}] {
			return nil
		}
		for len(rows) < r {
			rows = append(rows, nil)
		}
		if grow := c - len(rows[r-1]); grow > 0 {
			rows[r-1] = append(rows[r-1], make([]locate.Cell, grow)...)
		}
		rows[r-1][c-1] = cell
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = eachElement(data[end:], "mergeCell", func(attrs []byte) error {
		m, ok := attrValue(attrs, "ref", &fr.text)
		a, b, found := strings.Cut(m, ":")
		c1, r1, ok1 := model.ParseRef(a)
		c2, r2, ok2 := model.ParseRef(b)
		if !ok || !found || !ok1 || !ok2 || r2 < r1 || c2 < c1 {
			return errDecline
		}
		for r := r1 - 1; r < r2 && r < len(rows); r++ {
			for c := c1 - 1; c < c2 && c < len(rows[r]); c++ {
				if r != r1-1 || c != c1-1 {
					rows[r][c] = locate.Cell{Covered: rows[r][c].Text}
				}
			}
		}
		return nil
	})
	return rows, err
}

// eachCell walks the <c> elements of a sheet part's cell data sd from offset from, in document order, and
// declines (errDecline) a cell tag it cannot read, a reference outside the limits or out of order (rows
// ascending, columns ascending within a row) and a cell without its end tag. fn gets each cell's 1-based
// row and column, its type and its content; self is true for a self-closing (empty) cell.
func (fr *fastReader) eachCell(sd []byte, from int, lim read.Limits, fn func(r, c int, typ string, content []byte, self bool) error) error {
	lastR, lastC := 0, 0
	for i := from; ; {
		j := bytes.Index(sd[i:], []byte("<c"))
		if j < 0 {
			return nil
		}
		i += j + 2
		if i >= len(sd) || !isDelim(sd[i]) {
			continue
		}
		attrs, next, self, ok := tagEnd(sd, i)
		if !ok {
			return errDecline
		}
		ref, ok1 := attrValue(attrs, "r", &fr.text)
		typ, ok2 := attrValue(attrs, "t", &fr.text)
		c, r, ok3 := model.ParseRef(ref)
		if !ok1 || !ok2 || !ok3 || r > lim.MaxRows || r < lastR || r == lastR && c <= lastC {
			return errDecline
		}
		lastR, lastC = r, c
		i = next
		var content []byte
		if !self {
			end := bytes.Index(sd[i:], []byte("</c>"))
			if end < 0 {
				return errDecline
			}
			content = sd[i : i+end]
			i += end + len("</c>")
		}
		if err := fn(r, c, typ, content, self); err != nil {
			return err
		}
	}
}

// cell reads the content of one <c> element of type typ; keep is false for a blank cell, ok false for
// content the scanner declines.
func (fr *fastReader) cell(content []byte, typ string, lim read.Limits) (cell locate.Cell, keep, ok bool) {
	var v, f string
	hasF, hasV := false, false
	for i := 0; i < len(content); {
		j := bytes.IndexByte(content[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		k := i
		for k < len(content) && !isDelim(content[k]) {
			k++
		}
		name := string(content[i:k])
		attrs, next, self, ok := tagEnd(content, k)
		if !ok || name != "v" && name != "f" || name == "v" && hasV || name == "f" && hasF {
			return cell, false, false
		}
		var text string
		if !self {
			end := bytes.Index(content[next:], []byte("</"+name+">"))
			if end < 0 {
				return cell, false, false
			}
			if text, ok = unescape(content[next:next+end], &fr.text); !ok {
				return cell, false, false
			}
			next += end + len(name) + 3
		}
		if name == "v" {
			v, hasV = text, true
		} else {
			t, ok := attrValue(attrs, "t", &fr.text)
			if !ok || t == "shared" && text == "" {
				return cell, false, false // the formula text is its master's: Open asks excelize
			}
			f, hasF = text, true
		}
		i = next
	}
	cell.Formula = f
	switch typ {
	case "s":
		if v != "" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || n < 0 || n >= len(fr.sst) {
				return cell, false, false
			}
			cell.Text = fr.sst[n]
		}
		cell.Str = true
	case "inlineStr":
		return cell, false, false
	case "str":
		cell.Text, cell.Str = v, !hasF
	case "b":
		switch strings.TrimSpace(v) {
		case "1":
			cell.Text = "TRUE"
		case "0":
			cell.Text = "FALSE"
		default:
			cell.Text = v
		}
	case "", "n":
		cell.Text = v
	default: // e, d and types outside the schema: Open decides
		return cell, false, false
	}
	if len(cell.Text) > lim.MaxStringLen && utf8.RuneCountInString(cell.Text) > lim.MaxStringLen {
		return cell, false, false
	}
	return cell, cell.Text != "" || cell.Formula != "", true
}
