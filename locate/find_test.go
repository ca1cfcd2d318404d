package locate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/model"
)

// retyped turns official labels into what agencies type: ASCII punctuation, straight quotes, 合计 for 总计,
// spaces and line breaks inside labels, full-width item numbers.
var retyped = strings.NewReplacer(
	"（", "(", "）", ")", "，", ",", "：", ":", "“", `"`, "”", `"`, "总计", "合计",
	"商业企业", "商业 企业", "科研机构", "科研\n机构", "不予公开", "不予 公开",
	"1.", "１．", "2.", "２、",
).Replace

// readT3 finds 表三 alone in grids and returns its values, failing the test on any problem.
func readT3(t *testing.T, grids ...Grid) (model.Version, map[string]float64) {
	t.Helper()
	l := Find(grids)
	for _, p := range l.Problems {
		require.NotContains(t, p.Message, "表三", "%s", p.Message)
	}
	r := model.NewReport(model.Unit{}, 2021, model.V2021)
	Read(r, grids, l)
	out := map[string]float64{}
	for k, v := range r.Values {
		if strings.HasPrefix(k, "t3.") {
			out[k] = v
		}
	}
	return l.Tables["t3"], out
}

// want3 is what sheet3(v, distinct) holds: every cell its own number.
func want3(v model.Version) map[string]float64 {
	b := model.TableOf(v, "t3").Blocks[0]
	out := map[string]float64{}
	for i, r := range b.Rows {
		for j, c := range b.Cols {
			out["t3."+r.Key+"."+c.Key] = float64(100*(i+1) + j + 1)
		}
	}
	return out
}

func TestTable3Layouts(t *testing.T) {
	for _, v := range model.Versions {
		s := sheet3(v, distinct)
		for _, mode := range []struct {
			name string
			m    mergeMode
		}{{"merged once", once}, {"merged text repeated", repeat}, {"flattened", drop}} {
			for _, tc := range []struct {
				name       string
				rows, cols int
				edit       func(string) string
			}{
				{"official", 0, 0, nil},
				{"offset", 7, 3, nil},
				{"retyped at offset", 2, 5, retyped},
				{"leading empty cell", 0, 1, retyped},
			} {
				t.Run(fmt.Sprintf("%d/%s/%s", v, mode.name, tc.name), func(t *testing.T) {
					g := shift(s.render("表三", mode.m), tc.rows, tc.cols, tc.edit)
					got, vals := readT3(t, g)
					assert.Equal(t, v, got)
					assert.Equal(t, want3(v), vals)
				})
			}
		}
	}
}

// cutNumber keeps only the item number of a numbered label ("1.属于国家秘密" → "1."): which item it is then
// depends on the group above it.
func cutNumber(s string) string {
	if i := strings.Index(s, "."); i == 1 && s[0] >= '1' && s[0] <= '9' {
		return s[:2]
	}
	return s
}

func TestTable3Headers(t *testing.T) {
	s := sheet3(model.V2021, distinct)
	truncate := strings.NewReplacer("商业企业", "商业", "社会公益组织", "社会", "法律服务机构", "法律", "自然人", "自然").Replace
	for _, tc := range []struct {
		name string
		g    Grid
	}{
		{"truncated headers", shift(s.render("表三", once), 0, 0, truncate)},
		{"no header rows", Grid{Name: "表三", Rows: s.render("表三", once).Rows[3:]}},
		{"no header rows, flattened", Grid{Name: "表三", Rows: s.render("表三", drop).Rows[3:]}},
		{"no header rows, repeated", Grid{Name: "表三", Rows: s.render("表三", repeat).Rows[3:]}},
		{"numbered labels cut to their number, flattened", shift(s.render("表三", drop), 0, 0, cutNumber)},
		{"numbered labels cut to their number, merged once", shift(s.render("表三", once), 0, 0, cutNumber)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, vals := readT3(t, tc.g)
			assert.Equal(t, model.V2021, v)
			assert.Equal(t, want3(model.V2021), vals)
		})
	}
}

// withoutRow returns a copy of g without the first row whose first non-empty cell is label.
func withoutRow(g Grid, label string) Grid {
	out := Grid{Name: g.Name}
	done := false
	for _, row := range g.Rows {
		first := ""
		for _, c := range row {
			if c.Text != "" {
				first = c.Text
				break
			}
		}
		if !done && first == label {
			done = true
			continue
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func TestProblems(t *testing.T) {
	seed := seedGrids(t, "000_ab7d1287facdaff7.txt")
	s21 := sheet3(model.V2021, distinct)
	dup := s21.render("表三", once)
	dup.Rows = append(dup.Rows, dup.Rows[len(dup.Rows)-1])
	short := shift(seed[2], 0, 0, nil)
	short.Rows[3] = short.Rows[3][:12]
	header := shift(seed[0], 0, 0, strings.NewReplacer("本年废止件数", "本年新增件数").Replace)
	for _, tc := range []struct {
		name  string
		grids []Grid
		lost  string // the table not read
		msgs  []string
	}{
		{"row deleted", []Grid{seed[0], withoutRow(seed[1], "四、结转下年度继续办理"), seed[2]}, "t3",
			[]string{"未找到表三：缺少“四、结转下年度继续办理”行"}},
		{"numbered row deleted", []Grid{seed[0], withoutRow(seed[1], "3.其他"), seed[2]}, "t3",
			[]string{"未找到表三：缺少“（六）其他处理 3.其他”行"}},
		{"表二 row deleted", []Grid{withoutRow(seed[0], "行政强制"), seed[1], seed[2]}, "t2",
			[]string{"未找到表二：缺少“第二十条第（六）项 行政强制”行"}},
		{"row twice", []Grid{seed[0], dup, seed[2]}, "t3",
			[]string{"未找到表三：“四、结转下年度继续办理”行出现了2次（第28行、第29行）"}},
		{"表四 value row short", []Grid{seed[0], seed[1], short}, "t4",
			[]string{"未找到表四：数值行只有12格，应有15格"}},
		{"表二 header not official", []Grid{header, seed[1], seed[2]}, "t2",
			[]string{"未找到表二：第二十条第（一）项的表头「本年制发件数」「本年新增件数」「现行有效件数」与官方列名（本年制发件数、本年废止件数、现行有效件数）不符"}},
		{"table twice", []Grid{seed[0], seed[1], seed[2], renamed(seed[1], "副本")}, "t3",
			[]string{"未找到表三：表格在“000_ab7d1287facdaff7.txt”、“副本”中各出现一次，无法确定应读取哪一个"}},
		{"no 表四", seed[:2], "t4",
			[]string{"未找到表四（四、政府信息公开行政复议、行政诉讼情况）：没有找到它的行或列名称"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := Find(tc.grids)
			var msgs []string
			for _, p := range l.Problems {
				assert.Equal(t, "R-5", p.Rule)
				assert.Equal(t, "错误", p.Severity.String())
				msgs = append(msgs, p.Message)
			}
			assert.Equal(t, tc.msgs, msgs)
			assert.NotContains(t, l.Tables, tc.lost)
			for k := range l.Places {
				assert.False(t, strings.HasPrefix(k, tc.lost+"."), k)
			}
			assert.Len(t, l.Tables, 2, "the other tables are still read")
		})
	}
}

func renamed(g Grid, name string) Grid {
	g.Name, g.Source = name, nil
	return g
}

func TestMixedVersions(t *testing.T) {
	t2 := seedGrids(t, "000_ab7d1287facdaff7.txt")[0] // 2021 表二
	t3 := sheet3(model.V2019, distinct).render("表三", once)
	t4 := sheet4(func(k int) string { return fmt.Sprint(k) }).render("表四", once)
	for _, tc := range []struct {
		name  string
		grids []Grid
	}{
		{"three sheets", []Grid{t2, t3, t4}},
		{"one sheet", []Grid{oneGrid("Sheet1", t2, t3, t4)}},
		{"one sheet, other order", []Grid{oneGrid("Sheet1", t4, t3, t2)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := Find(tc.grids)
			require.Empty(t, l.Problems)
			assert.Equal(t, map[string]model.Version{"t2": model.V2021, "t3": model.V2019, "t4": model.V2019}, l.Tables)
			r := model.NewReport(model.Unit{}, 2021, model.V2021)
			Read(r, tc.grids, l)
			assert.Equal(t, float64(2101), r.Values["t3.other.person"], "2019 single （六） row")
			assert.Equal(t, float64(1), r.Values["t2.normative.valid"])
			for k, c := range model.TableOf(model.V2021, "t4").Cells() {
				assert.Equal(t, float64(k), r.Values[c.Key], c.Key)
			}
		})
	}
}

func TestTable4Layouts(t *testing.T) {
	s := sheet4(func(k int) string { return fmt.Sprint(10 + k) })
	for _, tc := range []struct {
		name string
		g    Grid
	}{
		{"merged once", s.render("表四", once)},
		{"merged repeated", s.render("表四", repeat)},
		{"flattened", s.render("表四", drop)},
		{"truncated at offset", shift(s.render("表四", once), 4, 2, strings.NewReplacer("结果维持", "结果", "结果纠正", "结果", "其他结果", "其他", "尚未审结", "尚未", "总计", "合计").Replace)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := Find([]Grid{tc.g})
			assert.Contains(t, l.Tables, "t4")
			r := model.NewReport(model.Unit{}, 2021, model.V2021)
			Read(r, []Grid{tc.g}, l)
			for k, c := range model.TableOf(model.V2021, "t4").Cells() {
				assert.Equal(t, float64(10+k), r.Values[c.Key], c.Key)
			}
		})
	}
}
