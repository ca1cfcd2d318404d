package read

import (
	"encoding/xml"
	"fmt"
	"io"
	"nianbao/model"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao/locate"
	"nianbao/xlsx/read/internal/ooxml"
)

// Sheet dimensions of the xlsx format.
const (
	maxXLSXRows = 1 << 20
	maxXLSXCols = 1 << 14
)

// sheetReader streams one worksheet part into a grid. Cells are placed by their r attribute, so rows and
// cells out of order land where they belong; blank cells are not stored, so styled empty ranges cost
// nothing; every stored position counts against the workbook's cell budget.
type sheetReader struct {
	p      *pkg
	sheet  string
	sst    []string
	budget *int // cells left for the workbook
	rows   [][]locate.Cell
	merges []string
	shared [][2]int // (row, col), 0-based, of shared-formula cells whose formula text is their master's
}

// readSheet reads the worksheet of s into a grid.
func (p *pkg) readSheet(s ooxml.Sheet, sst []string, budget *int) (*sheetReader, error) {
	sr := &sheetReader{p: p, sheet: s.Name, sst: sst, budget: budget}
	d, done, err := p.decoder(s.Part)
	if err != nil {
		err.(*FileError).Sheet = s.Name
		return nil, err
	}
	defer done()
	row, col := 0, 0 // 1-based position of the last row and cell seen
	depth := 0       // RawToken does not check nesting: a part cut short inside an element is damaged
	for {
		if err := p.tick(); err != nil {
			return nil, err
		}
		tok, err := d.Token()
		if err == io.EOF {
			if depth != 0 {
				return nil, p.corrupt(s.Name, "", "工作表内容不完整", io.ErrUnexpectedEOF)
			}
			break
		}
		if err != nil {
			if strings.Contains(err.Error(), "unexpected EOF") {
				return nil, p.corrupt(s.Name, "", "工作表内容不完整", err)
			}
			return nil, p.corrupt(s.Name, "", "工作表内容不是有效的 XML", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			if _, end := tok.(xml.EndElement); end {
				depth--
			}
			continue
		}
		depth++
		if !isMain(se.Name, se.Name.Local) {
			continue // an element of another namespace is not a row or a cell, whatever its local name
		}
		switch se.Name.Local {
		case "row":
			if r := plainAttr(se, "r"); r != "" {
				n, err := strconv.Atoi(r)
				if err != nil || n < 1 || n > maxXLSXRows {
					return nil, p.corrupt(s.Name, "", "行号“"+clip(r)+"”无效", err)
				}
				row = n
			} else {
				row++
			}
			col = 0
			if row > p.lim.MaxRows {
				return nil, sr.tooManyRows()
			}
		case "c":
			r, c := row, col+1
			if ref := plainAttr(se, "r"); ref != "" {
				var ok bool
				if c, r, ok = model.ParseRef(ref); !ok {
					return nil, p.corrupt(s.Name, "", "单元格地址“"+clip(ref)+"”无效", nil)
				}
			}
			if r < 1 {
				r = 1
			}
			if r > p.lim.MaxRows {
				return nil, sr.tooManyRows()
			}
			col = c
			if err := sr.cell(d, se, r, c); err != nil {
				return nil, err
			}
			depth-- // cell read up to its end element
		case "mergeCell":
			if len(sr.merges) >= p.lim.MaxCells {
				return nil, sr.tooManyCells()
			}
			sr.merges = append(sr.merges, plainAttr(se, "ref"))
		}
	}
	return sr, sr.applyMerges()
}

// cell reads one <c> element at (r, c), 1-based, and stores it unless it is blank.
func (sr *sheetReader) cell(d *xml.Decoder, se xml.StartElement, r, c int) error {
	ref := model.CellRef(c, r)
	var v, f, is strings.Builder
	var target *strings.Builder
	hasF, sharedChild, skip := false, false, 0
	for depth := 1; depth > 0; {
		tok, err := d.Token()
		if err != nil {
			return sr.p.corrupt(sr.sheet, ref, "单元格内容不是有效的 XML", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case skip > 0 || !isMain(t.Name, t.Name.Local) || t.Name.Local == "rPh":
				skip++
			case t.Name.Local == "v" && depth == 2:
				target = &v
			case t.Name.Local == "f" && depth == 2:
				target, hasF = &f, true
				sharedChild = plainAttr(t, "t") == "shared"
			case t.Name.Local == "t" && depth >= 3:
				target = &is
			}
		case xml.EndElement:
			depth--
			if skip > 0 {
				skip--
			}
			target = nil
		case xml.CharData:
			if target != nil && skip == 0 {
				target.Write(t)
				if target.Len() > 4*sr.p.lim.MaxStringLen {
					return sr.tooLong(ref)
				}
			}
		}
	}
	cell := locate.Cell{Formula: f.String()}
	switch typ := plainAttr(se, "t"); typ {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v.String()))
		if v.Len() > 0 && (err != nil || i < 0 || i >= len(sr.sst)) {
			return sr.p.corrupt(sr.sheet, ref, "共享字符串编号“"+clip(v.String())+"”无效", err)
		}
		if v.Len() > 0 {
			cell.Text = sr.sst[i]
		}
		cell.Str = true
	case "inlineStr":
		cell.Text, cell.Str = is.String(), true
	case "str":
		cell.Text, cell.Str = v.String(), !hasF
	case "b":
		switch strings.TrimSpace(v.String()) {
		case "1":
			cell.Text = "TRUE"
		case "0":
			cell.Text = "FALSE"
		default:
			cell.Text = v.String()
		}
	case "", "n", "e", "d":
		cell.Text = v.String()
		cell.Str = typ == "e" || typ == "d" // an error value (#DIV/0!) or an ISO date is not a number
	default: // Excel refuses a cell type outside the schema; we must not read its value as a number
		return sr.p.corrupt(sr.sheet, ref, "单元格类型“"+clip(typ)+"”无效", nil)
	}
	if len(cell.Text) > sr.p.lim.MaxStringLen && utf8.RuneCountInString(cell.Text) > sr.p.lim.MaxStringLen {
		return sr.tooLong(ref)
	}
	if hasF && sharedChild && cell.Formula == "" {
		sr.shared = append(sr.shared, [2]int{r - 1, c - 1})
	}
	if cell.Text == "" && cell.Formula == "" && !(hasF && sharedChild) {
		return nil
	}
	return sr.put(r-1, c-1, cell, ref)
}

// put stores a cell at (r, c), 0-based, growing the grid within the cell budget.
func (sr *sheetReader) put(r, c int, cell locate.Cell, ref string) error {
	for len(sr.rows) <= r {
		sr.rows = append(sr.rows, nil)
	}
	row := sr.rows[r]
	if grow := c + 1 - len(row); grow > 0 {
		if *sr.budget -= grow; *sr.budget < 0 {
			return sr.tooManyCells()
		}
		row = append(row, make([]locate.Cell, grow)...)
	} else if row[c].Text != "" || row[c].Formula != "" {
		return sr.p.corrupt(sr.sheet, ref, "单元格 "+ref+" 在文件中出现了两次", nil)
	}
	row[c] = cell
	sr.rows[r] = row
	return nil
}

// applyMerges blanks the cells of each merged range but its top-left one, keeping their text as Covered.
func (sr *sheetReader) applyMerges() error {
	work := 0
	for _, m := range sr.merges {
		a, b, ok := strings.Cut(m, ":")
		c1, r1, ok1 := model.ParseRef(a)
		c2, r2, ok2 := model.ParseRef(b)
		if !ok || !ok1 || !ok2 || r2 < r1 || c2 < c1 {
			return sr.p.corrupt(sr.sheet, "", "合并单元格范围“"+clip(m)+"”无效", nil)
		}
		for r := r1 - 1; r < r2 && r < len(sr.rows); r++ {
			row := sr.rows[r]
			for c := c1 - 1; c < c2 && c < len(row); c++ {
				if work++; work > 4*sr.p.lim.MaxCells {
					return sr.tooManyCells()
				}
				if r != r1-1 || c != c1-1 {
					row[c] = locate.Cell{Covered: row[c].Text}
				}
			}
		}
	}
	return nil
}

func (sr *sheetReader) tooManyRows() error {
	e := tooLarge(sr.p.path, LimitRows, overLimit(LimitRows, fmt.Sprint(sr.p.lim.MaxRows), ""))
	e.Sheet = sr.sheet
	return e
}

func (sr *sheetReader) tooManyCells() error {
	e := tooLarge(sr.p.path, LimitCells, overLimit(LimitCells, fmt.Sprint(sr.p.lim.MaxCells), ""))
	e.Sheet = sr.sheet
	return e
}

func (sr *sheetReader) tooLong(ref string) error {
	e := tooLarge(sr.p.path, LimitStringLen, overLimit(LimitStringLen, fmt.Sprintf("%d 个字符", sr.p.lim.MaxStringLen), ""))
	e.Sheet, e.Cell = sr.sheet, ref
	return e
}

// clip shortens hostile text quoted in messages.
func clip(s string) string {
	if len(s) <= 20 {
		return s
	}
	for i := 20; i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return s[:i] + "…"
		}
	}
	return ""
}
