package batch_test

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
)

// filled is a consistent report laid out in our template as grids, the way the readers hand a returned
// file to batch.Read: labels at their places, inputs as numbers, totals as formulas.
type filled struct {
	v      model.Version
	year   int
	report *model.Report
	grids  []locate.Grid
	index  map[string]int // sheet name → grid
}

// consistentFill fills every input of a version with random values that satisfy every identity and plausibility rule.
func consistentFill(v model.Version, seed int64) *filled {
	rng := rand.New(rand.NewSource(seed))
	year := 2024
	if v == model.V2019 {
		year = 2020
	}
	r := model.NewReport(model.Unit{Name: "测试局"}, year, v)
	f := model.FormOf(v)
	for _, c := range f.Cells() {
		if c.Input() {
			r.Values[c.Key] = float64(rng.Intn(9))
		}
	}
	t3 := f.Table("t3").Blocks[0]
	for _, c := range t3.Cols {
		if c.Key == t3.TotalCol {
			continue
		}
		k := func(row string) string { return "t3." + row + "." + c.Key }
		handled := 0.0
		for _, row := range t3.TotalOf {
			handled += r.Values[k(row)]
		}
		r.Values[k("carried")] = float64(rng.Intn(int(handled+r.Values[k("carryover")]) + 1))
		r.Values[k("new")] = handled + r.Values[k("carryover")] - r.Values[k("carried")]
	}
	for _, row := range []string{"rules", "normative"} { // issued ≤ valid; published ≤ made ≤ total
		if v == model.V2021 {
			r.Values["t2."+row+".valid"] = r.Values["t2."+row+".issued"] + 3
		} else {
			r.Values["t2."+row+".made"] = r.Values["t2."+row+".published"] + 2
			r.Values["t2."+row+".total"] = r.Values["t2."+row+".published"] + 5
		}
	}
	r.ComputeTotals()
	w := templates.For(v)
	fl := &filled{v: v, year: year, report: r, index: map[string]int{}}
	for _, s := range w.Sheets {
		g := locate.Grid{Name: s.Name, Rows: make([][]locate.Cell, s.Height)}
		for i := range g.Rows {
			g.Rows[i] = make([]locate.Cell, s.Width)
		}
		for _, p := range s.Cells {
			col, row, _ := model.ParseRef(p.Ref)
			cell := locate.Cell{Text: p.Text, Str: p.Text != ""}
			switch {
			case p.Key != "" && p.Formula != "":
				cell = locate.Cell{Formula: p.Formula, Text: model.FormatValue(r.Get(p.Key))}
			case p.Key != "":
				cell = locate.Cell{Text: model.FormatValue(r.Get(p.Key))}
			}
			g.Rows[row-1][col-1] = cell
		}
		fl.index[s.Name] = len(fl.grids)
		fl.grids = append(fl.grids, g)
	}
	return fl
}

// with returns the source of the filling with some cells replaced (by key), sharing everything else.
func (fl *filled) with(cells map[string]locate.Cell) locate.Source {
	grids := slices.Clone(fl.grids)
	w := templates.For(fl.v)
	for key, cell := range cells {
		p, _ := w.Place(key)
		col, row, _ := model.ParseRef(p.Ref)
		gi := fl.index[p.Sheet]
		rows := slices.Clone(grids[gi].Rows)
		rows[row-1] = slices.Clone(rows[row-1])
		rows[row-1][col-1] = cell
		grids[gi].Rows = rows
	}
	meta := map[string]string{}
	for _, kv := range (templates.Meta{Year: fl.year, UnitName: "测试局"}).Rows(fl.v) {
		meta[kv[0]] = kv[1]
	}
	return locate.Source{Name: "测试局.xlsx", Grids: grids, Meta: meta}
}

// analyze reads and checks a source as CheckFile does.
func analyze(src locate.Source, year int) []checks.Finding {
	r, fs := locate.ReadSource(src, year)
	return checks.Analyze(r, nil, fs)
}

// inEquality reports whether an input cell is one a same-year equality constrains (表三's; 表四's inputs and
// 表二 only have totals over them or plausibility rules).
func inEquality(c model.Cell) bool { return c.Table.ID == "t3" }

// faultsOf returns the error faults and checks what every finding may not do.
func faultsOf(t *testing.T, fs []checks.Finding, what string) []checks.Finding {
	t.Helper()
	var out []checks.Finding
	ids := map[string]bool{}
	for _, f := range fs {
		ids[f.ID] = true
	}
	for _, f := range fs {
		if f.Expected != nil && *f.Expected < 0 {
			c, _ := model.FormOf(model.V2021).Cell(f.Key)
			if c.Kind != model.Change {
				t.Errorf("%s: %s states a negative value for a count: %s", what, f.ID, f.Message)
			}
		}
		if !f.Fault() {
			assert.True(t, ids[f.Because], "%s: %s is because of %q, which is no finding", what, f.ID, f.Because)
			continue
		}
		if f.Severity == checks.Error {
			out = append(out, f)
		}
	}
	return out
}

func TestSingleFaultsGiveOneFault(t *testing.T) {
	t.Parallel()
	for _, v := range model.Versions {
		fl := consistentFill(v, int64(v))
		require.Empty(t, faultsOf(t, analyze(fl.with(nil), fl.year), "consistent"), "the filling is consistent")
		w := templates.For(v)
		cases := 0
		for _, c := range model.FormOf(v).Cells() {
			p, _ := w.Place(c.Key)
			ref := p.Sheet + "!" + p.Ref
			val := fl.report.Get(c.Key)
			type change struct {
				name string
				cell locate.Cell
				bad  bool // the new value is no value of the cell's kind
			}
			var changes []change
			if c.Input() {
				for _, d := range []float64{1, -1, 3, -3} {
					x := val + d
					changes = append(changes, change{fmt.Sprintf("%+g", d), locate.Cell{Text: model.FormatValue(x)}, c.Kind.Check(x) != ""})
				}
				changes = append(changes, change{"text", locate.Cell{Text: "不详", Str: true}, true})
			} else {
				for _, d := range []float64{3, -3} {
					if val+d < 0 {
						continue
					}
					changes = append(changes, change{fmt.Sprintf("typed %+g", d), locate.Cell{Text: model.FormatValue(val + d)}, true})
				}
			}
			for _, ch := range changes {
				cases++
				what := fmt.Sprintf("%d %s %s %s", v, ref, c.Label(), ch.name)
				fs := analyze(fl.with(map[string]locate.Cell{c.Key: ch.cell}), fl.year)
				faults := faultsOf(t, fs, what)
				if !ch.bad && c.Input() && !inEquality(c) {
					assert.Empty(t, faults, "%s: no rule constrains the cell", what)
					continue
				}
				if !assert.Len(t, faults, 1, "%s: %v", what, messages(fs)) {
					continue
				}
				f := faults[0]
				at := f.Sheet + "!" + f.Cell
				assert.True(t, at == ref || slices.Contains(f.Cells, ref), "%s: fault at %s (cells %v): %s", what, at, f.Cells, f.Message)
				if !c.Input() {
					assert.Equal(t, ref, at, "%s: a typed-over total is the fault", what)
					assert.Equal(t, val, *f.Expected, "%s: the value the formula gives", what)
				}
				assert.True(t, templates.For(v).KeyAt(f.Sheet, f.Cell) != "" &&
					(mustCell(v, w.KeyAt(f.Sheet, f.Cell)).Input() || w.KeyAt(f.Sheet, f.Cell) == c.Key),
					"%s: a fault is shown at an input cell or the typed-over total, not at %s", what, at)
			}
		}
		t.Logf("%d: %d single faults", v, cases)
	}
}

func TestTwoFaultsInTwoColumns(t *testing.T) {
	t.Parallel()
	fl := consistentFill(model.V2021, 7)
	num := func(k string, d float64) locate.Cell {
		return locate.Cell{Text: model.FormatValue(fl.report.Get(k) + d)}
	}
	fs := analyze(fl.with(map[string]locate.Cell{
		"t3.new.person":       num("t3.new.person", 1),
		"t3.carried.business": num("t3.carried.business", 2),
	}), fl.year)
	faults := faultsOf(t, fs, "two faults")
	require.Len(t, faults, 2, "%v", messages(fs))
	assert.Contains(t, faults[0].Cells, "表三!D5")
	assert.Contains(t, faults[1].Cells, "表三!E6")
	c := checks.Count(fs)
	assert.Equal(t, 2, c.Errors)
	assert.Equal(t, 1, c.Consequences, "the 总计 column's T3-1 follows from both")
}

// TestTypedTotalsNarrowToInput: in a table of its own whose totals are typed numbers, a wrong input breaks
// its row's 总计 and its column's T3-1; only that cell explains both, and the fault says so with the value
// it should hold.
func TestTypedTotalsNarrowToInput(t *testing.T) {
	t.Parallel()
	fl := consistentFill(model.V2021, 3)
	edits := map[string]locate.Cell{}
	for _, c := range model.FormOf(model.V2021).Cells() {
		if !c.Input() {
			edits[c.Key] = locate.Cell{Text: model.FormatValue(fl.report.Get(c.Key))}
		}
	}
	edits["t3.new.person"] = locate.Cell{Text: model.FormatValue(fl.report.Get("t3.new.person") + 2)}
	src := fl.with(edits)
	src.Meta = nil // not our workbook, only its tables: typed totals are the unit's own
	src.Grids = slices.DeleteFunc(src.Grids, func(g locate.Grid) bool { return templates.For(model.V2021).Sheet(g.Name).Table == nil })
	fs := analyze(src, fl.year)
	faults := faultsOf(t, fs, "narrowed")
	require.Len(t, faults, 1, "%v", messages(fs))
	f := faults[0]
	assert.Equal(t, "D5", f.Cell)
	assert.Equal(t, []string{"表三!D5"}, f.Cells)
	assert.Equal(t, fl.report.Get("t3.new.person"), *f.Expected)
	assert.Contains(t, f.Message, "只有改正这个单元格")
}

func mustCell(v model.Version, key string) model.Cell {
	c, _ := model.FormOf(v).Cell(key)
	return c
}

func messages(fs []checks.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s!%s because=%s %s", f.ID, f.Rule, f.Sheet, f.Cell, f.Because, f.Message))
	}
	return out
}

func TestExplainedCorpusFile(t *testing.T) {
	t.Parallel()
	p := explained(t, filepath.Join(t.TempDir(), "e.xlsx"))
	require.True(t, batch.TakesFastPath(p))
	f := batch.CheckFile(p, batch.Options{Year: 2024})
	assert.Equal(t, batch.Explained, f.Verdict, "%v", messages(f.Findings))
}
