package ods

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"

	"nianbao/xlsx/read/book"
)

// xmlTokens is the reference for the byte scanner: the same tokens from encoding/xml's strict Decoder.Token,
// which resolves namespaces itself and checks that elements nest. A document type declaration is refused,
// as the scanner refuses it, and so is an element beyond the scanner's bounds (maxDepth, maxAttrs).
type xmlTokens struct {
	d     *xml.Decoder
	name  xml.Name
	se    xml.StartElement
	text  []byte
	depth int
}

// uriOf is the namespace URI of each nsID.
var uriOf = func() map[nsID]string {
	m := map[nsID]string{}
	for uri, id := range nsOf {
		m[id] = uri
	}
	return m
}()

func (x *xmlTokens) next() (tokKind, error) {
	for {
		tok, err := x.d.Token()
		if err == io.EOF {
			return tokEOF, nil
		}
		if err != nil {
			return 0, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(t.Attr) > maxAttrs || x.depth == maxDepth {
				return 0, errors.New("beyond the scanner's bounds")
			}
			x.se, x.name = t, t.Name
			x.depth++
			return tokStart, nil
		case xml.EndElement:
			x.name = t.Name
			x.depth--
			return tokEnd, nil
		case xml.CharData:
			x.text = t
			return tokText, nil
		case xml.Directive:
			return 0, errors.New("document type declaration")
		}
	}
}

func (x *xmlTokens) is(ns nsID, local string) bool {
	return ns != nsOther && x.name.Local == local && x.name.Space == uriOf[ns]
}

func (x *xmlTokens) attr(ns nsID, local string) (string, bool) {
	for _, a := range x.se.Attr {
		if ns != nsOther && a.Name.Local == local && a.Name.Space == uriOf[ns] {
			return a.Value, true
		}
	}
	return "", false
}

func (x *xmlTokens) appendText(dst []byte) []byte { return append(dst, x.text...) }

// readReference reads an .ods as Read does, with encoding/xml in place of the scanner.
func readReference(data []byte, lim book.Limits) (*book.Book, error) {
	xmlData, err := contentXML(data, lim)
	if err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(xmlData))
	d.Strict = true
	return readXML(lim, &xmlTokens{d: d})
}
