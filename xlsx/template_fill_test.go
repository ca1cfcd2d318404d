package xlsx

import (
	"fmt"
	"nianbao/xlsx/read"
	"path/filepath"
	"reflect"
	"testing"

	"nianbao/model"
)

// TestTemplateFillerMatchesWriteTemplate writes the same templates with WriteTemplate and with a
// TemplateFiller, blank and pre-filled, for both versions, and requires that Open reads them the same:
// every grid cell (text, formula, string flag), hidden sheets and the meta sheet. A unit whose name needs
// escaping or that has no code is written for one version.
func TestTemplateFillerMatchesWriteTemplate(t *testing.T) {
	dir := t.TempDir()
	for _, v := range model.Versions {
		year := 2020
		if v == model.V2021 {
			year = 2024
		}
		tf, err := NewTemplateFiller(TemplateOptions{Year: year, Version: v})
		if err != nil {
			t.Fatal(err)
		}
		filled := model.NewReport(model.Unit{}, year, v)
		for i, c := range model.FormOf(v).Cells() {
			if c.Input() {
				filled.Values[c.Key] = float64(i%7) + float64(i%3)*0.25
			}
		}
		filled.Values["t3.new.person"] = 1e6 // a total that fails, so 校验 shows its red texts
		type fillCase struct {
			name string
			unit model.Unit
			r    *model.Report
		}
		cases := []fillCase{
			{"blank", model.Unit{Code: "000001", Name: "示例市人民政府办公室"}, nil},
			{"filled", model.Unit{Code: "420100", Name: "武汉市（测试）教育局"}, filled},
		}
		if v == model.Versions[0] {
			// Units the filler hands to WriteTemplateTo (plainText), a choice the version does not enter.
			cases = append(cases, fillCase{"escaped", model.Unit{Code: "7", Name: "A&B <局>"}, filled},
				fillCase{"no code", model.Unit{Name: "某街道办事处"}, filled})
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/%d", c.name, int(v)), func(t *testing.T) {
				opt := TemplateOptions{Year: year, Version: v, Unit: c.unit, Report: c.r}
				slow := filepath.Join(dir, c.name+"-slow.xlsx")
				quick := filepath.Join(dir, c.name+"-fast.xlsx")
				if err := WriteTemplate(slow, opt); err != nil {
					t.Fatal(err)
				}
				if err := tf.Write(quick, c.unit, c.r); err != nil {
					t.Fatal(err)
				}
				a, err := read.Open(slow, read.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				b, err := read.Open(quick, read.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(a.Meta, b.Meta) || !reflect.DeepEqual(a.Hidden, b.Hidden) || len(a.Grids) != len(b.Grids) {
					t.Fatalf("meta or sheets differ:\n%v %v\n%v %v", a.Meta, a.Hidden, b.Meta, b.Hidden)
				}
				cells := 0
				for i := range a.Grids {
					if !reflect.DeepEqual(a.Grids[i], b.Grids[i]) {
						t.Fatalf("sheet %s differs:\nWriteTemplate: %v\nfiller:        %v", a.Grids[i].Name, a.Grids[i].Rows, b.Grids[i].Rows)
					}
					for _, row := range a.Grids[i].Rows {
						cells += len(row)
					}
				}
				if cells < 500 {
					t.Fatalf("only %d cells read", cells)
				}
			})
		}
	}
}
