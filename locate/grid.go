// Package locate finds the official tables in grids of cell texts (workbook sheets, HTML and Word tables,
// '|'-separated text) by their labels, and reads the values it finds into a model.Report.
//
// A grid is whatever a file holds as rows of cells. Agencies retype the tables anywhere: one sheet or three,
// any start row and column, labels with spaces and ASCII punctuation, 合计 for 总计, headers cut at their line
// break, 2019, 2021 or mixed layout, merged cells or not. Find locates each table by its anchor labels and
// each row and column by its normalized label and its position in the official order; it says which table
// it could not find and why instead of guessing. Read turns the texts at the found places into values, with
// a finding for every conversion and every unreadable cell.
package locate

import (
	"nianbao/checks"
	"nianbao/model"
)

// Cell is the content of one grid cell as read from a file.
type Cell struct {
	// Text is the cell's text, or the number as stored ("5", "0.35"); "" when blank.
	Text string
	// Formula is the cell's formula without "=", when it has one (workbooks only).
	Formula string
	// Str is true when the value is stored as text rather than as a number.
	Str bool
	// Covered is the text a cell covered by a merged range holds without showing it (Text is then
	// blank). Label search sees it, so that a table pasted as values over merged cells — another version's
	// 表三 over our template — is recognised by its labels as a paste with formats is; values never come
	// from it.
	Covered string
}

// Grid is one sheet, one HTML or Word table, or one block of text lines, as rows of cells. A merged range
// keeps its text in its top-left cell; its other cells are blank (what they hold is in Covered).
type Grid struct {
	// Name is the sheet name, "表格2", or the file name of a text.
	Name string
	Rows [][]Cell
	// Source returns where cell (row, col), 0-based, is in the file: sheet and A1 cell for a workbook,
	// line number for a text. Nil means "sheet Name, A1 reference of (row, col)".
	Source func(row, col int) model.Source
}

// Texts returns the text of every cell of rows, row by row and cell by cell: a grid as its reader sees it.
func Texts(rows [][]Cell) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = make([]string, len(row))
		for j, c := range row {
			out[i][j] = c.Text
		}
	}
	return out
}

// Place is where one cell key sits: grid index, row and column (0-based).
type Place struct{ Grid, Row, Col int }

// Layout is what Find found: the version and place of every table, and why a table was not found.
type Layout struct {
	// Tables gives the version each found table is in.
	Tables map[string]model.Version
	// Places gives where each cell key of the found tables sits.
	Places map[string]Place
	// Template is true when the grids are our own template, whose total cells must hold formulas.
	Template bool
	// Problems are R-5 findings: tables that could not be located, and why, in Chinese.
	Problems []checks.Finding
}
