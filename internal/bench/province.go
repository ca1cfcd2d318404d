package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"nianbao/internal/fsx"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx"
)

// province writes, unless already there, a province of cities summaries of units units each into dir:
// 省名单.xlsx (the province office, each city's office below it, and each city's units below that), and in
// 各市/ one summary per city, made with summary.Build and xlsx.WriteSummary from random consistent reports,
// plus a copy of the first city's summary under another name, which the consolidation must flag as double
// counted. It returns the roster and the folder.
func province(dir string, cities, units int) (roster, folder string, err error) {
	roster, folder = filepath.Join(dir, "省名单.xlsx"), filepath.Join(dir, "各市")
	if _, err := os.Stat(roster); err == nil {
		return roster, folder, nil
	}
	start := time.Now()
	if err := os.MkdirAll(folder, 0o755); err != nil {
		return "", "", err
	}
	rng := rand.New(rand.NewSource(1))
	prov := &model.Roster{}
	add := func(r *model.Roster, code, name, parent, cat string) {
		r.Units = append(r.Units, model.RosterUnit{Code: code, Name: name, Parent: parent, Category: cat, Row: len(r.Units) + 2})
	}
	add(prov, "P0", "示例省人民政府办公厅", "", "政府")
	for c := 1; c <= cities; c++ {
		city := &model.Roster{}
		top := fmt.Sprintf("C%02d", c)
		cityName := fmt.Sprintf("示例省第%d市", c)
		add(city, top, cityName+"人民政府办公室", "", "政府")
		for u := 1; u < units; u++ {
			parent := top
			if u > 20 { // twenty departments, the rest under them
				parent = fmt.Sprintf("%s-%05d", top, 1+u%20)
			}
			add(city, fmt.Sprintf("%s-%05d", top, u), fmt.Sprintf("%s第%d单位", cityName, u), parent, "部门")
		}
		var inputs []summary.Input
		for _, u := range city.Units {
			r := randomReport(rng, model.Unit{Code: u.Code, Name: u.Name})
			inputs = append(inputs, summary.Input{Path: u.Code + ".xlsx", Report: r})
		}
		res, err := summary.Build(city, inputs, summary.Options{Year: 2024, Tool: "bench"})
		if err != nil {
			return "", "", err
		}
		path := filepath.Join(folder, fmt.Sprintf("%s汇总.xlsx", cityName))
		if err := xlsx.WriteSummary(path, res); err != nil {
			return "", "", err
		}
		if c == 1 {
			if err := fsx.CopyNew(path, filepath.Join(folder, "重复报送的第1市汇总.xlsx")); err != nil {
				return "", "", err
			}
		}
		for _, u := range city.Units {
			if u.Parent == "" {
				u.Parent = "P0"
			}
			add(prov, u.Code, u.Name, u.Parent, u.Category)
		}
	}
	if err := xlsx.WriteRoster(roster, prov); err != nil {
		return "", "", err
	}
	fmt.Printf("generated a province of %d cities × %d units into %s in %.1f s (not timed below)\n",
		cities, units, dir, time.Since(start).Seconds())
	return roster, folder, nil
}

// randomReport is a consistent 2024 report with random figures (every identity holds).
func randomReport(rng *rand.Rand, u model.Unit) *model.Report {
	r := model.NewReport(u, 2024, model.V2021)
	for _, col := range []string{"person", "business", "legal"} {
		nw, carried := float64(rng.Intn(30)), float64(rng.Intn(4))
		carry := float64(rng.Intn(int(nw+carried) + 1))
		left := nw + carried - carry
		w := float64(rng.Intn(int(left) + 1))
		r.Values["t3.new."+col], r.Values["t3.carried."+col], r.Values["t3.carryover."+col] = nw, carried, carry
		r.Values["t3.open."+col], r.Values["t3.unavailable1."+col] = left-w, w
	}
	r.Values["t2.rules.valid"], r.Values["t2.license.decisions"] = float64(rng.Intn(50)), float64(rng.Intn(900))
	r.Values["t4.review.upheld"], r.Values["t4.suit.corrected"] = float64(rng.Intn(3)), float64(rng.Intn(2))
	r.ComputeTotals()
	return r
}
