package read

// Detail is a summary workbook's detail sheet ("表三明细") as the summary fast path reads it: the machine
// keys of its columns and one row per unit, without a grid of its cells.
type Detail struct {
	Sheet string
	// Keys are the keys of the key row (templates.DetailCode, …, then cell keys), by column.
	Keys []string
	Rows []DetailRow
}

// DetailRow is one unit's row of a detail sheet.
type DetailRow struct {
	// Row is the 1-based row number.
	Row        int
	Code, Name string
	// Values holds, by column, the number of each cell-key column; NaN for a blank cell.
	Values []float64
}
