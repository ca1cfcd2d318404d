package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"nianbao/model"
)

// golden is the hand-verified content of one seed report (testdata/seeds/*.golden.json): every cell of
// 表二, 表三 and 表四 read off the seed text, the raw text of cells that are not plain numbers ("" for a
// blank cell, "247万元", "减1"), and the findings reading must produce, as "rule key" (or "rule" for a
// finding about the whole report). A table with blank input cells adds one R-2, derived from texts.
type golden struct {
	Unit     string                   `json:"unit"`
	Year     int                      `json:"year"`
	Tables   map[string]model.Version `json:"tables"`
	Values   map[string]float64       `json:"values"`
	Texts    map[string]string        `json:"texts"`
	Findings []string                 `json:"findings"`
}

// seed is one seed report: its name, text and golden content.
type seed struct {
	name string
	text string
	want golden
}

func loadSeeds(t *testing.T) []seed {
	t.Helper()
	paths, err := filepath.Glob("testdata/seeds/*.txt")
	require.NoError(t, err)
	require.Len(t, paths, 5)
	var out []seed
	for _, p := range paths {
		text, err := os.ReadFile(p)
		require.NoError(t, err)
		js, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".golden.json")
		require.NoError(t, err)
		s := seed{name: filepath.Base(p), text: string(text)}
		require.NoError(t, json.Unmarshal(js, &s.want))
		out = append(out, s)
	}
	return out
}

// cellText is how the seed prints a cell: its raw text when it was not a plain number, else the number.
func (g golden) cellText(key string) string {
	if t, ok := g.Texts[key]; ok {
		return t
	}
	return model.FormatValue(g.Values[key])
}

// table returns the spec of one table of the golden report.
func (g golden) table(id string) *model.Table { return model.TableOf(g.Tables[id], id) }

// wantFindings lists the expected findings as sorted "rule key" strings, with an R-2 (about the whole table)
// for each table that has a blank input cell.
func (g golden) wantFindings() []string {
	out := append([]string(nil), g.Findings...)
	for _, id := range []string{"t2", "t3", "t4"} {
		for _, c := range g.table(id).Cells() {
			if txt, ok := g.Texts[c.Key]; ok && txt == "" && c.Input() {
				out = append(out, "R-2")
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// seedParts splits a seed's text into the lines before, between and after its three tables (runs of lines
// holding '|'): the prose a rendering keeps, with the tables replaced.
func seedParts(text string) (prose [4][]string) {
	k := 0
	inTable := false
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "|") {
			if !inTable {
				inTable = true
			}
			continue
		}
		if inTable {
			inTable = false
			k++
		}
		prose[k] = append(prose[k], l)
	}
	return prose
}
