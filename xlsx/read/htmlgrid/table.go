package htmlgrid

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"nianbao/locate"
)

// table is a table being read.
type table struct {
	slot    int // index in the page order of tables
	rows    [][]locate.Cell
	covered map[[2]int]bool // positions taken by rowspans from rows above
	inRow   bool
	cell    *strings.Builder // text of the open cell, nil outside cells
	cellAt  [2]int
	raw     string // x:num of the open cell
	str     bool
}

// startCell opens a cell at the next free position of the current row and reserves its spans, taking
// the cells it covers from budget. A merged range larger than what is left of the budget is read as one
// cell; it reports false when not even that is left.
func (t *table) startCell(tok html.Token, budget *int) bool {
	r := len(t.rows) - 1
	c := len(t.rows[r])
	for t.covered[[2]int{r, c}] {
		c++
	}
	colspan, rowspan := span(tok, "colspan"), span(tok, "rowspan")
	if colspan*rowspan > *budget {
		colspan, rowspan = 1, 1
	}
	if *budget -= colspan * rowspan; *budget < 0 {
		return false
	}
	for dr := 0; dr < rowspan; dr++ {
		for dc := 0; dc < colspan; dc++ {
			if dr > 0 || dc > 0 {
				t.covered[[2]int{r + dr, c + dc}] = true
			}
		}
	}
	for len(t.rows[r]) < c+colspan {
		t.rows[r] = append(t.rows[r], locate.Cell{})
	}
	t.cell, t.cellAt = &strings.Builder{}, [2]int{r, c}
	t.raw, t.str = "", false
	for _, a := range tok.Attr {
		switch a.Key {
		case "x:num": // Excel's raw number of a page it saved
			t.raw = strings.TrimSpace(a.Val)
		case "x:str":
			t.str = true
		}
	}
	return true
}

// endCell stores the open cell's text: white space collapsed within each line, lines (from <br>, <p>
// and <div>) trimmed, and Excel's raw number instead of the shown text when the page has one.
func (t *table) endCell() {
	if t.cell == nil {
		return
	}
	text := strings.Join(strings.FieldsFunc(t.cell.String(), func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\u00a0'
	}), " ")
	lines := strings.Split(text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	text = strings.TrimSpace(strings.Join(lines, "\n"))
	if t.raw != "" {
		if _, err := strconv.ParseFloat(t.raw, 64); err == nil {
			text = t.raw
		}
	}
	t.rows[t.cellAt[0]][t.cellAt[1]] = locate.Cell{Text: text, Str: t.str}
	t.cell = nil
}

// span reads a colspan/rowspan attribute: 1 when absent or invalid, at most maxSpan.
func span(tok html.Token, key string) int {
	for _, a := range tok.Attr {
		if strings.EqualFold(a.Key, key) {
			n, err := strconv.Atoi(strings.TrimSpace(a.Val))
			if err != nil || n < 1 {
				return 1
			}
			return min(n, maxSpan)
		}
	}
	return 1
}
