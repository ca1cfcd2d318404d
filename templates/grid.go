package templates

import (
	"math"
	"unicode/utf8"

	"nianbao/model"
)

// lineHeight is the height in points of one line of wrapped text at the default font size.
const lineHeight = 16

// builder places cells on one sheet and records keys and labels in the workbook.
type builder struct {
	w *Workbook
	s *Sheet
}

func newBuilder(w *Workbook, name, title string, widths ...float64) *builder {
	s := &Sheet{Name: name, Title: title, ColWidths: widths, RowHeights: map[int]float64{}}
	w.Sheets = append(w.Sheets, s)
	b := &builder{w: w, s: s}
	if title != "" {
		b.put(Placed{Text: title, Style: Title}, 1, 1, max(len(widths), 1), 1)
		s.RowHeights[1] = 28
		s.PrintRows = 1
	}
	return b
}

// put places p with its top-left at (c1, r1), merged to (c2, r2) when that is a larger range, and returns
// the placed cell.
func (b *builder) put(p Placed, c1, r1, c2, r2 int) Placed {
	p.Ref = model.CellRef(c1, r1)
	if c2 != c1 || r2 != r1 {
		p.Range = RangeRef(c1, r1, c2, r2)
		b.s.Merges = append(b.s.Merges, p.Range)
	}
	b.s.Cells = append(b.s.Cells, p)
	b.s.Width, b.s.Height = max(b.s.Width, c2), max(b.s.Height, r2)
	return p
}

// label places a table label and records it for readers.
func (b *builder) label(text string, st Style, c1, r1, c2, r2 int) LabelCell {
	p := b.put(Placed{Text: text, Style: st}, c1, r1, c2, r2)
	l := LabelCell{Sheet: b.s.Name, Ref: p.Ref, Range: p.Range, Text: text}
	b.w.labels = append(b.w.labels, l)
	return l
}

// value places the cell of a key: an input, or a total whose formula sums its parts.
func (b *builder) value(c model.Cell, col, row, col2 int, rowLabel, colLabel LabelCell) {
	p := Placed{Key: c.Key, Kind: c.Kind, Style: Input}
	if !c.Input() {
		p.Style = Total
		p.Cached = func(r *model.Report) any { return r.Get(c.Key) }
	}
	p = b.put(p, col, row, col2, row)
	b.w.places[c.Key] = KeyPlace{Key: c.Key, Sheet: b.s.Name, Ref: p.Ref, Range: p.Range,
		RowLabel: rowLabel, ColLabel: colLabel}
	for cc := col; cc <= col2; cc++ {
		b.w.keyAt[[2]string{b.s.Name, model.CellRef(cc, row)}] = c.Key
	}
}

// formulas sets the formula of every total cell of the sheet from the places of the keys it sums. It
// runs after all keys are placed.
func (b *builder) formulas() {
	form := model.FormOf(b.w.Version)
	for i, p := range b.s.Cells {
		if p.Style != Total || p.Key == "" {
			continue
		}
		c, _ := form.Cell(p.Key)
		refs := make([]string, len(c.Sum))
		for j, k := range c.Sum {
			refs[j] = b.w.places[k].Ref
		}
		b.s.Cells[i].Formula = sumFormula("", refs, nil)
	}
}

// textWidth is the width of a text in Excel character units: CJK and other wide characters count two.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x2E80 || (r >= 0xFF61 && r <= 0xFFDC) {
			w++
		} else {
			w += 2
		}
	}
	return w
}

// fitRows raises row heights so that every wrapped text shows whole in the width of its range.
func (b *builder) fitRows() {
	for _, p := range b.s.Cells {
		if p.Text == "" || utf8.RuneCountInString(p.Text) < 2 {
			continue
		}
		c1, r1, c2, r2, _ := ParseRange(p.Ref)
		if p.Range != "" {
			c1, r1, c2, r2, _ = ParseRange(p.Range)
		}
		width := 0.0
		for c := c1; c <= c2; c++ {
			width += b.colWidth(c)
		}
		lines := math.Ceil(textWidth(p.Text) / math.Max(width-1.5, 1))
		need := lines * lineHeight
		if p.Style == Title {
			need = math.Max(need, 28)
		}
		per := math.Ceil(need / float64(r2-r1+1))
		for r := r1; r <= r2; r++ {
			if per > lineHeight && per > b.s.RowHeights[r] {
				b.s.RowHeights[r] = per
			}
		}
	}
}

func (b *builder) colWidth(c int) float64 {
	if c-1 < len(b.s.ColWidths) {
		return b.s.ColWidths[c-1]
	}
	return 9
}
