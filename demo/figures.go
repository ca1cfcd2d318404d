package demo

import (
	"math"
	"math/rand"

	"nianbao/model"
)

// figures fills a report with plausible, consistent figures: every identity holds, 表二 is plausible. big
// scales the volumes (a government or a large department receives more applications).
func figures(u model.Unit, year int, rng *rand.Rand, big float64) *model.Report {
	v := model.VersionForYear(year)
	r := model.NewReport(u, year, v)
	src := model.Source{}
	count := func(mean float64) float64 { return math.Floor(rng.ExpFloat64() * mean * big) }
	t3 := model.TableOf(v, "t3").Blocks[0]
	var results []string
	for _, row := range t3.Rows {
		if len(row.Groups) > 0 && row.Key != "resulttotal" {
			results = append(results, row.Key)
		}
	}
	// weights of the result rows: most applications are disclosed, few are refused
	weight := func(k string) float64 {
		switch k {
		case "open":
			return 40
		case "partial":
			return 8
		case "unavailable1":
			return 10
		case "unavailable2", "declined2", "other1":
			return 3
		}
		return 1
	}
	means := map[string]float64{"person": 12, "business": 3, "research": 0.2, "nonprofit": 0.2, "legal": 0.6, "otherorg": 0.5}
	for _, col := range t3.Cols {
		if col.Key == t3.TotalCol {
			continue
		}
		k := func(row string) string { return "t3." + row + "." + col.Key }
		nw, carried := count(means[col.Key]), math.Floor(rng.Float64()*3*math.Min(big, 3))
		if col.Key != "person" && col.Key != "business" {
			carried = 0
		}
		r.Set(k("new"), nw, src)
		r.Set(k("carried"), carried, src)
		all := nw + carried
		carry := math.Floor(all * rng.Float64() * 0.1)
		r.Set(k("carryover"), carry, src)
		left := all - carry
		var sum float64
		for _, res := range results {
			sum += weight(res)
		}
		for i, res := range results {
			x := math.Floor(left * weight(res) / sum * (0.6 + 0.8*rng.Float64()))
			if x > left || i == len(results)-1 {
				x = 0
			}
			r.Set(k(res), x, src)
			left -= x
		}
		r.Set(k("open"), r.Get(k("open"))+left, src)
	}
	for _, row := range model.TableOf(v, "t4").Blocks[0].Rows {
		for _, c := range []string{"upheld", "corrected", "other", "pending"} {
			r.Set("t4."+row.Key+"."+c, math.Floor(rng.ExpFloat64()*0.4*math.Sqrt(big)), src)
		}
	}
	table2(r, v, rng, big)
	r.ComputeTotals()
	return r
}

// table2 fills 表二 plausibly: issued ≤ valid (2021), published ≤ made ≤ total (2019), no negative projects.
func table2(r *model.Report, v model.Version, rng *rand.Rand, big float64) {
	src := model.Source{}
	n := func(m float64) float64 { return math.Floor(rng.ExpFloat64() * m * big) }
	amount := func(m float64) float64 { return math.Round(rng.ExpFloat64()*m*big*100) / 100 }
	if v == model.V2021 {
		for _, row := range []string{"rules", "normative"} {
			if row == "rules" && big < 3 { // only governments make 规章
				continue
			}
			issued, repealed := n(1), n(0.5)
			r.Set("t2."+row+".issued", issued, src)
			r.Set("t2."+row+".repealed", repealed, src)
			r.Set("t2."+row+".valid", issued+n(8), src)
		}
		r.Set("t2.license.decisions", n(300), src)
		r.Set("t2.penalty.decisions", n(80), src)
		r.Set("t2.coercion.decisions", n(5), src)
		r.Set("t2.fees.amount", amount(20), src)
		return
	}
	for _, row := range []string{"rules", "normative"} {
		made := n(2)
		pub := math.Min(made, n(2))
		r.Set("t2."+row+".made", made, src)
		r.Set("t2."+row+".published", pub, src)
		r.Set("t2."+row+".total", pub+n(20), src)
	}
	for _, row := range []string{"license", "otherservice", "penalty", "coercion", "fees"} {
		prev := 3 + n(10)
		r.Set("t2."+row+".previous", prev, src)
		r.Set("t2."+row+".change", math.Floor(rng.Float64()*7)-3, src)
		if row != "fees" {
			r.Set("t2."+row+".decisions", n(100), src)
		}
	}
	r.Set("t2.procurement.count", n(5), src)
	r.Set("t2.procurement.amount", amount(50), src)
}
