package extract

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"nianbao/locate"
	"nianbao/xlsx/read"
)

// HTML pages: every <table> becomes a grid, with colspan and rowspan spread as merged ranges (text in the
// top-left cell, the rest blank); a table nested in a cell is a grid of its own and not part of the cell's
// text. The text outside tables becomes the document's lines, one per block element or <br>.

// maxSpan caps colspan and rowspan: a hostile page must not make us allocate a grid of a billion cells.
const maxSpan = 200

// blockAtoms end a line of text.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Tr: true, atom.Title: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Center: true, atom.Blockquote: true,
}

// readHTML reads a page, its charset found as for a page saved as .xls (read.DecodeHTML).
func readHTML(name string, data []byte) (*document, error) {
	root, err := html.Parse(read.DecodeHTML(data))
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", name, err)
	}
	d := &document{name: name, format: FormatHTML}
	var cur strings.Builder
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			d.lines = append(d.lines, textLine{N: len(d.lines) + 1, Text: t})
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			cur.WriteString(n.Data)
			return
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style):
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Table:
			flush()
			d.addTable(n)
			d.lines = append(d.lines, textLine{N: len(d.lines) + 1, Text: gridName(len(d.grids) - 1), Table: true})
			return
		}
		block := n.Type == html.ElementNode && blockAtoms[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(root)
	flush()
	return d, nil
}

// addTable appends the grid of a <table> element, then the grids of tables nested in its cells.
func (d *document) addTable(t *html.Node) {
	var rows [][]spanCell
	var nested []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				var row []spanCell
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						row = append(row, spanCell{
							text:    cellText(td, &nested),
							colspan: spanAttr(td, "colspan"),
							rowspan: spanAttr(td, "rowspan"),
						})
					}
				}
				rows = append(rows, row)
			case atom.Table: // a table directly inside a table's structure (malformed): its own grid
				nested = append(nested, c)
			default: // thead, tbody, tfoot, and wrappers some editors leave
				visit(c)
			}
		}
	}
	visit(t)
	d.grids = append(d.grids, locate.Grid{Name: gridName(len(d.grids)), Rows: spread(rows)})
	for _, n := range nested {
		d.addTable(n)
	}
}

// cellText is the text of a cell with its whitespace folded; tables inside it are collected, not read.
func cellText(td *html.Node, nested *[]*html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.DataAtom == atom.Table:
			*nested = append(*nested, n)
			return
		case n.Type == html.ElementNode && (n.DataAtom == atom.Br || n.DataAtom == atom.P):
			b.WriteString(" ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(td)
	return foldSpace(b.String())
}

// foldSpace trims and folds runs of white space (including &nbsp; and the ideographic space) into one space.
func foldSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000' || r == '\f'
	}), " ")
}

func spanAttr(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, name) {
			v, err := strconv.Atoi(strings.TrimSpace(a.Val))
			if err != nil || v < 1 {
				return 1
			}
			return min(v, maxSpan)
		}
	}
	return 1
}
