package locate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
	"nianbao/model"
)

// finding is the part of a finding the tests compare.
type finding struct {
	Rule, Key, Msg string
	Line           int
}

func brief(fs []checks.Finding) []finding {
	out := []finding{}
	for _, f := range fs {
		out = append(out, finding{f.Rule, f.Key, f.Message, f.Line})
	}
	return out
}

// seedCases holds, for each seed report, the versions of its tables, every value that is not 0 (read off the
// seed text by hand) and the findings of reading it.
var seedCases = []struct {
	file     string
	versions map[string]model.Version
	nonzero  map[string]float64
	findings []finding
}{
	{
		file:     "000_ab7d1287facdaff7.txt", // 抚顺市金融发展局 2021
		versions: map[string]model.Version{"t2": model.V2021, "t3": model.V2021, "t4": model.V2021},
		nonzero:  map[string]float64{"t2.normative.valid": 1, "t2.license.decisions": 1},
		findings: []finding{},
	},
	{
		file:     "001_b080a175cdda069f.txt", // 广元市财政局 2020: one cell per line, blanks, 247万元
		versions: map[string]model.Version{"t2": model.V2019, "t3": model.V2019, "t4": model.V2019},
		nonzero: map[string]float64{
			"t2.normative.total":  50,
			"t2.license.previous": 1, "t2.license.change": 2, "t2.license.decisions": 3,
			"t2.otherservice.previous": 4, "t2.otherservice.change": 4, "t2.otherservice.decisions": 365,
			"t2.penalty.previous": 53, "t2.penalty.change": 11, "t2.penalty.decisions": 11,
			"t2.coercion.previous": 1, "t2.fees.previous": 40,
			"t2.procurement.count": 6, "t2.procurement.amount": 247,
			"t3.new.person": 3, "t3.new.total": 3, "t3.open.person": 3, "t3.open.total": 3,
			"t3.resulttotal.person": 3, "t3.resulttotal.total": 3,
		},
		findings: []finding{
			{"R-1", "t2.procurement.amount", "「247万元」读作 247（单位万元）", 83},
			{"R-2", "", "表三 有130个空白的填报单元格，按 0 计：第100行、第101行、第102行、第103行、第104行、第108行、第109行、第110行、第111行、第112行、第113行、第119行 等（共130处）", 0},
			{"R-2", "", "表四 有12个空白的填报单元格，按 0 计：第331行、第332行、第333行、第334行、第336行、第337行、第338行、第339行、第341行、第342行、第343行、第344行", 0},
		},
	},
	{
		file:     "002_4f11fd08cb0f5fa7.txt", // 南芬区发改局 2019: 减1, bare 363900
		versions: map[string]model.Version{"t2": model.V2019, "t3": model.V2019, "t4": model.V2019},
		nonzero: map[string]float64{
			"t2.normative.made": 65, "t2.license.previous": 1, "t2.license.change": -1,
			"t2.otherservice.previous": 37, "t2.otherservice.decisions": 37,
			"t2.procurement.count": 21, "t2.procurement.amount": 363900,
		},
		findings: []finding{
			{"R-1", "t2.license.change", "「减1」读作 -1（「减」读作负数）", 17},
			{"R-1", "t2.procurement.amount", "表二 政府集中采购 / 采购总金额「363900」未注明单位，按万元读取（2019版表格未规定采购总金额的单位，请核实）", 28},
		},
	},
	{
		file:     "003_00b6c75c071fb3e8.txt", // 泉州市行政服务中心管委会 2021: one cell per line
		versions: map[string]model.Version{"t2": model.V2021, "t3": model.V2021, "t4": model.V2021},
		nonzero:  map[string]float64{"t2.normative.issued": 1, "t2.normative.repealed": 1, "t2.normative.valid": 1},
		findings: []finding{},
	},
	{
		file:     "004_fb2e86e77d0a3946.txt", // 渌口区财政局 2023: 合计, leading empty cells, straight quotes
		versions: map[string]model.Version{"t2": model.V2021, "t3": model.V2021, "t4": model.V2021},
		nonzero:  map[string]float64{},
		findings: []finding{},
	},
}

func TestSeeds(t *testing.T) {
	for _, tc := range seedCases {
		grids := seedGrids(t, tc.file)
		require.Len(t, grids, 3, tc.file)
		for _, layout := range []struct {
			name  string
			grids []Grid
		}{
			{"three grids", grids},
			{"one grid", []Grid{oneGrid("Sheet1", grids...)}},
		} {
			t.Run(tc.file+"/"+layout.name, func(t *testing.T) {
				l := Find(layout.grids)
				require.Empty(t, brief(l.Problems))
				assert.Equal(t, tc.versions, l.Tables)
				r := model.NewReport(model.Unit{Name: tc.file}, 0, model.V2021)
				fs := Read(r, layout.grids, l)
				assert.Equal(t, tc.versions, r.Tables)
				cells := 0
				for _, c := range r.Cells() {
					cells++
					_, placed := l.Places[c.Key]
					assert.True(t, placed, c.Key)
					got, ok := r.Values[c.Key]
					assert.True(t, ok, c.Key)
					assert.Equal(t, tc.nonzero[c.Key], got, c.Key)
				}
				assert.Len(t, l.Places, cells)
				if layout.name == "three grids" {
					assert.Equal(t, tc.findings, brief(fs))
				} else {
					assert.Equal(t, count(tc.findings), count(brief(fs)))
				}
			})
		}
	}
}

// count tallies findings by rule.
func count(fs []finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.Rule]++
	}
	return m
}

func TestSeedSources(t *testing.T) {
	grids := seedGrids(t, "002_4f11fd08cb0f5fa7.txt")
	l := Find(grids)
	r := model.NewReport(model.Unit{}, 2019, model.V2019)
	Read(r, grids, l)
	src := r.Sources["t2.license.change"]
	assert.Equal(t, model.Source{File: "002_4f11fd08cb0f5fa7.txt", Line: 17, Text: "减1"}, src)
	assert.Equal(t, model.Source{File: "002_4f11fd08cb0f5fa7.txt", Line: 17}, r.Sources["t2.license.previous"])
	// 表三 一、本年新收 sits on line 33 of the text; 四 on 55; 表四's values on 60.
	assert.Equal(t, 33, r.Sources["t3.new.person"].Line)
	assert.Equal(t, 55, r.Sources["t3.carryover.total"].Line)
	assert.Equal(t, 60, r.Sources["t4.suitafter.total"].Line)
}
