package ods

import (
	"encoding/xml"
	"strconv"
	"strings"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// readRow reads one table:table-row and stores its cells once per repetition. Repetitions of a row holding
// nothing only move the position; those of a row with content are stored, within the cell budget.
func (cr *contentReader) readRow(se xml.StartElement) error {
	repeat := attrInt(attr(se, "table", "number-rows-repeated"))
	cr.col, cr.cells = 0, cr.cells[:0]
	for {
		tok, err := cr.d.RawToken()
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		name := t.Name.Space + ":" + t.Name.Local
		if name != "table:table-cell" && name != "table:covered-table-cell" {
			if err := cr.skip(); err != nil {
				return err
			}
			continue
		}
		if err := cr.cell(t, name == "table:covered-table-cell"); err != nil {
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

// cell reads one table cell (up to its end element) at the current column and moves past its repeats.
func (cr *contentReader) cell(se xml.StartElement, covered bool) error {
	repeat := attrInt(attr(se, "table", "number-columns-repeated"))
	text, err := cr.cellText()
	if err != nil {
		return err
	}
	col := cr.col
	cr.col += repeat
	if covered {
		return nil // hidden under a merged range, which keeps the top-left cell's text only
	}
	if cs, rs := attrInt(attr(se, "table", "number-columns-spanned")), attrInt(attr(se, "table", "number-rows-spanned")); cs > 1 || rs > 1 {
		if err := cr.bl.Spend(cr.sheet.Name, 1); err != nil {
			return err
		}
		cr.sheet.Merges = append(cr.sheet.Merges, book.Range{R1: cr.row, C1: col, R2: cr.row + rs - 1, C2: col + cs - 1})
	}
	cell, err := cr.value(se, text)
	if err != nil {
		return err
	}
	if cell.Text == "" && cell.Formula == "" {
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
	var b strings.Builder
	paras := 0
	for depth := 1; depth > 0; {
		tok, err := cr.d.RawToken()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Space + ":" + t.Name.Local {
			case "text:p", "text:h":
				if paras++; paras > 1 {
					b.WriteByte('\n')
				}
			case "text:s":
				b.WriteString(strings.Repeat(" ", min(attrInt(attr(t, "text", "c")), 1024)))
			case "text:tab":
				b.WriteByte('\t')
			case "text:line-break":
				b.WriteByte('\n')
			case "office:annotation", "draw:frame", "text:note", "table:table":
				depth--
				if err := cr.skip(); err != nil {
					return "", err
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth >= 2 {
				b.Write(t)
			}
		}
		if b.Len() > 4*cr.lim.MaxStringLen+4 {
			e := book.TooLarge(cr.sheet.Name, book.LimitStringLen, strconv.Itoa(cr.lim.MaxStringLen)+" 个字符")
			e.Cell = book.CellName(cr.row, cr.col)
			return "", e
		}
	}
	return b.String(), nil
}

// value makes the cell from its value type and value attributes, as LibreOffice writes them into .xlsx.
func (cr *contentReader) value(se xml.StartElement, text string) (locate.Cell, error) {
	cell := locate.Cell{Formula: formula(attr(se, "table", "formula"))}
	bad := func(v string) (locate.Cell, error) {
		return cell, book.Corrupt(cr.sheet.Name, book.CellName(cr.row, cr.col), "单元格的值“"+clip(v)+"”无效", nil)
	}
	switch vt := attr(se, "office", "value-type"); vt {
	case "float", "percentage", "currency":
		v := attr(se, "office", "value")
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return bad(v)
		}
		cell.Text = book.Number(f)
	case "date":
		v := attr(se, "office", "date-value")
		d, frac, ok := dateSerial(v, cr.nullDate)
		if !ok {
			return bad(v)
		}
		cell.Text = book.Number(d + frac)
	case "time":
		v := attr(se, "office", "time-value")
		f, ok := duration(v)
		if !ok {
			return bad(v)
		}
		cell.Text = book.Number(f)
	case "boolean":
		switch attr(se, "office", "boolean-value") {
		case "true", "1":
			cell.Text = "TRUE"
		default:
			cell.Text = "FALSE"
		}
	default: // string, or no type: the paragraphs' text
		if v := attr(se, "office", "string-value"); v != "" {
			text = v
		}
		// An error value (#DIV/0!) is not a number, as in the .xlsx reader; LibreOffice marks it in its own
		// namespace (calcext:value-type="error").
		isErr := vt == "error" || attr(se, "calcext", "value-type") == "error"
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
