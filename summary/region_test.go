package summary

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"nianbao/model"
)

func TestRegionName(t *testing.T) {
	for _, c := range []struct {
		tops []string
		want string
	}{
		{[]string{"示例市人民政府办公室"}, "示例市"},
		{[]string{"某省人民政府办公厅"}, "某省"},
		{[]string{"青山县人民政府"}, "青山县"},
		{[]string{"东城区政务公开办公室"}, "东城区"},
		{[]string{"政府"}, "政府"}, // nothing would be left
		{[]string{"市财政局"}, "市财政局"},
		{[]string{"甲市政府办公室", "乙市政府办公室"}, AllUnits},
	} {
		r := &model.Roster{}
		for i, n := range c.tops {
			r.Units = append(r.Units, model.RosterUnit{Code: fmt.Sprint(i + 1), Name: n, Row: i + 2})
		}
		if got := RegionName(r); got != c.want {
			t.Errorf("RegionName(%q) = %q, want %q", c.tops, got, c.want)
		}
	}
	ros := testRoster(t)
	res, err := Build(ros, nil, Options{Year: 2024})
	if err != nil || res.Name != "甲市政府办" { // "政府办" is no suffix of the rule: the whole name
		t.Errorf("default region %q %v", res.Name, err)
	}
	res, err = Build(ros, nil, Options{Year: 2024, Region: " 甲市 "})
	if err != nil || res.Name != "甲市" || res.Region.Code != "1" {
		t.Errorf("--region: %q %+v %v", res.Name, res.Region, err)
	}
}

// randomReport is a consistent report of a unit with random figures.
func randomReport(rng *rand.Rand, u model.Unit, year int) *model.Report {
	r := model.NewReport(u, year, model.V2021)
	for _, col := range []string{"person", "business", "legal"} {
		nw, carried := float64(rng.Intn(40)), float64(rng.Intn(5))
		carry := float64(rng.Intn(int(nw+carried) + 1))
		r.Values["t3.new."+col], r.Values["t3.carried."+col], r.Values["t3.carryover."+col] = nw, carried, carry
		left := nw + carried - carry
		w := float64(rng.Intn(int(left) + 1))
		r.Values["t3.open."+col], r.Values["t3.withheld3."+col] = left-w, w
	}
	r.Values["t4.review.corrected"] = float64(rng.Intn(4))
	r.Values["t2.fees.amount"] = float64(rng.Intn(1000)) / 100
	r.ComputeTotals()
	return r
}

// TestOwnAndSubtotals: each branch's 本级 is its own report and its 小计 the sum of its own report and of
// every report below it, computed here from the roster directly.
func TestOwnAndSubtotals(t *testing.T) {
	ros := testRoster(t)
	rng := rand.New(rand.NewSource(3))
	byCode := map[string]*model.Report{}
	var inputs []Input
	for _, u := range ros.Units {
		r := randomReport(rng, model.Unit{Code: u.Code, Name: u.Name}, 2024)
		byCode[u.Code] = r
		inputs = append(inputs, Input{Path: u.Code + ".xlsx", Report: r})
	}
	res, err := Build(ros, inputs, Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	var below func(code string) []string
	below = func(code string) []string {
		out := []string{code}
		for _, c := range ros.Children(code) {
			out = append(out, below(c.Code)...)
		}
		return out
	}
	branches := 0
	for _, n := range res.Nodes {
		if n.Own != byCode[n.Unit.Code] {
			t.Errorf("%s: 本级 is not the unit's own report", n.Unit.Name)
		}
		if n.Branch != (len(ros.Children(n.Unit.Code)) > 0) {
			t.Errorf("%s: Branch %v", n.Unit.Name, n.Branch)
		}
		if n.Branch {
			branches++
		}
		for _, k := range []string{"t3.new.total", "t3.carryover.person", "t3.resulttotal.total", "t4.review.total"} {
			var want float64
			for _, c := range below(n.Unit.Code) {
				want += byCode[c].Get(k)
			}
			if got := n.Total.Get(k); got != want {
				t.Errorf("%s 小计 %s = %v, want %v", n.Unit.Name, k, got, want)
			}
		}
	}
	if branches != 2 {
		t.Errorf("%d branches, want 2", branches)
	}
}

// TestYoY compares with last year unit by unit: the figures, the changes and the paragraph's numbers are
// computed here from the reports directly.
func TestYoY(t *testing.T) {
	ros := testRoster(t)
	rng := rand.New(rand.NewSource(5))
	now, last := map[string]*model.Report{}, map[string]*model.Report{}
	var inputs []Input
	for _, u := range ros.Units {
		unit := model.Unit{Code: u.Code, Name: u.Name}
		last[u.Code] = randomReport(rng, unit, 2023)
		r := randomReport(rng, unit, 2024)
		for _, col := range []string{"person", "business", "legal"} { // this year's 二 is last year's 四
			r.Values["t3.carried."+col] = last[u.Code].Get("t3.carryover." + col)
			r.Values["t3.open."+col] = r.Get("t3.new."+col) + r.Get("t3.carried."+col) - r.Get("t3.carryover."+col) - r.Get("t3.withheld3."+col)
			if r.Values["t3.open."+col] < 0 {
				r.Values["t3.carryover."+col] += -r.Values["t3.open."+col]
				r.Values["t3.open."+col] = 0
			}
		}
		r.ComputeTotals()
		now[u.Code] = r
		inputs = append(inputs, Input{Path: u.Code + ".xlsx", Report: r})
	}
	prev := func(u model.Unit) *model.Report { return last[u.Code] }
	res, err := Build(ros, inputs, Options{Year: 2024, Region: "甲市", Previous: prev})
	if err != nil {
		t.Fatal(err)
	}
	y := res.YoY
	if y == nil {
		t.Fatal("no YoY")
	}
	sum := func(m map[string]*model.Report, k string) float64 {
		var s float64
		for _, r := range m {
			s += r.Get(k)
		}
		return s
	}
	found := 0
	for _, f := range y.Figures {
		var this, prev float64
		for _, k := range f.Keys {
			this += sum(now, k)
			prev += sum(last, k)
		}
		if math.Abs(f.This-this) > 1e-9 || math.Abs(f.Last-prev) > 1e-9 { // amounts: sums in another order
			t.Errorf("%s: %v/%v, want %v/%v", f.Label, f.This, f.Last, this, prev)
		}
		if f.Label == "（三）不予公开" {
			found++
			if len(f.Keys) != 8 {
				t.Errorf("不予公开 sums %d rows", len(f.Keys))
			}
		}
	}
	if found != 1 || y.Compared != 5 {
		t.Errorf("groups %d, compared %d", found, y.Compared)
	}
	nw, nl := sum(now, "t3.new.total"), sum(last, "t3.new.total")
	pct := fmt.Sprintf("%.1f%%", (nw-nl)/nl*100)
	if nw < nl {
		pct = fmt.Sprintf("%.1f%%", (nl-nw)/nl*100)
	}
	for _, want := range []string{fmt.Sprintf("全市共收到政府信息公开申请%v件", nw), pct, fmt.Sprintf("上年%v件", nl),
		fmt.Sprintf("结转下年度继续办理%v件", sum(now, "t3.carryover.total")),
		fmt.Sprintf("不予公开%v件", sum(now, "t3.withheld3.total"))} {
		if !strings.Contains(y.Paragraph, want) {
			t.Errorf("paragraph lacks %q:\n%s", want, y.Paragraph)
		}
	}
	// per unit: the largest change of 本年新收 first
	var best float64
	for c, r := range now {
		if d := r.Get("t3.new.total") - last[c].Get("t3.new.total"); d*d > best*best {
			best = d
		}
	}
	if len(y.New) == 0 || y.New[0].Change() != best {
		t.Errorf("largest change %v, want %v", y.New, best)
	}
}
