package locate

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"nianbao/checks"
	"nianbao/model"
)

// TestVersionWithoutYear: a file that is none of ours and names no year, checked without a year, is read
// in the version most of its tables are in (2021 on a tie), and gets no finding about its year.
func TestVersionWithoutYear(t *testing.T) {
	t2 := seedGrids(t, "000_ab7d1287facdaff7.txt")[0] // 2021 表二
	t4 := sheet4(func(k int) string { return fmt.Sprint(k) }).render("表四", once)
	for _, tc := range []struct {
		name  string
		grids []Grid
		want  model.Version
	}{
		{"2019 表三", []Grid{sheet3(model.V2019, distinct).render("表三", once)}, model.V2019},
		{"2021 表三", []Grid{sheet3(model.V2021, distinct).render("表三", once)}, model.V2021},
		{"2021 表二, 2019 表三 and 表四", []Grid{t2, sheet3(model.V2019, distinct).render("表三", once), t4}, model.V2019},
		{"a tie: 2021 表二, 2019 表三", []Grid{t2, sheet3(model.V2019, distinct).render("表三", once)}, model.V2021},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, fs := ReadSource(Source{Name: "自制.xlsx", Grids: tc.grids}, 0)
			assert.Equal(t, 0, r.Year)
			assert.Equal(t, tc.want, r.Version)
			for _, f := range fs {
				assert.NotEqual(t, checks.RYear.ID, f.Rule, f.Message)
			}
		})
	}
}
