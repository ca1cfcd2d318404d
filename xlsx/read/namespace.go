package read

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"nianbao/xlsx/read/internal/ooxml"
)

// isMain reports whether an element name (as translated by xml.Decoder.Token) is in the spreadsheet
// namespace. A part that declares no namespace at all ("") is read as if it did: some generators omit it.
func isMain(n xml.Name, local string) bool {
	return n.Local == local && (n.Space == ooxml.NsMain || n.Space == ooxml.NsMainStrict || n.Space == "")
}

// isPkgRel reports whether an element of a .rels part is the named element of the package namespace.
func isPkgRel(n xml.Name, local string) bool {
	return n.Local == local && (n.Space == ooxml.NsPkgRel || n.Space == "")
}

// relID returns the r:id attribute of a tag by namespace, "" when it has none.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && (a.Name.Space == ooxml.NsRel || a.Name.Space == ooxml.NsRelStrict) {
			return a.Value
		}
	}
	return ""
}

// plainAttr returns the value of an attribute without namespace ("" when absent): r="B2" but not x:r="B2".
func plainAttr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// newDecoder returns a strict decoder of a part. A part in UTF-16 (byte order mark FF FE or FE FF, which the
// XML specification allows and Excel reads) is transcoded to UTF-8 first; other encodings named in the XML
// declaration go through charset.
func newDecoder(r io.Reader) *xml.Decoder {
	br := bufio.NewReaderSize(r, 32<<10)
	utf16 := false
	if head, _ := br.Peek(2); len(head) == 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		utf16 = true
	}
	var src io.Reader = br
	if utf16 {
		src = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	}
	d := xml.NewDecoder(src)
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if utf16 && strings.HasPrefix(strings.ToLower(label), "utf-16") {
			return in, nil // already transcoded
		}
		return charset.NewReaderLabel(label, in)
	}
	return d
}
