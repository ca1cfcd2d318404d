// Package book holds what the native legacy readers (packages biff and ods) give back: the sheets of one
// workbook as rows of locate.Cell, with their visibility and merged ranges, read within Limits, and the
// Error they fail with. The cells hold the same raw texts the .xlsx reader gives for the same values.
package book

import (
	"cmp"
	"fmt"
	"strconv"
	"unicode/utf8"

	"nianbao/locate"
)

// Sheet visibility states, as in the .xlsx sheet element's state attribute.
const (
	Visible    = ""
	Hidden     = "hidden"
	VeryHidden = "veryHidden"
)

// Book is one workbook read by a native reader.
type Book struct {
	// Sheets in workbook order; chart and macro sheets are left out.
	Sheets []*Sheet
	// Date1904 is true when dates count from 1904 (BIFF DATEMODE); cell texts are serials either way.
	Date1904 bool
}

// Sheet is one worksheet.
type Sheet struct {
	// Name is the sheet name.
	Name string
	// State is Visible, Hidden or VeryHidden.
	State string
	// Rows holds the cells, 0-based; a merged range keeps its text in its top-left cell only.
	Rows [][]locate.Cell
	// Merges are the merged ranges, 0-based and inclusive.
	Merges []Range
	// ColWidths maps 0-based columns to widths in characters, where the file gives them.
	ColWidths map[int]float64
}

// Range is a rectangle of cells, 0-based, first and last row and column inclusive.
type Range struct{ R1, C1, R2, C2 int }

// Limits bound what reading one untrusted workbook may cost; every field must be positive.
type Limits struct {
	// MaxSheets is the largest number of sheets.
	MaxSheets int
	// MaxRows is the largest row number in one sheet.
	MaxRows int
	// MaxCols is the largest column number in one sheet.
	MaxCols int
	// MaxCells is the largest number of cells in the workbook, blanks inside rows and repeats included.
	MaxCells int
	// MaxStrings is the largest number of shared strings (BIFF SST).
	MaxStrings int
	// MaxStringLen is the longest cell text, in characters.
	MaxStringLen int
	// MaxXMLSize is the largest uncompressed content.xml of an .ods, in bytes.
	MaxXMLSize int64
}

// DefaultLimits are the limits of the .xlsx reader's defaults.
func DefaultLimits() Limits {
	return Limits{MaxSheets: 64, MaxRows: 100000, MaxCols: 16384, MaxCells: 4000000, MaxStrings: 4000000,
		MaxStringLen: 32767, MaxXMLSize: 128 << 20}
}

// Builder fills the sheets of a workbook within one cell budget shared by all of them.
type Builder struct {
	Lim    Limits
	Budget int // cells left for the workbook
}

// NewBuilder returns a Builder with the whole cell budget of lim.
func NewBuilder(lim Limits) *Builder { return &Builder{Lim: lim, Budget: lim.MaxCells} }

// Put stores cell at (r, c), 0-based, in s, growing the row within the budget. A blank cell (no text,
// formula or covered text) is not stored.
func (b *Builder) Put(s *Sheet, r, c int, cell locate.Cell) error {
	if r < 0 || c < 0 {
		return Corrupt(s.Name, "", "单元格位置无效", nil)
	}
	if r >= b.Lim.MaxRows {
		return TooLarge(s.Name, LimitRows, strconv.Itoa(b.Lim.MaxRows))
	}
	if c >= b.Lim.MaxCols {
		return Corrupt(s.Name, "", "列号超出范围", nil)
	}
	if cell.Text == "" && cell.Formula == "" && cell.Covered == "" {
		return nil
	}
	if tooLong(cell.Text, b.Lim.MaxStringLen) || tooLong(cell.Covered, b.Lim.MaxStringLen) { // covered text is read too
		e := TooLarge(s.Name, LimitStringLen, fmt.Sprintf("%d 个字符", b.Lim.MaxStringLen))
		e.Cell = CellName(r, c)
		return e
	}
	for len(s.Rows) <= r {
		s.Rows = append(s.Rows, nil)
	}
	row := s.Rows[r]
	if grow := c + 1 - len(row); grow > 0 {
		if b.Budget -= grow; b.Budget < 0 {
			return TooLarge(s.Name, LimitCells, strconv.Itoa(b.Lim.MaxCells))
		}
		row = append(row, make([]locate.Cell, grow)...)
	}
	row[c] = cell
	s.Rows[r] = row
	return nil
}

// tooLong reports whether s has more than max characters.
func tooLong(s string, max int) bool {
	return len(s) > max && utf8.RuneCountInString(s) > max
}

// Spend takes n cells of the budget for work that stores nothing (repeated blank cells, merge areas).
func (b *Builder) Spend(sheet string, n int) error {
	if n < 0 || n > b.Budget {
		b.Budget = -1
		return TooLarge(sheet, LimitCells, strconv.Itoa(b.Lim.MaxCells))
	}
	b.Budget -= n
	return nil
}

// ApplyMerges blanks the cells of each merged range of s but its top-left one, keeping the text they hold
// as Covered, as the .xlsx reader does (label search sees it; values never come from it). Ranges that
// overlap over stored cells could make that walk far longer than the sheet is big: past 4×MaxCells cells
// walked the sheet is too large, as in the .xlsx reader.
func (b *Builder) ApplyMerges(s *Sheet) error {
	work := 0
	for _, m := range s.Merges {
		for r := m.R1; r <= m.R2 && r < len(s.Rows); r++ {
			row := s.Rows[r]
			for c := m.C1; c <= m.C2 && c < len(row); c++ {
				if work++; work > 4*b.Lim.MaxCells {
					return TooLarge(s.Name, LimitCells, strconv.Itoa(b.Lim.MaxCells))
				}
				if r != m.R1 || c != m.C1 {
					row[c] = locate.Cell{Covered: cmp.Or(row[c].Text, row[c].Covered)}
				}
			}
		}
	}
	return nil
}

// CellName renders 0-based (row, col) as an A1 reference.
func CellName(row, col int) string {
	var b []byte
	for c := col + 1; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row+1)
}
