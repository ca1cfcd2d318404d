// Package htmlgrid reads a web page into grids of cell text, one per <table>, and the lines of its text
// outside tables. It is the one HTML reader of the project: xlsx/read uses it for pages saved as .xls (OA
// exports), extract for published annual reports. The page's charset is found by one rule (decode); the
// page is tokenized once, streaming, within limits, so a hostile page costs no more than its cells.
package htmlgrid

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"nianbao/locate"
)

// Limits bound what one page may make the reader hold.
type Limits struct {
	// MaxCells bounds the cells of all tables of the page (a merged range counts the cells it covers, unless
	// it would exceed the bound alone: then it is read as one cell, the way a browser gives up on it).
	MaxCells int
	// MaxRows bounds the rows of one table.
	MaxRows int
	// MaxText bounds the bytes of text of one cell.
	MaxText int
}

// Page is what a web page holds.
type Page struct {
	// Grids are the tables with some text, in the order they start (a nested table after the table it is
	// in), named 表格1, 表格2…. A merged range keeps its text in its top-left cell; the others are blank.
	Grids []locate.Grid
	// Lines are the text outside tables in reading order, one per block element or <br>, trimmed, with a
	// line for the place of each outermost table.
	Lines []Line
}

// Line is one line of a page's text outside its tables.
type Line struct {
	Text string
	// Grid is the index in Page.Grids of the outermost table at this place (Text is its name), -1 for text.
	Grid int
}

// LimitError is returned for a page beyond one of its Limits.
type LimitError struct {
	// Limit is "cells", "rows" or "text".
	Limit string
	Max   int
}

func (e *LimitError) Error() string {
	return "htmlgrid: more than " + strconv.Itoa(e.Max) + " " + e.Limit
}

// ErrNesting is returned for tables nested deeper than maxDepth.
var ErrNesting = errors.New("htmlgrid: tables nested too deep")

const (
	// maxDepth bounds the nesting of tables.
	maxDepth = 64
	// maxSpan caps colspan and rowspan.
	maxSpan = 1000
)

// blocks end a line of the text outside tables.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Tr: true, atom.Title: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Center: true, atom.Blockquote: true,
}

// Read reads a page. It looks at ctx every 4096 tokens and returns ctx.Err() once it is done. Other
// errors are a *LimitError, ErrNesting, or the tokenizer's error for a page it cannot read.
func Read(ctx context.Context, data []byte, lim Limits) (*Page, error) {
	z := html.NewTokenizer(decode(data))
	p := &pageReader{budget: lim.MaxCells, lim: lim}
	for n := 1; ; n++ {
		if n&4095 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() == io.EOF {
				break
			}
			return nil, z.Err()
		}
		if err := p.token(tt, z.Token()); err != nil {
			return nil, err
		}
	}
	for len(p.stack) > 0 { // tables left open at the end of the page
		p.endTable()
	}
	p.flush()
	return p.page(), nil
}

// pageReader is the state of a page being read.
type pageReader struct {
	lim    Limits
	budget int      // cells left
	stack  []*table // open tables, innermost last
	done   []*table
	slots  int             // tables started so far
	skip   string          // inside <script>, <style>…: the tag that ends it
	text   strings.Builder // the current line outside tables
	lines  []Line          // Grid holds the slot of a table until page()
}

// token takes the next token of the page.
func (p *pageReader) token(tt html.TokenType, tok html.Token) error {
	if p.skip != "" {
		if tt == html.EndTagToken && tok.Data == p.skip {
			p.skip = ""
		}
		return nil
	}
	var t *table
	if len(p.stack) > 0 {
		t = p.stack[len(p.stack)-1]
	}
	switch tt {
	case html.StartTagToken, html.SelfClosingTagToken:
		switch tok.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Textarea:
			if tt == html.StartTagToken {
				p.skip = tok.Data
			}
			return nil
		case atom.Table:
			if len(p.stack) >= maxDepth {
				return ErrNesting
			}
			if t == nil {
				p.flush()
			}
			p.stack = append(p.stack, &table{slot: p.slots, covered: map[[2]int]bool{}})
			p.slots++
			return nil
		}
		if t == nil {
			if blocks[tok.DataAtom] {
				p.flush()
			}
			return nil
		}
		return p.cellTag(t, tok)
	case html.EndTagToken:
		switch {
		case tok.DataAtom == atom.Table && t != nil:
			p.endTable()
		case t == nil:
			if blocks[tok.DataAtom] {
				p.flush()
			}
		case tok.DataAtom == atom.Tr:
			t.endCell()
			t.inRow = false
		case tok.DataAtom == atom.Td || tok.DataAtom == atom.Th:
			t.endCell()
		}
	case html.TextToken:
		if t == nil {
			p.text.WriteString(tok.Data)
		} else if t.cell != nil {
			t.cell.WriteString(tok.Data)
			if p.lim.MaxText > 0 && t.cell.Len() > p.lim.MaxText {
				return &LimitError{Limit: "text", Max: p.lim.MaxText}
			}
		}
	}
	return nil
}

// cellTag takes a start tag inside table t: a row, a cell, or a line break inside a cell.
func (p *pageReader) cellTag(t *table, tok html.Token) error {
	switch tok.DataAtom {
	case atom.Tr:
		t.endCell()
		if p.lim.MaxRows > 0 && len(t.rows) >= p.lim.MaxRows {
			return &LimitError{Limit: "rows", Max: p.lim.MaxRows}
		}
		t.rows = append(t.rows, nil)
		t.inRow = true
	case atom.Td, atom.Th:
		t.endCell()
		if !t.inRow {
			t.rows = append(t.rows, nil)
			t.inRow = true
		}
		if !t.startCell(tok, &p.budget) {
			return &LimitError{Limit: "cells", Max: p.lim.MaxCells}
		}
	case atom.Br, atom.P, atom.Div:
		if t.cell != nil && t.cell.Len() > 0 {
			t.cell.WriteByte('\n')
		}
	}
	return nil
}

// endTable closes the innermost open table; an outermost one gets its line.
func (p *pageReader) endTable() {
	t := p.stack[len(p.stack)-1]
	t.endCell()
	p.stack = p.stack[:len(p.stack)-1]
	p.done = append(p.done, t)
	if len(p.stack) == 0 {
		p.lines = append(p.lines, Line{Grid: t.slot})
	}
}

// flush ends the current line of text outside tables.
func (p *pageReader) flush() {
	if s := strings.TrimSpace(p.text.String()); s != "" {
		p.lines = append(p.lines, Line{Text: s, Grid: -1})
	}
	p.text.Reset()
}

// page orders the finished tables by slot, keeps those with some text and names them, and points the
// table lines at their grids (dropping those of tables without text).
func (p *pageReader) page() *Page {
	bySlot := make([]*table, p.slots)
	for _, t := range p.done {
		bySlot[t.slot] = t
	}
	pg := &Page{}
	index := make([]int, p.slots)
	for slot, t := range bySlot {
		index[slot] = -1
		if t != nil && hasText(t.rows) {
			index[slot] = len(pg.Grids)
			pg.Grids = append(pg.Grids, locate.Grid{Name: Name(len(pg.Grids)), Rows: t.rows})
		}
	}
	for _, l := range p.lines {
		if l.Grid >= 0 {
			if l.Grid = index[l.Grid]; l.Grid < 0 {
				continue
			}
			l.Text = pg.Grids[l.Grid].Name
		}
		pg.Lines = append(pg.Lines, l)
	}
	return pg
}

// Name is the name of the n-th grid (from 0) of a page: 表格1, 表格2….
func Name(n int) string { return "表格" + strconv.Itoa(n+1) }

func hasText(rows [][]locate.Cell) bool {
	for _, row := range rows {
		for _, c := range row {
			if c.Text != "" {
				return true
			}
		}
	}
	return false
}
