// Package model is the form spec of the 政府信息公开工作年度报告 tables as data, and the Report that holds
// one unit's figures in them.
//
// The spec is the single source of truth of nianbao: templates, formulas, the reader's label matching, the
// rules and every output are generated from it. Every value has a stable ASCII key "table.row.column":
//
//	t3.new.person        表三 一、本年新收政府信息公开申请数量 × 自然人
//	t3.resulttotal.total 表三 （七）总计 × 总计
//	t4.review.upheld     表四 行政复议 × 结果维持
//	t2.fees.amount       表二（2021）第二十条第（八）项 行政事业性收费 × 本年收费金额（单位：万元）
//
// Two official versions exist: the 2019 format (report years 2019–2020, 国办公开办函〔2019〕60号) and the 2021
// format (report years 2021 on, 国办公开办函〔2021〕30号). 表四 is the same in both; 表三 differs only in row
// （六）其他处理; 表二 was redesigned.
package model

import "fmt"

// Version is an official edition of the report format, named by the year it was issued.
type Version int

// The two official versions.
const (
	V2019 Version = 2019
	V2021 Version = 2021
)

// Versions lists every supported version, oldest first.
var Versions = []Version{V2019, V2021}

// TableIDs are the ids of the three statistical tables, in the order of the report: 表二, 表三, 表四.
var TableIDs = []string{"t2", "t3", "t4"}

// The report years the tool accepts: the disclosure regulation took effect in 2008, and a year past 2100 is
// a typing mistake. Templates exist only from FirstFormYear, the year of the oldest official form.
const (
	MinYear       = 2008
	MaxYear       = 2100
	FirstFormYear = 2019
)

// ValidYear reports whether year is a report year the tool accepts (MinYear–MaxYear).
func ValidYear(year int) bool { return year >= MinYear && year <= MaxYear }

// VersionForYear returns the version that applies to a report year: 2019–2020 use the 2019 format,
// 2021 and later the 2021 format.
func VersionForYear(year int) Version {
	if year < 2021 {
		return V2019
	}
	return V2021
}

// ParseVersion accepts "2019" or "2021".
func ParseVersion(s string) (Version, error) {
	switch s {
	case "2019":
		return V2019, nil
	case "2021":
		return V2021, nil
	}
	return 0, fmt.Errorf("model: unknown form version %q (want 2019 or 2021)", s)
}

// Kind is what a value means and which numbers it may hold.
type Kind int

// The kinds of values in the tables.
const (
	// Count is a number of documents, decisions, applications or cases: an integer ≥ 0.
	Count Kind = iota
	// Change is the 2019 本年增/减: a signed integer.
	Change
	// Amount is money in 万元: a decimal ≥ 0 (2021 本年收费金额, 2019 采购总金额).
	Amount
)

// String returns the Chinese name of the kind, as shown to clerks.
func (k Kind) String() string {
	switch k {
	case Change:
		return "增减数（整数，可为负）"
	case Amount:
		return "金额（万元，可有小数）"
	}
	return "数量（非负整数）"
}

// Line is a row or a column of a table block.
type Line struct {
	// Key is the ASCII part of the cell key ("new", "person").
	Key string
	// Label is the text exactly as officially printed ("一、本年新收政府信息公开申请数量").
	Label string
	// Short names the line inside messages ("一", "（七）总计", "自然人").
	Short string
	// Groups are the labels of the merged headers above or beside the line, outermost first
	// (for 表三 row withheld1: "三、本年度办理结果", "（三）不予公开").
	Groups []string
	// Aliases are further texts that real reports print for this line (truncated headers, old names).
	Aliases []string
}

// Block is a rectangular part of a table: a set of rows crossed with a set of columns. 表三 and 表四 are one
// block each; 表二 has one block per 第二十条 item, each with its own columns.
type Block struct {
	// Heading is the block's title row ("第二十条第（一）项"), empty for 表三 and 表四.
	Heading string
	// Corner is the text of the header cell above the row labels ("信息内容"; the note in 表三).
	Corner string
	Rows   []Line
	Cols   []Line
	// Kinds gives the kind of each column key; columns not listed are Count.
	Kinds map[string]Kind
	// TotalCol is the key of the column that sums all other columns of each row ("" if none).
	TotalCol string
	// TotalRow is the key of the row that sums the rows listed in TotalOf ("" if none).
	TotalRow string
	// TotalOf lists the row keys TotalRow sums.
	TotalOf []string
}

// Table is one of the three statistical tables of a version.
type Table struct {
	// ID is "t2", "t3" or "t4".
	ID string
	// Name is the short Chinese name ("表三"), also used as the sheet name.
	Name string
	// Title is the section heading printed above the table ("三、收到和处理政府信息公开申请情况").
	Title   string
	Version Version
	Blocks  []Block
	cells   []Cell
}

// Cell is one value of a table.
type Cell struct {
	// Key is "table.row.column".
	Key   string
	Table *Table
	Block int
	Row   Line
	Col   Line
	Kind  Kind
	// Sum lists the keys this cell totals; empty for input cells. A cell that is the total of its row and of
	// its column (表三 （七）总计 × 总计) sums its row.
	Sum []string
}

// Input reports whether the cell is typed by the agency, as opposed to a total computed from other cells.
func (c Cell) Input() bool { return len(c.Sum) == 0 }

// Label is the cell's position in words, as clerks read it: "一、本年新收政府信息公开申请数量 / 自然人".
func (c Cell) Label() string { return c.Row.Label + " / " + c.Col.Label }

// Cells returns every cell of the table in reading order (rows top to bottom, columns left to right).
func (t *Table) Cells() []Cell { return t.cells }

// Form is the whole spec of one version: its three tables.
type Form struct {
	Version Version
	Tables  []*Table
	byKey   map[string]Cell
}

// Cell returns the cell with the given key.
func (f *Form) Cell(key string) (Cell, bool) {
	c, ok := f.byKey[key]
	return c, ok
}

// Table returns the table with the given id ("t2", "t3", "t4").
func (f *Form) Table(id string) *Table {
	for _, t := range f.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Cells returns every cell of every table in reading order.
func (f *Form) Cells() []Cell {
	var all []Cell
	for _, t := range f.Tables {
		all = append(all, t.cells...)
	}
	return all
}

var forms = map[Version]*Form{
	V2019: newForm(V2019, table2v2019(), table3(V2019), table4()),
	V2021: newForm(V2021, table2v2021(), table3(V2021), table4()),
}

// FormOf returns the spec of a version. It panics on an unknown version, which is a programming error:
// versions from outside come through ParseVersion or VersionForYear.
func FormOf(v Version) *Form {
	f, ok := forms[v]
	if !ok {
		panic(fmt.Sprintf("model: no form for version %d", v))
	}
	return f
}

// TableOf returns one table of one version.
func TableOf(v Version, id string) *Table { return FormOf(v).Table(id) }

func newForm(v Version, tables ...*Table) *Form {
	f := &Form{Version: v, Tables: tables, byKey: map[string]Cell{}}
	for _, t := range tables {
		t.Version = v
		for bi, b := range t.Blocks {
			for _, r := range b.Rows {
				for _, c := range b.Cols {
					cell := Cell{
						Key:   t.ID + "." + r.Key + "." + c.Key,
						Table: t, Block: bi, Row: r, Col: c,
						Kind: b.Kinds[c.Key],
					}
					switch {
					case b.TotalCol != "" && c.Key == b.TotalCol:
						for _, o := range b.Cols {
							if o.Key != b.TotalCol {
								cell.Sum = append(cell.Sum, t.ID+"."+r.Key+"."+o.Key)
							}
						}
					case b.TotalRow != "" && r.Key == b.TotalRow:
						for _, o := range b.TotalOf {
							cell.Sum = append(cell.Sum, t.ID+"."+o+"."+c.Key)
						}
					}
					if _, dup := f.byKey[cell.Key]; dup {
						panic("model: duplicate cell key " + cell.Key)
					}
					f.byKey[cell.Key] = cell
					t.cells = append(t.cells, cell)
				}
			}
		}
	}
	return f
}
