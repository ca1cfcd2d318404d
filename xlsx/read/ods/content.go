package ods

import (
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
	t        tokens
	lim      book.Limits
	bl       *book.Builder
	b        *book.Book
	hidden   map[string]bool // table styles with table:display="false"
	nullDate int             // days from 1899-12-30 to the file's null date
	style    string          // the table style:style being read
	sheet    *book.Sheet
	row, col int
	cells    []parsed
	text     []byte // the text of the cell being read
}

// readContent reads the tokens of content.xml into a Book: styles first (the hidden table styles), then
// the tables of the body.
func readContent(t tokens, lim book.Limits) (*book.Book, error) {
	cr := &contentReader{t: t, lim: lim, bl: book.NewBuilder(lim), b: &book.Book{}, hidden: map[string]bool{}}
	for {
		k, err := t.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEOF:
			return cr.b, nil
		case tokStart:
			if err := cr.start(); err != nil {
				return nil, err
			}
		case tokEnd:
			if err := cr.end(); err != nil {
				return nil, err
			}
		}
	}
}

// start handles a start element outside rows; an element it reads to its end (a row, or one skipped)
// is consumed with its end.
func (cr *contentReader) start() error {
	t := cr.t
	switch {
	case t.is(nsStyle, "style"):
		cr.style = ""
		if f, _ := t.attr(nsStyle, "family"); f == "table" {
			cr.style, _ = t.attr(nsStyle, "name")
		}
	case t.is(nsStyle, "table-properties"):
		if d, _ := t.attr(nsTable, "display"); cr.style != "" && d == "false" {
			cr.hidden[cr.style] = true
		}
	case t.is(nsTable, "null-date"):
		if v, _ := t.attr(nsTable, "date-value"); v != "" {
			if d, _, ok := dateSerial(v, 0); ok {
				cr.nullDate = int(d)
				cr.b.Date1904 = v == "1904-01-01"
			}
		}
	case t.is(nsTable, "table"):
		if cr.sheet != nil {
			return cr.skip() // a table inside a table (a cell's sub-table)
		}
		if len(cr.b.Sheets) >= cr.lim.MaxSheets {
			return book.TooLarge("", book.LimitSheets, strconv.Itoa(cr.lim.MaxSheets))
		}
		name, _ := t.attr(nsTable, "name")
		cr.sheet = &book.Sheet{Name: name}
		if st, _ := t.attr(nsTable, "style-name"); cr.hidden[st] {
			cr.sheet.State = book.Hidden
		}
		cr.row = 0
	case t.is(nsTable, "table-row"):
		if cr.sheet == nil {
			return cr.skip()
		}
		return cr.readRow()
	case t.is(nsOffice, "annotation"), t.is(nsDraw, "frame"), t.is(nsTable, "shapes"):
		return cr.skip()
	}
	return nil
}

func (cr *contentReader) end() error {
	switch {
	case cr.t.is(nsStyle, "style"):
		cr.style = ""
	case cr.t.is(nsTable, "table"):
		if cr.sheet != nil {
			if err := cr.bl.ApplyMerges(cr.sheet); err != nil {
				return err
			}
			cr.b.Sheets = append(cr.b.Sheets, cr.sheet)
			cr.sheet = nil
		}
	}
	return nil
}

// skip passes over the rest of the element just started, its end included.
func (cr *contentReader) skip() error {
	for depth := 1; depth > 0; {
		k, err := cr.t.next()
		if err != nil {
			return err
		}
		switch k {
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}
