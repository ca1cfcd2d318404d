package ods

import (
	"encoding/xml"
	"errors"
	"io"
	"strconv"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// parsed is one cell of the row being read, with its repeat count.
type parsed struct {
	col, repeat int
	cell        locate.Cell
}

// contentReader holds the state of one pass over content.xml.
type contentReader struct {
	d        *xml.Decoder
	lim      book.Limits
	bl       *book.Builder
	b        *book.Book
	hidden   map[string]bool // table styles with table:display="false"
	nullDate int             // days from 1899-12-30 to the file's null date
	style    string          // the style:style being read
	sheet    *book.Sheet
	row, col int
	cells    []parsed
	consumed bool // start read the element up to its end
}

// readContent streams content.xml into a Book: all of it, or from the body on, with the hidden table
// styles found before it and depth the number of elements open there.
func readContent(r io.Reader, lim book.Limits, hidden map[string]bool, depth int) (*book.Book, error) {
	cr := &contentReader{d: xml.NewDecoder(r), lim: lim, bl: book.NewBuilder(lim), b: &book.Book{},
		hidden: hidden}
	cr.d.Strict = true
	// RawToken does not check nesting: a document cut short inside an element is damaged
	for {
		tok, err := cr.d.RawToken()
		if err == io.EOF {
			if depth != 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return cr.b, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if err := cr.start(t); err != nil {
				return nil, err
			}
			if cr.consumed {
				cr.consumed, depth = false, depth-1
			}
		case xml.EndElement:
			if depth--; depth < 0 {
				return nil, errors.New("ods: end element without start")
			}
			cr.end(t)
		}
	}
}

func attr(se xml.StartElement, space, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && a.Name.Space == space {
			return a.Value
		}
	}
	return ""
}

func (cr *contentReader) start(se xml.StartElement) error {
	switch se.Name.Space + ":" + se.Name.Local {
	case "style:style":
		cr.style = ""
		if attr(se, "style", "family") == "table" {
			cr.style = attr(se, "style", "name")
		}
	case "style:table-properties":
		if cr.style != "" && attr(se, "table", "display") == "false" {
			cr.hidden[cr.style] = true
		}
	case "table:null-date":
		if v := attr(se, "table", "date-value"); v != "" {
			if d, _, ok := dateSerial(v, 0); ok {
				cr.nullDate = int(d)
				cr.b.Date1904 = v == "1904-01-01"
			}
		}
	case "table:table":
		if cr.sheet != nil {
			return cr.skip() // a table inside a table (a cell's sub-table)
		}
		if len(cr.b.Sheets) >= cr.lim.MaxSheets {
			return book.TooLarge("", book.LimitSheets, strconv.Itoa(cr.lim.MaxSheets))
		}
		cr.sheet = &book.Sheet{Name: attr(se, "table", "name")}
		if cr.hidden[attr(se, "table", "style-name")] {
			cr.sheet.State = book.Hidden
		}
		cr.row = 0
	case "table:table-row":
		if cr.sheet == nil {
			return cr.skip()
		}
		cr.consumed = true
		return cr.readRow(se)
	case "office:annotation", "draw:frame", "table:shapes":
		return cr.skip()
	}
	return nil
}

func (cr *contentReader) end(ee xml.EndElement) {
	switch ee.Name.Space + ":" + ee.Name.Local {
	case "style:style":
		cr.style = ""
	case "table:table":
		if cr.sheet != nil {
			book.ApplyMerges(cr.sheet)
			cr.b.Sheets = append(cr.b.Sheets, cr.sheet)
			cr.sheet = nil
		}
	}
}

// skip passes over the rest of the element just started.
func (cr *contentReader) skip() error {
	cr.consumed = true
	for depth := 1; depth > 0; {
		tok, err := cr.d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}
