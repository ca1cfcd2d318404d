package xlsx

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/locate"
	"nianbao/model"
)

// WriteGrids writes grids as the sheets of a plain workbook: a cell whose Text parses as a number and is not
// marked Str is written as a number, every other text as text (never as a formula), and a cell with a
// Formula gets it. It is how foreign layouts are made for tests and demos, and how a web page saved as
// .xls becomes a workbook.
func WriteGrids(path string, grids []locate.Grid) error {
	return toFile(path, func(w io.Writer) error { return WriteGridsTo(w, grids) })
}

// WriteGridsTo writes grids to w as WriteGrids writes them to a file.
func WriteGridsTo(w io.Writer, grids []locate.Grid) error {
	sheets := make([]Sheet, len(grids))
	for i, g := range grids {
		sheets[i] = Sheet{Grid: g}
	}
	return WriteSheets(w, sheets)
}

// WriteSheetsFile writes sheets to path, atomically, as WriteSheets.
func WriteSheetsFile(path string, sheets []Sheet) error {
	return toFile(path, func(w io.Writer) error { return WriteSheets(w, sheets) })
}

// Sheet is a grid as WriteSheets writes it, with its merged ranges and column widths.
type Sheet struct {
	locate.Grid
	// Merges are ranges ("B3:D5") merged after the cells are written; the text stays in the top-left cell.
	Merges []string
	// Widths sets the width of columns by letter range ("B:D") in Excel's character units.
	Widths map[string]float64
}

// ColRun is a run of neighbouring columns Lo to Hi (1-based) of one width.
type ColRun struct {
	Lo, Hi int
	Width  float64
}

// WidthRuns groups columns, widths[i] being the width of column i+1, into runs of neighbours of one width,
// in column order: excelize's cost of setting a width grows with the widths already set, so a sheet sets
// one per run (a legacy file gives all of its 256 columns a width, a 明细 sheet has a hundred).
func WidthRuns(widths []float64) []ColRun {
	var runs []ColRun
	for i, w := range widths {
		if n := len(runs); n > 0 && runs[n-1].Width == w {
			runs[n-1].Hi = i + 1
			continue
		}
		runs = append(runs, ColRun{Lo: i + 1, Hi: i + 1, Width: w})
	}
	return runs
}

// WriteSheets writes sheets to w as WriteGrids writes grids, then merges their ranges and sets their column
// widths. It is how the demo writes a workbook in an agency's own layout.
func WriteSheets(w io.Writer, sheets []Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		g := s.Grid
		name := g.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		c1, r1, c2, r2 := 0, 0, 0, 0 // the range of the cells written, for the sheet's dimension
		for r, row := range g.Rows {
			for c, cell := range row {
				if cell.Formula == "" && cell.Text == "" {
					continue
				}
				if c1 == 0 || c+1 < c1 {
					c1 = c + 1
				}
				if r1 == 0 {
					r1 = r + 1
				}
				c2, r2 = max(c2, c+1), r+1
				ref, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return err
				}
				switch {
				case cell.Formula != "":
					err = f.SetCellFormula(name, ref, cell.Formula)
				case cell.Text == "":
					continue
				case !cell.Str:
					if v, perr := strconv.ParseFloat(cell.Text, 64); perr == nil {
						err = f.SetCellValue(name, ref, v)
						break
					}
					err = f.SetCellStr(name, ref, cell.Text)
				default:
					err = f.SetCellStr(name, ref, cell.Text)
				}
				if err != nil {
					return err
				}
			}
		}
		if c2 > 0 { // excelize declares A1; a sheet too large for the finisher to scan keeps this one
			if err := f.SetSheetDimension(name, model.RangeRef(c1, r1, c2, r2)); err != nil {
				return err
			}
		}
		for _, m := range s.Merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(g.Name, a, b); err != nil {
				return err
			}
		}
		for cols, width := range s.Widths {
			a, b, _ := strings.Cut(cols, ":")
			if err := f.SetColWidth(g.Name, a, b, width); err != nil {
				return err
			}
		}
	}
	return writeBook(f, w)
}
