package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// The attacks of issue 20 on summaries, rebuilt: a unit's template relabelled as a summary of the whole
// region, a genuine summary with one member's detail cells raised by 1000, a summary whose member name was
// edited (still adding up), and a summary given together with a unit it covers.

type attackRegion struct {
	dir, roster, received string
	summaryPath           string
	files                 []string
	r                     *model.Roster
}

func newAttackRegion(t *testing.T) *attackRegion {
	t.Helper()
	a := &attackRegion{dir: t.TempDir()} // the outputs; the region itself is shared and only read
	a.roster, a.received = regionFiles(t, 5, 9)
	var err error
	if a.r, err = read.ReadRoster(a.roster); err != nil {
		t.Fatal(err)
	}
	if a.files, _, err = batch.Collect([]string{a.received}); err != nil {
		t.Fatal(err)
	}
	a.summaryPath, _ = regionSummary(t, 5, 9) // shared: only read
	return a
}

// summaryJSON runs summary --json and decodes its document.
func summaryJSON(t *testing.T, args ...string) (summary.Document, int) {
	t.Helper()
	out, errw, code := runCLI(t, append([]string{"summary", "--json", "--year", "2024"}, args...)...)
	var doc summary.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("summary --json: %v (exit %d)\n%s\n%s", err, code, out, errw)
	}
	return doc, code
}

// checkJSON runs check --json on one file and returns its result and the exit code.
func checkJSON(t *testing.T, args ...string) (batch.Document, int) {
	t.Helper()
	out, errw, code := runCLI(t, append([]string{"check", "--json", "--quiet"}, args...)...)
	var doc batch.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("check --json: %v (exit %d)\n%s\n%s", err, code, out, errw)
	}
	return doc, code
}

func hasRule(fs []checkFinding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

type checkFinding = struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

func findings(f batch.File) []checkFinding {
	var out []checkFinding
	for _, x := range f.Findings {
		out = append(out, checkFinding{Rule: x.Rule, Severity: x.Severity.String(), Message: x.Message})
	}
	return out
}

func TestAttackSummaries(t *testing.T) {
	t.Parallel()
	a := newAttackRegion(t)

	t.Run("genuine summary proves itself", func(t *testing.T) {
		doc, code := checkJSON(t, a.summaryPath)
		f := doc.Files[0]
		if !f.Summary || f.Refused || hasRule(findings(f), "R-14") || hasRule(findings(f), "R-15") {
			t.Fatalf("genuine summary not accepted cleanly (exit %d): %+v", code, findings(f))
		}
	})

	t.Run("forged summary from a unit's template", func(t *testing.T) {
		// A unit that sent exactly one file, which passed: its file is taken out (it never submitted) and a
		// copy relabelled kind=summary covering every roster code is put in instead.
		var victim, victimFile string
		count := map[string]int{}
		for _, f := range a.files {
			count[owner(a.r, f)]++
		}
		for _, f := range a.files {
			o := owner(a.r, f)
			if o == "" || count[o] != 1 || len(a.r.Children(o)) > 0 || filepath.Ext(f) != ".xlsx" {
				continue
			}
			if d, _ := checkJSON(t, f); d.Files[0].Verdict == batch.Passed {
				victim, victimFile = o, f
				break
			}
		}
		if victim == "" {
			t.Fatal("no unit with a single passing file")
		}
		in := filepath.Join(a.dir, "伪造")
		base := filepath.Join(a.dir, "基准")
		os.MkdirAll(in, 0o755)
		os.MkdirAll(base, 0o755)
		for _, f := range a.files {
			if f != victimFile {
				link(t, f, in)
				link(t, f, base)
			}
		}
		var codes []string
		for _, u := range a.r.Units {
			codes = append(codes, u.Code)
		}
		forged := filepath.Join(in, "全区汇总.xlsx")
		if err := xlsx.EditCells(victimFile, forged, []xlsx.Edit{
			{Sheet: templates.MetaSheet, Ref: "B2", Value: "summary"},
			{Sheet: templates.MetaSheet, Ref: "A20", Value: "covers"},
			{Sheet: templates.MetaSheet, Ref: "B20", Value: strings.Join(codes, ",")},
		}); err != nil {
			t.Fatal(err)
		}
		doc, code := checkJSON(t, forged)
		f := doc.Files[0]
		if code != exitFindings || !f.Refused || f.Verdict != batch.Failed || !hasRule(findings(f), "R-14") {
			t.Fatalf("forged summary: exit %d, refused %v, verdict %s, findings %+v", code, f.Refused, f.Verdict, findings(f))
		}
		got, code := summaryJSON(t, "--roster", a.roster, "-o", filepath.Join(a.dir, "伪造汇总.xlsx"), in)
		want, _ := summaryJSON(t, "--roster", a.roster, "-o", filepath.Join(a.dir, "基准汇总.xlsx"), base)
		if code != exitFindings {
			t.Errorf("summary with a forged summary: exit %d, want 1", code)
		}
		if got.Counts.Reported != want.Counts.Reported || got.Counts.Included != want.Counts.Included || got.Counts.Refused != 1 {
			t.Errorf("counts with the forged summary %+v, without it %+v", got.Counts, want.Counts)
		}
		for k, v := range want.Total {
			if got.Total[k] != v {
				t.Errorf("total %s = %v with the forged summary, %v without", k, got.Total[k], v)
			}
		}
		for _, u := range got.Units {
			if u.Code == victim && u.OnRoster && u.Status != summary.Missing {
				t.Errorf("unit %s reported as %s; it never submitted", victim, u.Status)
			}
		}
	})

	t.Run("tampered detail rows", func(t *testing.T) {
		rows := sheetRows(t, a.summaryPath, "表三明细")
		key := model.FormOf(model.V2021).Table("t3").Cells()[0].Key
		col := -1
		for i, k := range rows[0] { // row 1 (hidden) holds the keys, units start at row 4
			if k == key {
				col = i
			}
		}
		if col < 0 || len(rows) < 4 {
			t.Fatalf("no column %s in 表三明细", key)
		}
		old := 0.0
		if len(rows[3]) > col {
			old = parseNum(rows[3][col])
		}
		tampered := filepath.Join(a.dir, "篡改汇总.xlsx")
		if err := xlsx.EditCells(a.summaryPath, tampered, []xlsx.Edit{
			{Sheet: "表三明细", Ref: model.CellRef(col+1, 4), Value: old + 1000}}); err != nil {
			t.Fatal(err)
		}
		doc, code := checkJSON(t, tampered)
		f := doc.Files[0]
		if code != exitFindings || !f.Refused || !hasRule(findings(f), "R-14") ||
			!strings.Contains(f.Findings[0].Message+joinMessages(f), "已在本工具之外修改") {
			t.Fatalf("tampered summary: exit %d, refused %v, findings %+v", code, f.Refused, findings(f))
		}
	})

	t.Run("edited but adding up", func(t *testing.T) {
		edited := filepath.Join(a.dir, "改名汇总.xlsx")
		if err := xlsx.EditCells(a.summaryPath, edited, []xlsx.Edit{
			{Sheet: "表二明细", Ref: "B4", Value: "改过的单位名称"},
			{Sheet: "表三明细", Ref: "B4", Value: "改过的单位名称"},
			{Sheet: "表四明细", Ref: "B4", Value: "改过的单位名称"}}); err != nil {
			t.Fatal(err)
		}
		doc, _ := checkJSON(t, edited)
		f := doc.Files[0]
		if f.Refused || !hasRule(findings(f), "R-15") || hasRule(findings(f), "R-14") {
			t.Fatalf("edited summary that adds up: refused %v, findings %+v", f.Refused, findings(f))
		}
	})

	t.Run("summary and a unit it covers", func(t *testing.T) {
		var unit string
		for _, f := range a.files {
			if o := owner(a.r, f); o != "" && strings.HasPrefix(filepath.Base(f), o+"_") && filepath.Ext(f) == ".xlsx" {
				if d, _ := checkJSON(t, f); d.Files[0].Verdict == batch.Passed {
					unit = f
					break
				}
			}
		}
		in := filepath.Join(a.dir, "重复")
		os.MkdirAll(in, 0o755)
		link(t, a.summaryPath, in)
		link(t, unit, in)
		doc, code := checkJSON(t, in)
		if code != exitFindings || doc.Valid || doc.Stats.Double == 0 {
			t.Errorf("check of a summary and a unit it covers: exit %d, valid %v, stats %+v", code, doc.Valid, doc.Stats)
		}
		out, _, _ := runCLI(t, "check", "--quiet", in)
		if !strings.Contains(out, "【重复汇总】") || !strings.Contains(out, "R-8") {
			t.Errorf("text report does not name the double counting:\n%s", out)
		}
		_, code = summaryJSON(t, "--roster", a.roster, "-o", filepath.Join(a.dir, "重复汇总.xlsx"), in)
		if code != exitFindings {
			t.Errorf("summary of a summary and a unit it covers: exit %d, want 1", code)
		}
	})
}

func joinMessages(f batch.File) string {
	var b strings.Builder
	for _, x := range f.Findings {
		b.WriteString(x.Message)
	}
	return b.String()
}

func parseNum(s string) float64 {
	p := model.ParseValue(model.Count, s)
	return p.Value
}
