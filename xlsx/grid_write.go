package xlsx

import (
	"strconv"

	"github.com/xuri/excelize/v2"

	"nianbao/locate"
)

// WriteGrids writes grids as the sheets of a plain workbook: a cell whose Text parses as a number and is not
// marked Str is written as a number, every other text as text (never as a formula), and a cell with a
// Formula gets it. It is how foreign layouts are made for tests and demos, and how a web page saved as
// .xls becomes a workbook.
func WriteGrids(path string, grids []locate.Grid) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := fillGrids(f, grids, true); err != nil {
		return err
	}
	return saveAtomic(f, path)
}

// fillGrids writes grids as the sheets of the new workbook f, as WriteGrids describes; with formulas false a
// cell with a formula gets its value (Text) instead.
func fillGrids(f *excelize.File, grids []locate.Grid, formulas bool) error {
	for i, g := range grids {
		name := g.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for r, row := range g.Rows {
			for c, cell := range row {
				ref, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return err
				}
				switch {
				case cell.Formula != "" && formulas:
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
	}
	return nil
}
