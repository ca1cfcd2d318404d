package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"nianbao/xlsx/read/htmlgrid"
)

// HTML pages are read by htmlgrid, the reader of pages saved as .xls too (one charset rule, one
// tokenizer): every <table> with some text becomes a grid, with colspan and rowspan spread as merged
// ranges (text in the top-left cell, the rest blank); a table nested in a cell is a grid of its own and
// not part of the cell's text. The text outside tables becomes the document's lines, one per block
// element or <br>, with a line in place of each table. Cell text is folded onto one line here.
func readHTML(name string, data []byte) (*document, error) {
	page, err := htmlgrid.Read(context.Background(), data, htmlgrid.Limits{MaxCells: MaxCells})
	if le := (*htmlgrid.LimitError)(nil); errors.As(err, &le) && le.Limit == "cells" {
		return nil, fmt.Errorf("%w: %s: %v", ErrTooManyCells, name, err) // spans counted, which countCells does not
	}
	if err != nil {
		return nil, fmt.Errorf("extract: %s: %w", name, err)
	}
	d := &document{name: name, format: FormatHTML, grids: page.Grids}
	for _, g := range d.grids {
		for _, row := range g.Rows {
			for i := range row {
				row[i].Text = foldSpace(row[i].Text)
			}
		}
	}
	for _, l := range page.Lines {
		d.lines = append(d.lines, textLine{N: len(d.lines) + 1, Text: l.Text, Table: l.Grid >= 0})
	}
	return d, nil
}

// foldSpace trims and folds runs of white space (including &nbsp; and the ideographic space) into one space.
func foldSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u3000' || r == '\f'
	}), " ")
}
