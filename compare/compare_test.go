package compare

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"nianbao/model"
)

func TestSameUnit(t *testing.T) {
	tests := []struct {
		a, b model.Unit
		want bool
	}{
		{model.Unit{Code: "A01", Name: "甲"}, model.Unit{Code: "A01", Name: "乙"}, true},
		{model.Unit{Code: "A01"}, model.Unit{Code: "A02"}, false},
		{model.Unit{Name: "市金融发展局"}, model.Unit{Name: "某某市金融发展局"}, true},
		{model.Unit{Name: "市 金融发展局"}, model.Unit{Name: "市金融发展局"}, true},
		{model.Unit{Name: "区发改局"}, model.Unit{Name: "区财政局"}, false},
		{model.Unit{}, model.Unit{Name: "区财政局"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.a.Name+"|"+tc.b.Name, func(t *testing.T) {
			assert.Equal(t, tc.want, sameUnit(tc.a, tc.b))
		})
	}
}

func TestCompareReports(t *testing.T) {
	u := model.Unit{Name: "区财政局"}
	a := model.NewReport(u, 2023, model.V2021)
	b := model.NewReport(u, 2023, model.V2021)
	a.Set("t3.new.person", 4, model.Source{Line: 40})
	b.Set("t3.new.person", 4, model.Source{Sheet: "表三", Cell: "D5"})
	c := Compare(Side{Report: a}, Side{Report: b})
	assert.True(t, c.Equal)
	assert.Equal(t, len(a.Cells()), c.Compared)

	b.Set("t4.review.upheld", 2, model.Source{Sheet: "表四", Cell: "A4"})
	delete(b.Tables, "t2")
	c = Compare(Side{Report: a}, Side{Report: b})
	assert.False(t, c.Equal)
	assert.Equal(t, []string{"表二：B 中没有找到此表"}, c.Mismatches)
	assert.Len(t, c.Differences, 1)
	d := c.Differences[0]
	assert.Equal(t, "t4.review.upheld", d.Key)
	assert.Equal(t, 0.0, *d.A)
	assert.Equal(t, 2.0, *d.B)
	assert.Equal(t, "表四!A4", d.BSource.String())

	var out strings.Builder
	assert.NoError(t, WriteComparison(&out, c))
	assert.Contains(t, out.String(), "注意 表二：B 中没有找到此表")
	assert.Contains(t, out.String(), "A = 0，B = 2（表四!A4）")
}
