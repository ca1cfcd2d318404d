package extract

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
	"nianbao/model"
)

// unseenReport is a real published report of testdata/unseen with the totals hand-read from its page (see
// the README there). Keys not listed must read 0.
type unseenReport struct {
	file    string
	unit    string
	year    int
	version model.Version
	totals  map[string]float64
}

var unseenReports = []unseenReport{
	{
		file: "2019_shanghai_bangongting.html", unit: "上海市人民政府办公厅", year: 2019, version: model.V2019,
		totals: map[string]float64{
			"t3.new.total": 859, "t3.carried.total": 18, "t3.resulttotal.total": 805, "t3.carryover.total": 72,
			"t3.resulttotal.person": 767, "t3.resulttotal.business": 35, "t3.resulttotal.legal": 2,
			"t3.resulttotal.otherorg": 1,
			// row totals left blank on the page: the sums of their rows
			"t3.open.total": 272, "t3.partial.total": 3, "t3.withheld1.total": 14, "t3.withheld5.total": 5,
			"t3.withheld6.total": 4, "t3.withheld8.total": 12, "t3.unavailable1.total": 265,
			"t3.unavailable2.total": 47, "t3.unavailable3.total": 25, "t3.declined1.total": 149,
			"t3.declined2.total": 9,
			"t4.review.total":    7, "t4.suit.total": 9,
		},
	},
}

// TestUnseenTotals reads real reports that no other test has seen and checks every total of 表三 (the 总计
// column and the （七）总计 row) and of 表四, and that the report has no error.
func TestUnseenTotals(t *testing.T) {
	for _, u := range unseenReports {
		t.Run(u.file, func(t *testing.T) {
			res, err := File(filepath.Join("testdata", "unseen", u.file))
			require.NoError(t, err)
			r := res.Report
			assert.Equal(t, u.unit, r.Unit.Name)
			assert.Equal(t, u.year, r.Year)
			for _, id := range []string{"t2", "t3", "t4"} {
				assert.Equal(t, u.version, r.Tables[id], id)
			}
			n := 0
			for _, c := range r.Cells() {
				if c.Table.ID == "t2" || (c.Col.Key != "total" && c.Row.Key != "resulttotal") {
					continue
				}
				n++
				_, ok := r.Values[c.Key]
				assert.True(t, ok, "%s not read", c.Key)
				assert.Equal(t, u.totals[c.Key], r.Values[c.Key], c.Key)
			}
			assert.Greater(t, n, 25)
			for _, f := range res.Audit(nil) {
				assert.NotEqual(t, checks.Error, f.Severity, "%s %s", f.Rule, f.Message)
			}
		})
	}
}
