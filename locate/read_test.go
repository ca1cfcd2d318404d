package locate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
	"nianbao/model"
)

// sheet4Cells renders 表四 as a sheet (values in row 4, A4:O4) with the given cells of the value row.
func sheet4Cells(cells map[int]Cell) Grid {
	g := sheet4(func(int) string { return "" }).render("表四", once)
	for k, c := range cells {
		g.Rows[3][k] = c
	}
	return g
}

func TestReadCells(t *testing.T) {
	num := func(s string) Cell { return Cell{Text: s} }
	for _, tc := range []struct {
		name     string
		template bool
		cells    map[int]Cell
		want     map[string]float64
		source   map[string]model.Source
		findings []finding
		at       []string // A1 cells of the findings
	}{
		{
			name: "formula totals are recomputed, never the cached value",
			cells: map[int]Cell{0: num("1"), 1: num("2"), 2: num("3"), 3: num("4"), 4: {Text: "999", Formula: "SUM(A4:D4)"},
				5: num("1"), 6: num("1"), 7: num("1"), 8: num("1"), 9: {Text: "", Formula: "SUM(F4:I4)"},
				10: num("0"), 11: num("0"), 12: num("0"), 13: num("5"), 14: {Text: "0", Formula: "SUM(K4:N4)"}},
			want:     map[string]float64{"t4.review.total": 10, "t4.suit.total": 4, "t4.suitafter.total": 5, "t4.review.pending": 4},
			findings: []finding{},
		},
		{
			name:     "typed total in our template: read as typed, R-3",
			template: true,
			cells: map[int]Cell{0: num("1"), 1: num("1"), 2: num("1"), 3: num("1"), 4: num("7"), 5: num("0"), 6: num("0"), 7: num("0"), 8: num("0"),
				9: {Text: "0", Formula: "SUM(F4:I4)"}, 10: num("0"), 11: num("0"), 12: num("0"), 13: num("0"), 14: {Text: "0", Formula: "SUM(K4:N4)"}},
			want:     map[string]float64{"t4.review.total": 7, "t4.review.upheld": 1},
			findings: []finding{{"R-3", "t4.review.total", "表四 行政复议 / 总计（表四!E4）：公式被改为数值 7，按填写的数值核对", 0}},
			at:       []string{"E4"},
		},
		{
			name:     "typed total in a foreign workbook: read as typed, identities will check it",
			cells:    map[int]Cell{0: num("1"), 1: num("1"), 2: num("1"), 3: num("1"), 4: num("7"), 5: num("0"), 6: num("0"), 7: num("0"), 8: num("0"), 9: num("0"), 10: num("0"), 11: num("0"), 12: num("0"), 13: num("0"), 14: num("0")},
			want:     map[string]float64{"t4.review.total": 7},
			findings: []finding{},
		},
		{
			name: "text, unreadable cells, blanks",
			cells: map[int]Cell{0: num("３"), 1: num("abc"), 2: {Text: "2", Str: true}, 3: num("-"), 4: num(""),
				5: num("1,200"), 6: num(""), 7: num(""), 8: num(""), 9: num(""),
				10: num(""), 11: num("减1"), 12: num("0"), 13: num(""), 14: num("不详")},
			want: map[string]float64{"t4.review.upheld": 3, "t4.review.corrected": 0, "t4.review.other": 2, "t4.review.total": 5,
				"t4.suit.upheld": 1200, "t4.suit.total": 1200, "t4.suitafter.corrected": 0, "t4.suitafter.total": 0},
			source: map[string]model.Source{
				"t4.review.upheld":    {Sheet: "表四", Cell: "A4", Text: "３"},
				"t4.review.corrected": {Sheet: "表四", Cell: "B4", Text: "abc"},
				"t4.review.other":     {Sheet: "表四", Cell: "C4"},
				"t4.review.total":     {Sheet: "表四", Cell: "E4"},
			},
			findings: []finding{
				{"R-1", "t4.review.upheld", "「３」读作 3（已去除空格或全角字符）", 0},
				{"R-4", "t4.review.corrected", "表四 行政复议 / 结果纠正：无法识别为数字：「abc」", 0},
				{"R-1", "t4.review.other", "「2」是以文本形式存储的数字，读作 2（数字以文本形式存储）", 0},
				{"R-1", "t4.review.pending", "「-」读作 0", 0},
				{"R-1", "t4.suit.upheld", "「1,200」读作 1200（已去除千位分隔符）", 0},
				{"R-4", "t4.suitafter.corrected", "表四 复议后起诉 / 结果纠正：无法识别为数字：「减1」", 0},
				{"R-4", "t4.suitafter.total", "表四 复议后起诉 / 总计：无法识别为数字：「不详」", 0},
				{"R-2", "", "表四 有5个空白的填报单元格，按 0 计：G4:I4、K4、N4", 0},
			},
			at: []string{"A4", "B4", "C4", "D4", "F4", "L4", "O4", ""},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := sheet4Cells(tc.cells)
			l := Find([]Grid{g})
			require.Contains(t, l.Tables, "t4")
			l.Template = tc.template
			r := model.NewReport(model.Unit{}, 2021, model.V2021)
			fs := Read(r, []Grid{g}, l)
			assert.Equal(t, map[string]model.Version{"t4": model.V2021}, r.Tables)
			for k, v := range tc.want {
				assert.Equal(t, v, r.Values[k], k)
			}
			for k, s := range tc.source {
				assert.Equal(t, s, r.Sources[k], k)
			}
			assert.Equal(t, tc.findings, brief(fs))
			if tc.at != nil {
				var at []string
				for _, f := range fs {
					at = append(at, f.Cell)
					if f.Key != "" {
						assert.Equal(t, "表四", f.Table)
						assert.Equal(t, "表四", f.Sheet)
					}
				}
				assert.Equal(t, tc.at, at)
			}
		})
	}
}

// A table found without a place for some key (a caller's own Layout) reads 0 there and still recomputes
// its totals; a place outside the grids is blank, not a panic.
func TestReadMissingPlaces(t *testing.T) {
	g := sheet4Cells(map[int]Cell{0: {Text: "2"}, 1: {Text: "3"}, 2: {Text: "4"}, 3: {Text: "5"}, 4: {Text: "1"}})
	l := Find([]Grid{g})
	delete(l.Places, "t4.review.upheld")
	delete(l.Places, "t4.review.total")
	l.Places["t4.suit.upheld"] = Place{Grid: 3, Row: 0, Col: 0}
	l.Places["t4.suit.corrected"] = Place{Grid: 0, Row: 99, Col: 99}
	r := model.NewReport(model.Unit{}, 2021, model.V2021)
	fs := Read(r, []Grid{g}, l)
	assert.Equal(t, 0.0, r.Values["t4.review.upheld"])
	assert.Equal(t, 12.0, r.Values["t4.review.total"])
	assert.Equal(t, 0.0, r.Values["t4.suit.upheld"])
	assert.Equal(t, checks.Counts{Infos: 1}, checks.Count(fs), "one R-2 for the blanks")
}
