package xlsx_test

// The five seed reports as returned workbooks: each one's real figures in our template, and retyped the way
// it was published (its texts "247万元", "减1", blanks; half-width punctuation; 合计; an offset), each read
// back and checked, with golden findings in testdata/seeds.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/extract"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// updating tells whether -update was given; the flag is declared by the package's internal tests.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

type seedGolden struct {
	Values map[string]float64 `json:"values"`
	Texts  map[string]string  `json:"texts"`
	Tables map[string]int     `json:"tables"`
}

func seedFiles(t *testing.T) []string {
	files, err := filepath.Glob("../extract/testdata/seeds/*.txt")
	require.NoError(t, err)
	require.Len(t, files, 5)
	return files
}

// seedReport is the seed's report: unit and year from its title, values from its hand-verified golden file.
func seedReport(t *testing.T, txt string) (*model.Report, seedGolden) {
	t.Helper()
	res, err := extract.File(txt)
	require.NoError(t, err)
	var g seedGolden
	b, err := os.ReadFile(strings.TrimSuffix(txt, ".txt") + ".golden.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &g))
	r := model.NewReport(res.Report.Unit, res.Report.Year, model.VersionForYear(res.Report.Year))
	for k, v := range g.Values {
		r.Set(k, v, model.Source{})
	}
	return r, g
}

// dump renders findings one per line, for golden files.
func dump(fs []checks.Finding) string {
	var lines []string
	for _, f := range fs {
		lines = append(lines, fmt.Sprintf("%s %s %s!%s %s", f.Severity, f.Rule, f.Sheet, f.Cell, f.Message))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "seeds", name)
	if updating() {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./xlsx -run TestSeedWorkbooks -update")
	assert.Equal(t, string(want), got)
}

// published retypes a template's tables as the seed printed them: its texts in place of the numbers, no
// formulas, half-width punctuation, 合计 where the seed says so, shifted by one row and one column.
func published(t *testing.T, tpl string, v model.Version, texts map[string]string, total string) []locate.Grid {
	t.Helper()
	wb, err := read.Open(tpl, read.Limits{})
	require.NoError(t, err)
	layout := templates.For(v)
	half := strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",", "“", "\"", "”", "\"", "总计", total)
	var out []locate.Grid
	for _, g := range wb.Grids {
		if layout.Sheet(g.Name) == nil || layout.Sheet(g.Name).Table == nil {
			continue
		}
		ng := locate.Grid{Name: g.Name, Rows: [][]locate.Cell{{}}}
		for r, row := range g.Rows {
			nr := []locate.Cell{{}}
			for c, cell := range row {
				text := half.Replace(cell.Text)
				if key := layout.KeyAt(g.Name, model.CellRef(c+1, r+1)); key != "" {
					text = cell.Text
					if s, ok := texts[key]; ok {
						text = s
					}
				}
				nr = append(nr, locate.Cell{Text: text, Str: cell.Str})
			}
			ng.Rows = append(ng.Rows, nr)
		}
		out = append(out, ng)
	}
	return out
}

func TestSeedWorkbooks(t *testing.T) {
	for _, txt := range seedFiles(t) {
		id := strings.TrimSuffix(filepath.Base(txt), ".txt")[:3]
		t.Run(id, func(t *testing.T) {
			r, g := seedReport(t, txt)
			dir := t.TempDir()
			tpl := filepath.Join(dir, id+".xlsx")
			require.NoError(t, xlsx.WriteTemplate(tpl, xlsx.TemplateOptions{Year: r.Year, Unit: r.Unit, Report: r}))

			ours := batch.CheckFile(tpl, batch.Options{Year: r.Year})
			require.NotNil(t, ours.Report, "%v", ours.Findings)
			for k, v := range g.Values {
				assert.Equal(t, v, ours.Values[k], "template %s", k)
			}
			golden(t, id+".template.golden", dump(ours.Findings))

			total := "总计"
			if strings.Contains(string(must(os.ReadFile(txt))), "合计") {
				total = "合计"
			}
			foreign := filepath.Join(dir, id+"-published.xlsx")
			require.NoError(t, xlsx.WriteGrids(foreign, published(t, tpl, r.Version, g.Texts, total)))
			theirs := batch.CheckFile(foreign, batch.Options{Year: r.Year})
			require.NotNil(t, theirs.Report, "%v", theirs.Findings)
			for k, v := range g.Values {
				assert.Equal(t, v, theirs.Values[k], "published layout %s", k)
			}
			for tb, v := range g.Tables {
				assert.Equal(t, model.Version(v), theirs.Report.Tables[tb], tb)
			}
			golden(t, id+".published.golden", dump(theirs.Findings))
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
