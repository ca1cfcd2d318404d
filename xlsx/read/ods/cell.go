package ods

import (
	"strconv"
	"strings"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// readRow reads one table:table-row, its end included, and stores its cells once per repetition.
// Repetitions of a row holding nothing only move the position; those of a row with content are stored,
// within the cell budget.
func (cr *contentReader) readRow() error {
	a, _ := cr.t.attr(nsTable, "number-rows-repeated")
	repeat := attrInt(a)
	cr.col, cr.cells = 0, cr.cells[:0]
	for {
		k, err := cr.t.next()
		if err != nil {
			return err
		}
		if k == tokEnd {
			break
		}
		if k != tokStart {
			continue
		}
		covered := cr.t.is(nsTable, "covered-table-cell")
		if !covered && !cr.t.is(nsTable, "table-cell") {
			if err := cr.skip(); err != nil {
				return err
			}
			continue
		}
		if err := cr.cell(covered); err != nil {
			return err
		}
	}
	if len(cr.cells) > 0 {
		for i := 0; i < repeat; i++ {
			for _, p := range cr.cells {
				for k := 0; k < p.repeat; k++ {
					if err := cr.bl.Put(cr.sheet, cr.row+i, p.col+k, p.cell); err != nil {
						return err
					}
				}
			}
		}
	}
	cr.row += repeat
	return nil
}

// cellAttrs are the attributes of a table cell the reader uses.
type cellAttrs struct {
	repeat, colSpan, rowSpan        string
	formula, valueType, calcextType string
	value, date, time, boolean, str string
}

func (cr *contentReader) cellAttrs() cellAttrs {
	t := cr.t
	var a cellAttrs
	a.repeat, _ = t.attr(nsTable, "number-columns-repeated")
	a.colSpan, _ = t.attr(nsTable, "number-columns-spanned")
	a.rowSpan, _ = t.attr(nsTable, "number-rows-spanned")
	a.formula, _ = t.attr(nsTable, "formula")
	a.valueType, _ = t.attr(nsOffice, "value-type")
	a.calcextType, _ = t.attr(nsCalcext, "value-type")
	a.value, _ = t.attr(nsOffice, "value")
	a.date, _ = t.attr(nsOffice, "date-value")
	a.time, _ = t.attr(nsOffice, "time-value")
	a.boolean, _ = t.attr(nsOffice, "boolean-value")
	a.str, _ = t.attr(nsOffice, "string-value")
	return a
}

// cell reads one table cell (up to its end element) at the current column and moves past its repeats.
func (cr *contentReader) cell(covered bool) error {
	a := cr.cellAttrs()
	repeat := attrInt(a.repeat)
	text, err := cr.cellText()
	if err != nil {
		return err
	}
	col := cr.col
	cr.col += repeat
	if cs, rs := attrInt(a.colSpan), attrInt(a.rowSpan); !covered && (cs > 1 || rs > 1) {
		if err := cr.bl.Spend(cr.sheet.Name, 1); err != nil {
			return err
		}
		cr.sheet.Merges = append(cr.sheet.Merges, book.Range{R1: cr.row, C1: col, R2: cr.row + rs - 1, C2: col + cs - 1})
	}
	cell, err := cr.value(a, text, col)
	if err != nil {
		if covered {
			return nil // a value nobody sees
		}
		return err
	}
	if covered {
		// hidden under a merged range, which shows the top-left cell's text only: what it holds is kept as
		// Covered, as the .xlsx reader does for LibreOffice's conversion
		cell = locate.Cell{Covered: cell.Text}
	}
	if cell.Text == "" && cell.Formula == "" && cell.Covered == "" {
		return nil
	}
	if len(text) > 4*cr.lim.MaxStringLen {
		e := book.TooLarge(cr.sheet.Name, book.LimitStringLen, strconv.Itoa(cr.lim.MaxStringLen)+" 个字符")
		e.Cell = book.CellName(cr.row, col)
		return e
	}
	cr.cells = append(cr.cells, parsed{col: col, repeat: repeat, cell: cell})
	return nil
}

// cellText collects the cell's paragraphs (text:p, joined by line breaks) with their spans, text:s spaces,
// tabs and line breaks; annotations and frames are skipped.
func (cr *contentReader) cellText() (string, error) {
	t := cr.t
	b := cr.text[:0]
	paras := 0
	for depth := 1; depth > 0; {
		k, err := t.next()
		if err != nil {
			return "", err
		}
		switch k {
		case tokStart:
			depth++
			switch {
			case t.is(nsText, "p"), t.is(nsText, "h"):
				if paras++; paras > 1 {
					b = append(b, '\n')
				}
			case t.is(nsText, "s"):
				c, _ := t.attr(nsText, "c")
				for n := min(attrInt(c), 1024); n > 0; n-- {
					b = append(b, ' ')
				}
			case t.is(nsText, "tab"):
				b = append(b, '\t')
			case t.is(nsText, "line-break"):
				b = append(b, '\n')
			case t.is(nsOffice, "annotation"), t.is(nsDraw, "frame"), t.is(nsText, "note"), t.is(nsTable, "table"):
				depth--
				if err := cr.skip(); err != nil {
					return "", err
				}
			}
		case tokEnd:
			depth--
		case tokText:
			if depth >= 2 {
				b = t.appendText(b)
			}
		}
		if len(b) > 4*cr.lim.MaxStringLen+4 {
			e := book.TooLarge(cr.sheet.Name, book.LimitStringLen, strconv.Itoa(cr.lim.MaxStringLen)+" 个字符")
			e.Cell = book.CellName(cr.row, cr.col)
			return "", e
		}
	}
	cr.text = b
	return string(b), nil
}

// value makes the cell from its value type and value attributes, as LibreOffice writes them into .xlsx.
func (cr *contentReader) value(a cellAttrs, text string, col int) (locate.Cell, error) {
	cell := locate.Cell{Formula: formula(a.formula)}
	bad := func(v string) (locate.Cell, error) {
		return cell, book.Corrupt(cr.sheet.Name, book.CellName(cr.row, col), "单元格的值“"+clip(v)+"”无效", nil)
	}
	switch a.valueType {
	case "float", "percentage", "currency":
		f, err := strconv.ParseFloat(strings.TrimSpace(a.value), 64)
		if err != nil {
			return bad(a.value)
		}
		cell.Text = book.Number(f)
	case "date":
		d, frac, ok := dateSerial(a.date, cr.nullDate)
		if !ok {
			return bad(a.date)
		}
		cell.Text = book.Number(d + frac)
	case "time":
		f, ok := duration(a.time)
		if !ok {
			return bad(a.time)
		}
		cell.Text = book.Number(f)
	case "boolean":
		switch a.boolean {
		case "true", "1":
			cell.Text = "TRUE"
		default:
			cell.Text = "FALSE"
		}
	default: // string, or no type: the paragraphs' text
		if a.str != "" {
			text = a.str
		}
		// An error value (#DIV/0!) is not a number, as in the .xlsx reader; LibreOffice marks it in its own
		// namespace (calcext:value-type="error").
		isErr := a.valueType == "error" || a.calcextType == "error"
		cell.Text, cell.Str = text, isErr || cell.Formula == ""
	}
	return cell, nil
}

// clip shortens hostile text quoted in messages.
func clip(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
