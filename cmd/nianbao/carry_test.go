package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
)

// TestNextYearFromSummary: a demo region of 2023 (seed 2), its summary, then the 2024 templates of its
// roster pre-filled from that summary: each unit summed last year carries its own 四 of last year in 二,
// column by column, locked and grey; the others have the row open. Filled so that 一 + 二 = 七 + 四, every
// template passes check --previous.
func TestNextYearFromSummary(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	last := filepath.Join(dir, "2023")
	if _, err := demo.Run(demo.Options{Dir: last, Units: 9, Seed: 2, Year: 2023, NoLegacy: true, Tool: "test"}); err != nil {
		t.Fatal(err)
	}
	sum := filepath.Join(last, "汇总.xlsx")
	tdir := filepath.Join(dir, "模板2024")
	out, errw, code := runCLI(t, "template", "--year", "2024", "--roster", filepath.Join(last, "名单.xlsx"), "--previous", sum, "-o", tdir)
	if code != 0 || !strings.Contains(out, "已按上一年度数据预填") {
		t.Fatalf("template: %d\n%s\n%s", code, out, errw)
	}
	prev, err := batch.LoadPrevious(sum, batch.Options{Year: 2024, Limits: read.DefaultLimits()})
	if err != nil {
		t.Fatal(err)
	}
	roster, err := read.ReadRoster(filepath.Join(last, "名单.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	layout := templates.For(model.V2021)
	cols := model.TableOf(model.V2021, "t3").Blocks[0].Cols
	carried, open := 0, 0
	paths := rosterPaths(tdir, roster)
	for i, u := range roster.Units {
		f, err := excelize.OpenFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		lastRep := prev.Lookup(model.Unit{Code: u.Code, Name: u.Name})
		for _, c := range cols {
			if c.Key == "total" {
				continue
			}
			ref := layout.Ref("t3.carried." + c.Key)
			v, _ := f.GetCellValue("表三", ref)
			sid, _ := f.GetCellStyle("表三", ref)
			st, _ := f.GetStyle(sid)
			comment := ""
			if cs, _ := f.GetComments("表三"); len(cs) > 0 {
				for _, cm := range cs {
					if cm.Cell == ref {
						comment = cm.Text
						for _, r := range cm.Paragraph {
							comment += r.Text
						}
					}
				}
			}
			if lastRep == nil {
				if v != "" || st.Protection == nil || st.Protection.Locked {
					t.Errorf("%s %s: new unit's 上年结转 %q should be open", u.Name, ref, v)
				}
				continue
			}
			want := lastRep.Get("t3.carryover." + c.Key)
			if got, _ := strconv.ParseFloat(v, 64); got != want || v == "" {
				t.Errorf("%s %s = %q, want %v", u.Name, ref, v, want)
			}
			if st.Protection != nil && !st.Protection.Locked {
				t.Errorf("%s %s is not locked", u.Name, ref)
			}
			if !strings.Contains(comment, "结转下年度继续办理") {
				t.Errorf("%s %s note %q", u.Name, ref, comment)
			}
			// fill: 四 = 二, so that 一 + 二 = 七 + 四 holds with everything else 0
			if err := f.SetCellValue("表三", layout.Ref("t3.carryover."+c.Key), want); err != nil {
				t.Fatal(err)
			}
		}
		if lastRep == nil {
			open++
		} else {
			carried++
		}
		if err := f.Save(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if carried == 0 || open == 0 {
		t.Fatalf("carried %d, open %d: the demo should have both", carried, open)
	}
	out, errw, code = runCLI(t, "check", "--year", "2024", "--previous", sum, tdir)
	if code != 0 {
		t.Errorf("check --previous: exit %d\n%s\n%s", code, out, errw)
	}
}
