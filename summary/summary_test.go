package summary

import (
	"strings"
	"testing"
	"time"

	"nianbao/checks"
	"nianbao/model"
)

func report(code, name string, person float64) *model.Report {
	r := model.NewReport(model.Unit{Code: code, Name: name}, 2024, model.V2021)
	r.Values["t3.new.person"] = person
	r.Values["t3.open.person"] = person
	r.ComputeTotals()
	return r
}

func testRoster(t *testing.T) *model.Roster {
	r, err := model.ParseRoster([][]string{
		{"单位代码", "单位名称", "上级单位代码"},
		{"1", "甲市政府办", ""},
		{"2", "甲市财政局", "1"},
		{"3", "乙区政府办", "1"},
		{"4", "乙区教育局", "3"},
		{"5", "乙区某镇", "3"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestBuild(t *testing.T) {
	t0 := time.Date(2025, 1, 20, 9, 0, 0, 0, time.UTC)
	bad := report("4", "乙区教育局", 7)
	badFinding := []checks.Finding{{Rule: "T3-1", Severity: checks.Error, Message: "x"}}
	inputs := []Input{
		{Path: "1.xlsx", Report: report("1", "甲市政府办", 10), ModTime: t0},
		{Path: "2-old.xlsx", Report: report("2", "甲市财政局", 100), ModTime: t0},
		{Path: "2-new.xlsx", Report: report("", "甲市财政局", 5), ModTime: t0.Add(time.Hour)},
		{Path: "4.xlsx", Report: bad, Findings: badFinding, ModTime: t0},
		{Path: "9.xlsx", Report: report("9", "甲市财政局下属中心", 1000), ModTime: t0},
		{Path: "3_坏.xlsx", ModTime: t0},
	}
	tests := []struct {
		name     string
		invalid  bool
		total    float64 // region 本年新收 自然人
		district float64
		status   map[string]Status
	}{
		{"without invalid", false, 15, 0, map[string]Status{"1": Passed, "2": Passed, "3": Unreadable, "4": Failed, "5": Missing}},
		{"with invalid", true, 22, 7, map[string]Status{"4": Failed}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Build(testRoster(t), inputs, Options{Year: 2024, IncludeInvalid: tc.invalid})
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Total.Get("t3.new.person"); got != tc.total {
				t.Errorf("region total %v, want %v", got, tc.total)
			}
			for _, n := range res.Nodes {
				if n.Unit.Code == "3" && (n.Total.Get("t3.new.person") != tc.district || n.Units != 3 || n.Level != 1) {
					t.Errorf("district node %+v total %v", n, n.Total.Get("t3.new.person"))
				}
			}
			byCode := map[string]Row{}
			extra := map[Status][]Row{}
			for _, u := range res.Units {
				if u.OnRoster && u.Status != Replaced && u.Status != Double {
					byCode[u.Code] = u
				} else {
					extra[u.Status] = append(extra[u.Status], u)
				}
			}
			for code, st := range tc.status {
				if byCode[code].Status != st {
					t.Errorf("unit %s: %s, want %s", code, byCode[code].Status, st)
				}
			}
			if byCode["2"].File != "2-new.xlsx" || len(extra[Replaced]) != 1 || extra[Replaced][0].File != "2-old.xlsx" {
				t.Errorf("newest file not used: %+v %+v", byCode["2"], extra[Replaced])
			}
			if off := extra[OffRoster]; len(off) != 1 || !strings.Contains(off[0].Note, "2 甲市财政局") {
				t.Errorf("off roster: %+v", off)
			}
			if byCode["4"].Invalid != tc.invalid || res.Counts.Expected != 5 || res.Counts.Missing != 1 {
				t.Errorf("counts %+v, row 4 %+v", res.Counts, byCode["4"])
			}
			if len(res.Internal) > 0 {
				t.Errorf("internal errors: %v", res.Internal)
			}
		})
	}
}

func TestSummaryInputs(t *testing.T) {
	district, _ := model.Sum(model.Unit{Code: "3", Name: "乙区政府办"}, 2024, model.V2021,
		report("3", "乙区政府办", 1), report("4", "乙区教育局", 2), report("5", "乙区某镇", 3))
	inputs := []Input{
		{Path: "乙区汇总.xlsx", Report: district, Summary: true, Covers: []string{"3", "4", "5"}},
		{Path: "1.xlsx", Report: report("1", "甲市政府办", 10)},
		{Path: "4.xlsx", Report: report("4", "乙区教育局", 2)},
	}
	res, err := Build(testRoster(t), inputs, Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Total.Get("t3.new.person"); got != 16 {
		t.Errorf("region total %v, want 16 (the unit file covered by the summary is not summed twice)", got)
	}
	double := 0
	for _, f := range res.Findings {
		if f.Rule == checks.RDouble.ID && strings.Contains(f.Message, "乙区汇总.xlsx") && strings.Contains(f.Message, "4.xlsx") {
			double++
		}
	}
	if double != 1 {
		t.Errorf("double counting findings %d: %+v", double, res.Findings)
	}
	for _, u := range res.Units {
		if u.Code == "5" && u.OnRoster && (u.Via != "乙区汇总.xlsx" || !u.Included) {
			t.Errorf("unit 5 not reported via the summary: %+v", u)
		}
	}
}
