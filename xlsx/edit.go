package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Edit is one change to a cell of a workbook: a number, or a text written as text.
type Edit struct {
	Sheet, Ref string
	// Value is a float64 or a string.
	Value any
}

// EditCells rewrites cells of a workbook the way a clerk would by hand (a number typed over a total's
// formula, text typed in a number cell) and saves it atomically to out. The demo and tests use it to make
// the typical mistakes (it lives here so that only this package writes with excelize); in must be a
// workbook, and is not changed unless out is in.
func EditCells(in, out string, edits []Edit) error {
	f, err := excelize.OpenFile(in)
	if err != nil {
		return fmt.Errorf("xlsx: edit %s: %w", in, err)
	}
	defer f.Close()
	for _, e := range edits {
		switch v := e.Value.(type) {
		case float64:
			err = f.SetCellFloat(e.Sheet, e.Ref, v, -1, 64)
		case string:
			err = f.SetCellStr(e.Sheet, e.Ref, v)
		default:
			err = fmt.Errorf("unsupported value %T", e.Value)
		}
		if err != nil {
			return fmt.Errorf("xlsx: edit %s!%s: %w", e.Sheet, e.Ref, err)
		}
	}
	return Save(f, out)
}
