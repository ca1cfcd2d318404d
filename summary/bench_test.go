package summary_test

import (
	"fmt"
	"testing"

	"nianbao/model"
	"nianbao/summary"
)

// BenchmarkBuild measures consolidating 1,000 units (roster matching, branch and region totals).
func BenchmarkBuild(b *testing.B) {
	ros := &model.Roster{}
	var inputs []summary.Input
	for i := 0; i < 1000; i++ {
		u := model.RosterUnit{Code: fmt.Sprintf("%06d", i), Name: fmt.Sprintf("单位%d", i), Row: i + 2}
		if i > 0 {
			u.Parent = fmt.Sprintf("%06d", i/10)
		}
		ros.Units = append(ros.Units, u)
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		for j, c := range model.FormOf(model.V2021).Cells() {
			if c.Input() {
				r.Values[c.Key] = float64((i + j) % 5)
			}
		}
		r.ComputeTotals()
		inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := summary.Build(ros, inputs, summary.Options{Year: 2024}); err != nil {
			b.Fatal(err)
		}
	}
}
