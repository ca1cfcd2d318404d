package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"nianbao/locate"
)

// Word .docx: word/document.xml read with encoding/xml. Paragraphs outside tables become lines; each w:tbl
// becomes a grid, w:gridSpan spreading a cell over columns and w:vMerge (restart, then continue) over rows.
// A table nested in a cell is a grid of its own.

// maxDocumentXML caps the unzipped size of word/document.xml (zip bombs).
const maxDocumentXML = 64 << 20

// ErrNotDocx is returned for a zip that holds no word/document.xml (an .xlsx, say).
var ErrNotDocx = errors.New("extract: not a Word document (no word/document.xml)")

func readDocx(name string, data []byte) (*document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", name, err)
	}
	var body []byte
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("extract: %s: %w", name, err)
		}
		body, err = io.ReadAll(io.LimitReader(rc, maxDocumentXML+1))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("extract: %s: %w", name, err)
		}
		if len(body) > maxDocumentXML {
			return nil, fmt.Errorf("%w: %s: word/document.xml", ErrTooLarge, name)
		}
	}
	if body == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotDocx, name)
	}
	if err := countWordCells(name, body); err != nil {
		return nil, err
	}
	d := &document{name: name, format: FormatDocx}
	if err := d.parseWordXML(body); err != nil {
		return nil, fmt.Errorf("extract: %s: word/document.xml: %w", name, err)
	}
	return d, nil
}

// wordCell is a table cell being read, with its merge marks.
type wordCell struct {
	text   strings.Builder
	span   int
	vMerge string // "", "restart" or "continue"
}

// wordTable is a table being read.
type wordTable struct {
	rows [][]*wordCell
}

// parseWordXML walks the document with a token decoder, keeping a stack of open tables.
func (d *document) parseWordXML(body []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var (
		tables []*wordTable
		cells  []*wordCell // the open cell of each open table
		para   strings.Builder
		inText bool // inside w:t, the only element whose character data is text
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				tables = append(tables, &wordTable{})
				cells = append(cells, nil)
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].rows = append(tables[n-1].rows, nil)
				}
			case "tc":
				if n := len(tables); n > 0 && len(tables[n-1].rows) > 0 {
					c := &wordCell{span: 1}
					tb := tables[n-1]
					tb.rows[len(tb.rows)-1] = append(tb.rows[len(tb.rows)-1], c)
					cells[n-1] = c
				}
			case "gridSpan", "vMerge":
				if n := len(cells); n > 0 && cells[n-1] != nil {
					val := attr(t, "val")
					if t.Name.Local == "gridSpan" {
						if v, err := strconv.Atoi(val); err == nil && v > 1 {
							cells[n-1].span = min(v, maxSpan)
						}
					} else if val == "restart" {
						cells[n-1].vMerge = "restart"
					} else {
						cells[n-1].vMerge = "continue"
					}
				}
			case "t":
				inText = true
			case "tab":
				para.WriteString(" ")
			case "br", "cr":
				para.WriteString(" ")
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				text := para.String()
				para.Reset()
				if n := len(cells); n > 0 && cells[n-1] != nil {
					if cells[n-1].text.Len() > 0 {
						cells[n-1].text.WriteString(" ")
					}
					cells[n-1].text.WriteString(text)
				} else if strings.TrimSpace(text) != "" {
					d.lines = append(d.lines, textLine{N: len(d.lines) + 1, Text: text})
				}
			case "tc":
				if n := len(cells); n > 0 {
					cells[n-1] = nil
				}
			case "tbl":
				n := len(tables)
				if n == 0 {
					continue
				}
				d.grids = append(d.grids, locate.Grid{Name: gridName(len(d.grids)), Rows: spread(tables[n-1].spans())})
				d.lines = append(d.lines, textLine{N: len(d.lines) + 1, Text: gridName(len(d.grids) - 1), Table: true})
				tables, cells = tables[:n-1], cells[:n-1]
			}
		}
	}
	return nil
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// spans turns the Word cells into span cells: a vMerge restart spans down over the continue cells below it
// in the same grid column, which are then dropped.
func (t *wordTable) spans() [][]spanCell {
	type at struct{ r, i int }
	out := make([][]spanCell, len(t.rows))
	open := map[int]at{} // grid column → the restart cell covering it
	for r, row := range t.rows {
		col := 0
		for _, c := range row {
			switch c.vMerge {
			case "continue":
				if o, ok := open[col]; ok {
					out[o.r][o.i].rowspan++
					col += c.span
					continue
				}
			case "restart":
				open[col] = at{r, len(out[r])}
			default:
				delete(open, col)
			}
			out[r] = append(out[r], spanCell{text: foldSpace(c.text.String()), colspan: c.span, rowspan: 1})
			col += c.span
		}
	}
	return out
}
