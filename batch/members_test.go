package batch_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
	"nianbao/xlsx/read/fast"
)

// oldLayout is a demo summary written before the 明细 sheets got two header rows and a hidden key row
// (row 1 headers, row 2 keys, units from row 3).
const oldLayout = "../testdata/summaries/old-layout-2024.xlsx"

// TestMembersBothLayouts reads the units of an old-layout summary, checks that they add up to its tables
// and obey every identity, writes them into a summary of the current layout and reads that back: the same
// units with the same values.
func TestMembersBothLayouts(t *testing.T) {
	t.Parallel()
	opt := batch.Options{Year: 2024, Limits: read.DefaultLimits()}
	old := batch.CheckFile(oldLayout, opt)
	if old.Report == nil || !old.Summary || len(old.Members) != 36 {
		t.Fatalf("old layout: summary %v, %d members, findings %v", old.Summary, len(old.Members), old.Findings)
	}
	if g, err := read.Open(oldLayout, read.DefaultLimits()); err != nil || !reflect.DeepEqual(locate.Members(g.Grids, old.Report), old.Members) {
		t.Errorf("old layout: the general reader's members differ from the fast path's (%v)", err)
	}
	form := model.FormOf(model.V2021)
	for _, c := range form.Cells() {
		var s float64
		for _, m := range old.Members {
			s += m.Get(c.Key)
		}
		if s != old.Report.Get(c.Key) {
			t.Errorf("members sum %s to %v, the tables say %v", c.Key, s, old.Report.Get(c.Key))
		}
	}
	ros := &model.Roster{Units: []model.RosterUnit{{Code: "R", Name: "测试市人民政府办公室", Row: 2}}}
	var inputs []summary.Input
	for i, m := range old.Members {
		for _, f := range checks.Run(m, nil) {
			if f.Severity == checks.Error {
				t.Errorf("%s: %s", m.Unit.Name, f.Message)
			}
		}
		ros.Units = append(ros.Units, model.RosterUnit{Code: m.Unit.Code, Name: m.Unit.Name, Parent: "R", Row: i + 3})
		inputs = append(inputs, summary.Input{Path: m.Unit.Code + ".xlsx", Report: m})
	}
	res, err := summary.Build(ros, inputs, summary.Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if res.Name != "测试市" {
		t.Errorf("region %q", res.Name)
	}
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := xlsx.WriteSummary(path, res); err != nil {
		t.Fatal(err)
	}
	// the summary fast path reads it, with the same members as the general reader
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	quick, ok := fast.ReadSummary(path, data, read.DefaultLimits())
	if !ok || len(quick.Details) != 3 {
		t.Fatalf("summary fast path declined our own summary (%v)", ok)
	}
	if _, ok := fast.ReadSummary(oldLayout, mustRead(t, oldLayout), read.DefaultLimits()); !ok {
		t.Error("summary fast path declined the old layout")
	}
	general, err := read.Open(path, read.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	cur := batch.CheckFile(path, opt)
	if !reflect.DeepEqual(batch.MembersOf(quick.Details, cur.Report), locate.Members(general.Grids, cur.Report)) {
		t.Error("fast and general readers give different members")
	}
	if len(cur.Members) != len(old.Members) {
		t.Fatalf("current layout: %d members, want %d", len(cur.Members), len(old.Members))
	}
	for i, m := range cur.Members {
		o := old.Members[i]
		if m.Unit != o.Unit {
			t.Errorf("member %d: %+v, want %+v", i, m.Unit, o.Unit)
		}
		for _, c := range form.Cells() {
			if m.Get(c.Key) != o.Get(c.Key) {
				t.Errorf("%s %s: %v, want %v", o.Unit.Name, c.Key, m.Get(c.Key), o.Get(c.Key))
			}
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
