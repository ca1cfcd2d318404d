package ods

import (
	"bytes"
	"fmt"
	"strings"
)

// The byte scanner of content.xml. It walks the document once, without copying it, and gives the same
// tokens as encoding/xml's Decoder.Token in strict mode, with the same verdicts on damage (elements that do
// not nest, bad names, attribute values with '<' or without quotes, unknown entities, invalid UTF-8 and
// characters outside XML's range, "]]>" in text, a truncated document): elements and attributes are
// matched by namespace URI, never by the literal prefix, with xmlns declarations resolved on every element
// as the decoder does. Document type declarations (<!DOCTYPE …>) are refused: no OpenDocument file has one,
// and the reference reader of the tests refuses them as well. The fast path of the .xlsx reader
// (xlsx/read/fast/scan.go) scans by literal names and declines prefixes, comments, CR and character
// references it does not know; none of that may be declined here, where there is no slower path behind,
// so its helpers are not used.

// nsID names the namespaces the reader looks at; nsOther is any other namespace, or none.
type nsID uint8

const (
	nsOther nsID = iota
	nsOffice
	nsTable
	nsText
	nsStyle
	nsDraw
	nsCalcext
)

// nsOf maps the namespace URIs of OpenDocument (and LibreOffice's calcext) to their nsID.
var nsOf = map[string]nsID{
	"urn:oasis:names:tc:opendocument:xmlns:office:1.0":                     nsOffice,
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0":                      nsTable,
	"urn:oasis:names:tc:opendocument:xmlns:text:1.0":                       nsText,
	"urn:oasis:names:tc:opendocument:xmlns:style:1.0":                      nsStyle,
	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0":                    nsDraw,
	"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0": nsCalcext,
}

// tokKind is the kind of a token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// tokens is what the content reader walks: the byte scanner, or in tests encoding/xml as its reference.
type tokens interface {
	// next moves to the next token; at the end of the document it gives tokEOF, with every element closed.
	next() (tokKind, error)
	// is reports whether the current start or end element is local in namespace ns.
	is(ns nsID, local string) bool
	// attr returns the value of the current start element's first attribute local in namespace ns.
	attr(ns nsID, local string) (string, bool)
	// appendText appends the current text token's characters to dst.
	appendText(dst []byte) []byte
}

// maxDepth and maxAttrs bound the elements open at once and the attributes of one element: a document
// within the size limit could otherwise make the scanner hold hundreds of megabytes of positions (an .ods
// of 128 KB inflates to millions of nested <a>). Office programs write a few dozen of either.
const (
	maxDepth = 1000
	maxAttrs = 1000
)

// errXML is the scanner's error for damaged XML; the reader reports every one the same way.
type errXML struct {
	off int
	msg string
}

func (e *errXML) Error() string { return fmt.Sprintf("ods: content.xml offset %d: %s", e.off, e.msg) }

// The scanner keeps positions in the document rather than slices of it: no pointers, so storing them
// costs no write barriers.

// qname is a qualified name at data[start:end]; colon is the position of the prefix's colon, or -1 when
// the name has no prefix.
type qname struct{ start, colon, end int32 }

// binding is one namespace declaration in force: the prefix at data[p0:p1] (empty for the default
// namespace) bound to ns.
type binding struct {
	p0, p1 int32
	ns     nsID
}

// rawAttr is one attribute of the current start tag, its value data[v0:v1] still escaped.
type rawAttr struct {
	name   qname
	v0, v1 int32
}

// open is an element open: its name and the number of bindings in force outside it.
type open struct {
	name  qname
	binds int32
}

// scanner is the byte scanner over one document.
type scanner struct {
	data  []byte
	pos   int
	kind  tokKind
	name  open      // the current start or end element
	attrs []rawAttr // of the current start element
	text  []byte    // the current text token, raw
	cdata bool      // the text token is a CDATA section (no entities)
	self  bool      // the current start element closes itself: its end is the next token
	stack []open
	binds []binding
}

func newScanner(data []byte) *scanner { return &scanner{data: data} }

func (s *scanner) fail(msg string) error { return &errXML{off: s.pos, msg: msg} }

func (s *scanner) next() (tokKind, error) {
	if s.kind == tokEnd {
		s.binds = s.binds[:s.name.binds] // the declarations of the element just ended are out of force
	}
	if s.self {
		s.self, s.kind = false, tokEnd
		s.stack = s.stack[:len(s.stack)-1]
		return tokEnd, nil
	}
	for {
		if s.pos >= len(s.data) {
			if len(s.stack) > 0 {
				return 0, s.fail("unexpected EOF")
			}
			s.kind = tokEOF
			return tokEOF, nil
		}
		if s.data[s.pos] != '<' {
			end := bytes.IndexByte(s.data[s.pos:], '<')
			if end < 0 {
				end = len(s.data) - s.pos
			}
			raw := s.data[s.pos : s.pos+end]
			if bytes.Contains(raw, []byte("]]>")) {
				return 0, s.fail("unescaped ]]> not in CDATA section")
			}
			if msg := checkText(raw, false); msg != "" {
				return 0, s.fail(msg)
			}
			s.pos += end
			s.kind, s.text, s.cdata = tokText, raw, false
			return tokText, nil
		}
		if s.pos+1 >= len(s.data) {
			return 0, s.fail("unexpected EOF")
		}
		switch s.data[s.pos+1] {
		case '/':
			return s.endTag()
		case '?':
			if err := s.procInst(); err != nil {
				return 0, err
			}
		case '!':
			if k, err := s.bang(); err != nil || k == tokText {
				return k, err
			}
		default:
			return s.startTag()
		}
	}
}

// readName reads a qualified name at s.pos as Decoder's nsname does: more than one colon is an error, a
// colon at either end belongs to the local name.
func (s *scanner) readName() (qname, bool) {
	start, colons, colon, high := s.pos, 0, -1, false
	i := s.pos
	for ; i < len(s.data); i++ {
		c := s.data[i]
		if nameByte[c] == 0 {
			break
		}
		if c == ':' {
			colons, colon = colons+1, i
		}
		high = high || c >= 0x80
	}
	if i == start || colons > 1 || nameByte[s.data[start]] != 1 || high && !isName(s.data[start:i]) {
		return qname{}, false
	}
	s.pos = i
	if colon <= start || colon == i-1 {
		colon = -1
	}
	return qname{int32(start), int32(colon), int32(i)}, true
}

// prefix and local give the parts of a qualified name; the prefix is nil when it has none.
func (s *scanner) prefix(n qname) []byte {
	if n.colon < 0 {
		return nil
	}
	return s.data[n.start:n.colon]
}

func (s *scanner) local(n qname) []byte {
	if n.colon < 0 {
		return s.data[n.start:n.end]
	}
	return s.data[n.colon+1 : n.end]
}

func (s *scanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\r', '\n', '\t':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) endTag() (tokKind, error) {
	s.pos += 2
	name, ok := s.readName()
	if !ok {
		return 0, s.fail("expected element name after </")
	}
	s.space()
	if s.pos >= len(s.data) || s.data[s.pos] != '>' {
		return 0, s.fail("invalid characters between </" + string(s.local(name)) + " and >")
	}
	s.pos++
	if len(s.stack) == 0 {
		return 0, s.fail("unexpected end element </" + string(s.local(name)) + ">")
	}
	top := s.stack[len(s.stack)-1]
	if !bytes.Equal(s.data[top.name.start:top.name.end], s.data[name.start:name.end]) {
		return 0, s.fail("element <" + string(s.local(top.name)) + "> closed by </" + string(s.local(name)) + ">")
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.kind, s.name = tokEnd, top
	return tokEnd, nil
}

func (s *scanner) startTag() (tokKind, error) {
	s.pos++
	name, ok := s.readName()
	if !ok {
		return 0, s.fail("expected element name after <")
	}
	s.attrs = s.attrs[:0]
	el := open{name: name, binds: int32(len(s.binds))}
	for {
		s.space()
		if s.pos >= len(s.data) {
			return 0, s.fail("unexpected EOF")
		}
		c := s.data[s.pos]
		if c == '/' {
			if s.pos+1 >= len(s.data) || s.data[s.pos+1] != '>' {
				return 0, s.fail("expected /> in element")
			}
			s.pos += 2
			s.self = true
			break
		}
		if c == '>' {
			s.pos++
			break
		}
		an, ok := s.readName()
		if !ok {
			return 0, s.fail("expected attribute name in element")
		}
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '=' {
			return 0, s.fail("attribute name without = in element")
		}
		s.pos++
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' && s.data[s.pos] != '\'' {
			return 0, s.fail("unquoted or missing attribute value in element")
		}
		q := s.data[s.pos]
		end := bytes.IndexByte(s.data[s.pos+1:], q)
		if end < 0 {
			return 0, s.fail("unexpected EOF")
		}
		v0, v1 := s.pos+1, s.pos+1+end
		if msg := checkAttr(s.data[v0:v1]); msg != "" {
			return 0, s.fail(msg)
		}
		s.pos = v1 + 1
		if len(s.attrs) == maxAttrs {
			return 0, s.fail("too many attributes")
		}
		a := rawAttr{name: an, v0: int32(v0), v1: int32(v1)}
		s.attrs = append(s.attrs, a)
		// A namespace declaration is in force for the element's own name and attributes too.
		switch p := s.prefix(an); {
		case string(p) == "xmlns":
			s.binds = append(s.binds, binding{p0: an.colon + 1, p1: an.end, ns: s.nsOfValue(s.data[v0:v1])})
		case p == nil && string(s.local(an)) == "xmlns":
			s.binds = append(s.binds, binding{p0: an.start, p1: an.start, ns: s.nsOfValue(s.data[v0:v1])})
		}
	}
	if len(s.stack) == maxDepth {
		return 0, s.fail("elements nested too deeply")
	}
	s.stack = append(s.stack, el)
	s.kind, s.name = tokStart, el
	return tokStart, nil
}

// nsOfValue is the nsID of a namespace declaration's (escaped) value.
func (s *scanner) nsOfValue(v []byte) nsID {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
		return nsOf[string(v)]
	}
	return nsOf[string(appendText(nil, v, false))]
}

// resolve gives the namespace of prefix: that of its innermost declaration. The prefixes xml and xmlns are
// never ours, and an undeclared prefix names no namespace we know (the decoder keeps it as the space).
// An element without a prefix is in the default namespace (prefix nil matches the default's empty one).
func (s *scanner) resolve(prefix []byte) nsID {
	if string(prefix) == "xml" || string(prefix) == "xmlns" {
		return nsOther
	}
	for i := len(s.binds) - 1; i >= 0; i-- {
		if b := s.binds[i]; bytes.Equal(s.data[b.p0:b.p1], prefix) {
			return b.ns
		}
	}
	return nsOther
}

func (s *scanner) is(ns nsID, local string) bool {
	return string(s.local(s.name.name)) == local && s.resolve(s.prefix(s.name.name)) == ns
}

// attr finds the attribute; one without a prefix is in no namespace, so never one of ours.
func (s *scanner) attr(ns nsID, local string) (string, bool) {
	for _, a := range s.attrs {
		if a.name.colon >= 0 && string(s.local(a.name)) == local && s.resolve(s.prefix(a.name)) == ns {
			v := s.data[a.v0:a.v1]
			if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 {
				return string(v), true
			}
			return string(appendText(nil, v, false)), true
		}
	}
	return "", false
}

func (s *scanner) appendText(dst []byte) []byte { return appendText(dst, s.text, s.cdata) }

// procInst passes over a processing instruction; the XML declaration may name only version 1.0 and UTF-8.
func (s *scanner) procInst() error {
	s.pos += 2
	i := s.pos
	for i < len(s.data) && (s.data[i] >= 0x80 || isNameByte(s.data[i])) {
		i++
	}
	target := s.data[s.pos:i]
	if !isName(target) {
		return s.fail("expected target name after <?")
	}
	s.pos = i
	s.space()
	end := bytes.Index(s.data[s.pos:], []byte("?>"))
	if end < 0 {
		s.pos = len(s.data)
		return s.fail("unexpected EOF")
	}
	content := string(s.data[s.pos : s.pos+end])
	s.pos += end + 2
	if string(target) == "xml" {
		if ver := procInstParam("version", content); ver != "" && ver != "1.0" {
			return s.fail("unsupported version " + ver)
		}
		if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
			return s.fail("encoding " + enc + " declared")
		}
	}
	return nil
}

// procInstParam finds param="value" in a processing instruction as the decoder does.
func procInstParam(param, s string) string {
	param += "="
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || len(param)+k >= len(sub) {
			return ""
		}
		i += len(param) + k + 1
		if c := sub[len(param)+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// bang reads a comment (passed over) or a CDATA section (a text token); anything else after <! is refused.
func (s *scanner) bang() (tokKind, error) {
	rest := s.data[s.pos+2:]
	switch {
	case bytes.HasPrefix(rest, []byte("--")):
		s.pos += 4
		end := bytes.Index(s.data[s.pos:], []byte("--"))
		if end < 0 || s.pos+end+2 >= len(s.data) {
			s.pos = len(s.data)
			return 0, s.fail("unexpected EOF")
		}
		if s.data[s.pos+end+2] != '>' {
			return 0, s.fail(`invalid sequence "--" not allowed in comments`)
		}
		s.pos += end + 3
		return tokEOF, nil
	case len(rest) > 0 && rest[0] == '-':
		return 0, s.fail("invalid sequence <!- not part of <!--")
	case bytes.HasPrefix(rest, []byte("[CDATA[")):
		s.pos += 9
		end := bytes.Index(s.data[s.pos:], []byte("]]>"))
		if end < 0 {
			return 0, s.fail("unexpected EOF in CDATA section")
		}
		raw := s.data[s.pos : s.pos+end]
		if msg := checkText(raw, true); msg != "" {
			return 0, s.fail(msg)
		}
		s.pos += end + 3
		s.kind, s.text, s.cdata = tokText, raw, true
		return tokText, nil
	case len(rest) > 0 && rest[0] == '[':
		return 0, s.fail("invalid <![ sequence")
	}
	return 0, s.fail("a document type declaration")
}
