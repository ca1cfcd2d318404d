package locate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/model"
)

// want2 is what sheet2(v, distinct, …) holds.
func want2(v model.Version) map[string]float64 {
	out := map[string]float64{}
	i := 0
	for _, b := range model.TableOf(v, "t2").Blocks {
		for _, r := range b.Rows {
			for j, c := range b.Cols {
				out["t2."+r.Key+"."+c.Key] = float64(100*(i+1) + j + 1)
			}
			i++
		}
	}
	return out
}

func readT2(t *testing.T, g Grid) (Layout, map[string]float64) {
	t.Helper()
	l := Find([]Grid{g})
	r := model.NewReport(model.Unit{}, 2021, model.V2021)
	Read(r, []Grid{g}, l)
	out := map[string]float64{}
	for k, v := range r.Values {
		if strings.HasPrefix(k, "t2.") {
			out[k] = v
		}
	}
	return l, out
}

func TestTable2Layouts(t *testing.T) {
	for _, v := range model.Versions {
		for _, firstPair := range []bool{false, true} {
			s := sheet2(v, distinct, firstPair)
			for _, mode := range []struct {
				name string
				m    mergeMode
			}{{"merged once", once}, {"merged text repeated", repeat}, {"flattened", drop}} {
				if firstPair && mode.m == repeat {
					continue // ambiguous: TestTable2Ambiguous
				}
				t.Run(fmt.Sprintf("%d/first pair %v/%s", v, firstPair, mode.name), func(t *testing.T) {
					g := shift(s.render("表二", mode.m), 3, 2, retyped)
					l, vals := readT2(t, g)
					for _, p := range l.Problems {
						require.NotContains(t, p.Message, "表二", "only 表三 and 表四 are missing")
					}
					assert.Equal(t, v, l.Tables["t2"])
					assert.Equal(t, want2(v), vals)
				})
			}
		}
	}
}

// A merged value cell repeated over the span of a header that covers two values: which is which cannot be
// told, so the table is not read.
func TestTable2Ambiguous(t *testing.T) {
	g := sheet2(model.V2019, distinct, true).render("表二", repeat)
	l := Find([]Grid{g})
	assert.NotContains(t, l.Tables, "t2")
	require.NotEmpty(t, l.Problems)
	assert.Equal(t, "未找到表二：第二十条第（五）项“行政许可”行“本年增/减”列下有多个数值（「301」、「302」），无法确定", l.Problems[0].Message)
	assert.Equal(t, "D7", l.Problems[0].Cell)
}

// Local edits of the 2021 表二: a suffix on a header, the 2019 row name 规范性文件, headers cut at a line break.
func TestTable2LocalEdits(t *testing.T) {
	seed := seedGrids(t, "003_00b6c75c071fb3e8.txt")[0]
	g := shift(seed, 0, 0, strings.NewReplacer("现行有效件数", "现行有效件数(历史累计)", "行政规范性文件", "规范性文件",
		"本年制发件数", "本年制发", "本年收费金额(单位:万元)", "本年收费金额").Replace)
	l, vals := readT2(t, g)
	assert.Equal(t, model.V2021, l.Tables["t2"])
	assert.Equal(t, 1.0, vals["t2.normative.issued"])
	assert.Equal(t, 1.0, vals["t2.normative.valid"])
	assert.Len(t, vals, 10)
}
