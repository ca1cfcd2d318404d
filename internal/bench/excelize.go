package main

import (
	"github.com/xuri/excelize/v2"
)

// readWithExcelize is the reference reader of `make bench`: excelize OpenFile and GetRows (formatted
// values) of every sheet, the way a plain excelize program reads a workbook. It returns the number of
// non-empty cells read. Nothing in nianbao reads files this way; it exists to measure against.
func readWithExcelize(path string) (int, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			return n, err
		}
		for _, row := range rows {
			for _, c := range row {
				if c != "" {
					n++
				}
			}
		}
	}
	return n, nil
}
