package xlsx

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/checks"
	"nianbao/internal/testbook"
	"nianbao/model"
	"nianbao/templates"
)

// blankTemplates holds the blank template of a year and version, written once for the scenarios that
// type into it.
var blankTemplates sync.Map // [2]int{year, version} → func() ([]byte, error)

// blankTemplate returns the blank template of rep's year and version.
func blankTemplate(rep *model.Report) ([]byte, error) {
	opt := TemplateOptions{Year: rep.Year, Version: rep.Version}
	once, _ := blankTemplates.LoadOrStore([2]int{rep.Year, int(rep.Version)}, sync.OnceValues(func() ([]byte, error) {
		var b bytes.Buffer
		err := WriteTemplateTo(&b, opt)
		return b.Bytes(), err
	}))
	return once.(func() ([]byte, error))()
}

// fillForRecalc types the report's input values into a blank template through the layout, as an agency
// would, for LibreOffice to open, recalculate and save, and saves it into dir. It returns the filled file.
func fillForRecalc(dir string, rep *model.Report) (string, error) {
	blank, err := blankTemplate(rep)
	if err != nil {
		return "", err
	}
	f, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		return "", err
	}
	defer f.Close()
	for _, p := range templates.For(rep.Version).Places() {
		c, _ := model.FormOf(rep.Version).Cell(p.Key)
		if !c.Input() {
			continue
		}
		if err := f.SetCellFloat(p.Sheet, p.Ref, rep.Get(p.Key), -1, 64); err != nil {
			return "", err
		}
	}
	// An office suite recomputes the totals as the agency types; excelize does not, and LibreOffice trusts
	// numeric cached values on load (it ignores fullCalcOnLoad), so the now stale caches are dropped, as
	// any tool that writes values without computing must do.
	if err := f.UpdateLinkedValue(); err != nil {
		return "", err
	}
	filled := filepath.Join(dir, "filled.xlsx")
	return filled, f.SaveAs(filled)
}

// openConverted opens the workbook LibreOffice saved for c, for the rest of the test.
func openConverted(t *testing.T, c *testbook.Conversion) *excelize.File {
	t.Helper()
	_, out := c.Files(t)
	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// A recalcScenario is a report typed into a blank template and recalculated by LibreOffice.
type recalcScenario struct {
	name   string
	v      model.Version
	break_ func(r *model.Report)
	conv   *testbook.Conversion
}

// report is the scenario's report, the same each time it is asked for.
func (sc *recalcScenario) report() *model.Report {
	rep := consistent(sc.v, int(sc.v)+len(sc.name))
	if sc.break_ != nil {
		sc.break_(rep)
		rep.ComputeTotals()
	}
	return rep
}

// recalcScenarios are registered for conversion with the test binary's other LibreOffice files.
var recalcScenarios = func() []*recalcScenario {
	var cases []*recalcScenario
	for _, v := range model.Versions {
		cases = append(cases,
			&recalcScenario{name: "consistent", v: v},
			&recalcScenario{name: "T3-1 broken in 自然人", v: v, break_: func(r *model.Report) { r.Values["t3.new.person"] += 2 }},
			&recalcScenario{name: "warnings", v: v, break_: func(r *model.Report) {
				if v == model.V2021 {
					r.Values["t2.rules.issued"] = r.Values["t2.rules.valid"] + 1
				} else {
					r.Values["t2.fees.change"] = -r.Values["t2.fees.previous"] - 1
				}
				r.Values["t4.suit.pending"] += 0.5 // not an integer: only a kind finding, totals still add up
			}},
		)
	}
	for i, sc := range cases {
		sc.conv = testbook.Convert(fmt.Sprintf("recalc-%d-%d", sc.v, i), func(dir string) (string, error) {
			return fillForRecalc(dir, sc.report())
		})
	}
	return cases
}()

func TestLibreOfficeComputesTemplate(t *testing.T) {
	testbook.NeedOffice(t)
	t.Parallel() // waits on soffice (testbook.Convert) while the sequential tests are done
	for _, sc := range recalcScenarios {
		t.Run(fmt.Sprintf("%d/%s", sc.v, sc.name), func(t *testing.T) {
			t.Parallel()
			rep := sc.report()
			g := openConverted(t, sc.conv)
			layout := templates.For(sc.v)

			for _, name := range g.GetSheetList() {
				rows, err := g.GetRows(name, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for ri, row := range rows {
					for ci, val := range row {
						if strings.HasPrefix(val, "#") || strings.HasPrefix(val, "Err:") {
							t.Errorf("%s!%s shows error %q", name, model.CellRef(ci+1, ri+1), val)
						}
					}
				}
			}
			for _, p := range layout.Places() {
				got, _ := g.GetCellValue(p.Sheet, p.Ref, excelize.Options{RawCellValue: true})
				if want := model.FormatValue(rep.Get(p.Key)); got != want {
					t.Errorf("%s at %s!%s: LibreOffice has %q, Go %s", p.Key, p.Sheet, p.Ref, got, want)
				}
			}

			fails := map[string]bool{} // rule + blamed key
			errs, warns := 0, 0
			for _, fd := range checks.Run(rep, nil) {
				fails[fd.Rule+" "+fd.Key] = true
			}
			for _, l := range layout.Checks {
				got, _ := g.GetCellValue(templates.CheckSheet, model.CellRef(8, l.Row))
				want := templates.Pass
				if fails[l.Identity.Rule.ID+" "+l.Identity.Blame] {
					want = l.FailText
				}
				switch want {
				case templates.Fail:
					errs++
				case templates.Warn:
					warns++
				}
				if got != want {
					t.Errorf("校验 row %d %s %s: LibreOffice shows %q, Go checker %q", l.Row, l.Identity.Rule.ID, l.Identity.Scope, got, want)
				}
			}
			if sc.name == "consistent" && errs+warns > 0 {
				t.Errorf("consistent filling has %d errors and %d warnings", errs, warns)
			}
			if sc.name != "consistent" && errs+warns == 0 {
				t.Error("the broken filling fails no line")
			}
			if sc.name == "T3-1 broken in 自然人" {
				for _, l := range layout.Checks {
					got, _ := g.GetCellValue(templates.CheckSheet, model.CellRef(8, l.Row))
					bad := got != templates.Pass
					want := l.Identity.Rule.ID == "T3-1" && (l.Identity.Scope == "自然人列" || l.Identity.Scope == "总计列")
					if bad != want {
						t.Errorf("校验 row %d %s %s: %q", l.Row, l.Identity.Rule.ID, l.Identity.Scope, got)
					}
				}
			}
			for col, want := range map[int]int{3: errs, 5: warns} {
				got, _ := g.GetCellValue(templates.CheckSheet, model.CellRef(col, 2), excelize.Options{RawCellValue: true})
				if got != fmt.Sprint(want) {
					t.Errorf("count in %s = %q, want %d", model.CellRef(col, 2), got, want)
				}
			}

			// protection, validations and alerts survived LibreOffice
			for _, s := range layout.Sheets {
				if s.Table == nil {
					continue
				}
				prot, err := g.GetSheetProtection(s.Name)
				if err != nil || !prot.SelectUnlockedCells {
					t.Errorf("%s: protection lost (%+v, %v)", s.Name, prot, err)
				}
				checkValidations(t, g, s)
				cfs, _ := g.GetConditionalFormats(s.Name)
				for _, a := range s.Alerts {
					if len(cfs[a.Ref]) == 0 {
						t.Errorf("%s: alert on %s lost", s.Name, a.Ref)
					}
				}
				for _, p := range s.Cells {
					if p.Key != "" && isLocked(t, g, s.Name, p.Ref) != (p.Style == templates.Total) {
						t.Errorf("%s!%s: lock state lost", s.Name, p.Ref)
					}
				}
			}
		})
	}
}

// prefilledReport is the report of TestLibreOfficeOpensPrefilledTemplate: consistent but for two inputs.
func prefilledReport(v model.Version) *model.Report {
	rep := consistent(v, 7)
	rep.Values["t4.review.upheld"] += 3
	rep.Values["t3.carried.legal"] += 1
	rep.ComputeTotals()
	return rep
}

// prefilled are the templates of TestLibreOfficeOpensPrefilledTemplate, by version, registered for
// conversion with the test binary's other LibreOffice files.
var prefilled = func() map[model.Version]*testbook.Conversion {
	m := map[model.Version]*testbook.Conversion{}
	for _, v := range model.Versions {
		m[v] = testbook.Convert(fmt.Sprintf("prefilled-%d", v), func(dir string) (string, error) {
			path := filepath.Join(dir, "预填.xlsx")
			return path, WriteTemplate(path, TemplateOptions{Year: 2024, Version: v, Report: prefilledReport(v), Unit: model.Unit{Name: "某局"}})
		})
	}
	return m
}()

// A template pre-filled by WriteTemplate (as a summary writes one) opens in LibreOffice with the same
// totals and verdicts the Go checker computes, without any edit.
func TestLibreOfficeOpensPrefilledTemplate(t *testing.T) {
	testbook.NeedOffice(t)
	t.Parallel()
	for _, v := range model.Versions {
		t.Run(fmt.Sprint(v), func(t *testing.T) {
			t.Parallel()
			rep := prefilledReport(v)
			g := openConverted(t, prefilled[v])
			layout := templates.For(v)
			for _, p := range layout.Places() {
				got, _ := g.GetCellValue(p.Sheet, p.Ref, excelize.Options{RawCellValue: true})
				if want := model.FormatValue(rep.Get(p.Key)); got != want {
					t.Errorf("%s at %s!%s: %q, want %s", p.Key, p.Sheet, p.Ref, got, want)
				}
			}
			fails := map[string]bool{}
			for _, fd := range checks.Run(rep, nil) {
				fails[fd.Rule+" "+fd.Key] = true
			}
			bad := 0
			for _, l := range layout.Checks {
				got, _ := g.GetCellValue(templates.CheckSheet, model.CellRef(8, l.Row))
				want := templates.Pass
				if fails[l.Identity.Rule.ID+" "+l.Identity.Blame] {
					want, bad = l.FailText, bad+1
				}
				if got != want {
					t.Errorf("校验 row %d %s %s: %q, want %q", l.Row, l.Identity.Rule.ID, l.Identity.Scope, got, want)
				}
			}
			if bad == 0 {
				t.Error("the report fails no line")
			}
		})
	}
}
