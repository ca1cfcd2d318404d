package batch_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// TestLongCoversReadBack writes a summary whose covers (the codes of its units, joined) are longer than a
// cell holds, as those of a summary of more than some 4,000 units with codes of 8 characters are, and
// checks it: both readers take it as a summary that proves itself, covering every unit. Cut at a cell's
// 32,767 characters, the covers had lost hundreds of units, and the summary was refused and called
// edited. Codes of 80 characters (the longest a template cell takes) reach that length with 420
// units: the covers are split over cells the same way, for a tenth of the units to write and read.
func TestLongCoversReadBack(t *testing.T) {
	t.Parallel()
	const n = 420 // codes of 80 characters: 34,020 characters of covers
	ros := &model.Roster{Units: []model.RosterUnit{{Code: "R", Name: "测试市人民政府办公室", Row: 2}}}
	var inputs []summary.Input
	for i := 1; i <= n; i++ {
		u := model.RosterUnit{Code: fmt.Sprintf("%s%04d", strings.Repeat("1101050000", 7)+"000000", i), Name: fmt.Sprintf("单位%d", i), Parent: "R", Row: i + 2}
		ros.Units = append(ros.Units, u)
		r := model.NewReport(model.Unit{Code: u.Code, Name: u.Name}, 2024, model.V2021)
		r.Values["t3.new.person"], r.Values["t3.open.person"] = float64(i%5), float64(i%5)
		r.ComputeTotals()
		inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
	}
	res, err := summary.Build(ros, inputs, summary.Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if c := strings.Join(xlsx.Covers(res), ","); len(c) <= 32767 {
		t.Fatalf("covers of %d characters fit a cell", len(c))
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := xlsx.WriteSummary(path, res); err != nil {
		t.Fatal(err)
	}
	f := batch.CheckFile(path, batch.Options{Year: 2024, Limits: read.DefaultLimits()})
	for _, fd := range f.Findings {
		if fd.Severity == checks.Error || fd.Rule == checks.RTampered.ID {
			t.Errorf("%s: %s", fd.Rule, fd.Message)
		}
	}
	if !f.Summary || f.Refused || len(f.Members) != n || len(f.Report.Covers) != n || f.Report.Covers[n-1] != ros.Units[n].Code {
		t.Fatalf("summary %v, refused %v, %d members, %d covers", f.Summary, f.Refused, len(f.Members), len(f.Report.Covers))
	}
	general, err := read.Open(path, read.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	m, _, ours := templates.ParseMeta(general.Meta)
	if !ours || !reflect.DeepEqual(m.Covers, f.Report.Covers) {
		t.Errorf("the general reader finds %d covers, the fast path %d", len(m.Covers), len(f.Report.Covers))
	}
	if members := locate.Members(general.Grids, f.Report); len(members) != n {
		t.Errorf("the general reader finds %d members", len(members))
	}
}
