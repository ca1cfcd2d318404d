// Package templates lays out the official tables as worksheets: which cell key sits in which A1 cell,
// the merged headers and their texts, which cells are inputs and which are totals with what formula, the
// live 校验 sheet, the 填报说明 sheet and the hidden meta sheet. It is data generated from the form spec
// (model.Form) and knows nothing of any spreadsheet library; package xlsx writes it with excelize, and
// readers use it to find each key's cell and to verify that the labels are still where they belong.
//
//	w := templates.For(model.V2021)
//	w.Ref("t3.new.person")        // "D5"  (sheet 表三)
//	w.KeyAt("表三", "J5")          // "t3.new.total"
//	w.Sheet("表三").Cells          // every placed cell: labels, inputs, total formulas
//
// Every table sheet has the table title in row 1 and the official grid from row 2 (FORMAT.md §1).
package templates

import (
	"fmt"

	"nianbao/checks"
	"nianbao/model"
)

// Sheet names that are not table names.
const (
	InfoSheet  = "填报说明"
	CheckSheet = "校验"
	MetaSheet  = "_nianbao"
	// ResultSheet is the first sheet of an annotated copy: the list of findings.
	ResultSheet = "校验结果"
)

// Style is the role of a placed cell, which decides its look and protection.
type Style int

// The styles of placed cells.
const (
	// Plain is ordinary text.
	Plain Style = iota
	// Title is a sheet title: bold, large.
	Title
	// Header is a column header or block heading of a table: bold, centred, bordered, wrapped.
	Header
	// RowLabel is a row label of a table: bordered, wrapped, left-aligned.
	RowLabel
	// Note is a bordered wrapped text such as the 表三 corner note.
	Note
	// Input is a cell the agency fills: unlocked, light fill, validated by its Kind.
	Input
	// Total is a formula cell: locked, grey.
	Total
	// FieldLabel names a field of 填报说明.
	FieldLabel
	// Field is a field of 填报说明 the agency fills (unlocked) unless it is pre-filled.
	Field
	// Verdict is the ✓/✗ cell of a 校验 line.
	Verdict
	// Text is wrapped instruction text without borders.
	Text
	// Explain is a 说明 cell of the 校验 sheet where the unit explains a warning: unlocked wrapped text.
	Explain
)

// Placed is one cell of a sheet: a label, an input for a cell key, or a formula.
type Placed struct {
	// Ref is the A1 reference of the cell (the top-left cell when it is merged).
	Ref string
	// Range is the merged range the cell covers ("C3:D3"); "" when it is not merged.
	Range string
	// Text is the fixed text of a label cell.
	Text string
	// Key is the cell key of an input or total cell of a table.
	Key string
	// Kind is the value kind of an input cell.
	Kind model.Kind
	// Formula is the formula of a computed cell, without "=".
	Formula string
	// Field names a value that comes from the options of the writer (unit_name, unit_code, year, …),
	// see the Field* constants.
	Field string
	Style Style
	// Cached computes the value a formula cell shows for a report whose totals are computed: a float64
	// or a string. Nil for cells without a formula.
	Cached func(r *model.Report) any `json:"-"`
}

// Alert is a conditional format: the cell turns red (or yellow for a warning) while Formula is true.
type Alert struct {
	// Ref is the cell that changes colour.
	Ref string
	// Formula is true while the identity fails; written without "=", relative to the alert's sheet.
	Formula string
	// Severity is the severity of the rule whose failure the alert shows.
	Severity checks.Severity
}

// Sheet is the layout of one worksheet.
type Sheet struct {
	Name string
	// Title is the text of the title row (row 1), "" for sheets without one.
	Title string
	// Table is the table laid out on the sheet, nil for other sheets.
	Table  *model.Table
	Cells  []Placed
	Merges []string
	// ColWidths gives the width of each column from A, in Excel character units.
	ColWidths []float64
	// RowHeights gives the height in points of rows that need more than the default, by 1-based row.
	RowHeights map[int]float64
	// Width and Height are the used range: the last column and row holding anything.
	Width, Height int
	// PrintRows is the number of top rows to repeat on every printed page.
	PrintRows int
	// Freeze is the top-left cell of the scrolling pane ("D5"); "" for no frozen panes.
	Freeze string
	// Alerts are the conditional formats of the sheet.
	Alerts []Alert
	// VeryHidden sheets cannot be unhidden from the office suite's menus.
	VeryHidden bool
	// Protected sheets lock every cell that is not an Input or Field.
	Protected bool
	// Landscape sheets print A4 landscape, fitted to the page width.
	Landscape bool
}

// Dimension returns the used range of the sheet ("A1:J28").
func (s *Sheet) Dimension() string { return "A1:" + model.CellRef(max(s.Width, 1), max(s.Height, 1)) }

// Cell returns the placed cell at a reference.
func (s *Sheet) Cell(ref string) (Placed, bool) {
	for _, p := range s.Cells {
		if p.Ref == ref {
			return p, true
		}
	}
	return Placed{}, false
}

// LabelCell is a cell whose text a reader expects to find unchanged.
type LabelCell struct {
	Sheet string
	Ref   string
	// Range is the merged range of the label, "" when it is a single cell.
	Range string
	Text  string
}

// KeyPlace is where a cell key sits and which labels name it.
type KeyPlace struct {
	Key   string
	Sheet string
	Ref   string
	// Range is the merged range of the value cell, "" when it is a single cell.
	Range string
	// RowLabel is the cell holding the key's row label (for 表四, the header naming the row: 行政复议,
	// 未经复议直接起诉 or 复议后起诉); ColLabel the header holding its column label.
	RowLabel, ColLabel LabelCell
}

// Workbook is the layout of the whole template of one version, sheets in order.
type Workbook struct {
	Version model.Version
	Sheets  []*Sheet
	// Fields are the fields of 填报说明 (unit name, code, year, 填报人, 联系电话) and where they are.
	Fields []FieldPlace
	// Checks are the lines of the 校验 sheet in order.
	Checks []CheckLine
	// Explains are the 说明 cells of the 校验 sheet, one beside each line of a warning.
	Explains []ExplainCell
	// ExplainHeader is the header of the 说明 column; a 校验 sheet without it has no explanations.
	ExplainHeader LabelCell
	places        map[string]KeyPlace
	keyAt         map[[2]string]string
	labels        []LabelCell
}

var layouts = map[model.Version]*Workbook{}

func init() {
	for _, v := range model.Versions {
		layouts[v] = build(v)
	}
}

// For returns the template layout of a version. The layout is shared; do not modify it.
func For(v model.Version) *Workbook {
	w, ok := layouts[v]
	if !ok {
		panic(fmt.Sprintf("templates: no layout for version %d", v))
	}
	return w
}

// Sheet returns the sheet with a name, or nil.
func (w *Workbook) Sheet(name string) *Sheet {
	for _, s := range w.Sheets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Ref returns the A1 reference of a cell key in its table's sheet (the sheet is the table's Name), or ""
// for an unknown key.
func (w *Workbook) Ref(key string) string { return w.places[key].Ref }

// Place returns where a key sits and the cells holding its labels.
func (w *Workbook) Place(key string) (KeyPlace, bool) {
	p, ok := w.places[key]
	return p, ok
}

// Places returns the place of every cell key, in the spec's reading order.
func (w *Workbook) Places() []KeyPlace {
	var out []KeyPlace
	for _, c := range model.FormOf(w.Version).Cells() {
		out = append(out, w.places[c.Key])
	}
	return out
}

// KeyAt returns the cell key whose value sits at ref of a sheet (any cell of a merged value range), or "".
func (w *Workbook) KeyAt(sheet, ref string) string { return w.keyAt[[2]string{sheet, ref}] }

// Labels returns every label cell of the table sheets (block headings, column headers, row labels, the
// corner note), in sheet order. A reader that finds one of them changed or moved knows the layout was
// edited, e.g. by an inserted row.
func (w *Workbook) Labels() []LabelCell { return w.labels }
