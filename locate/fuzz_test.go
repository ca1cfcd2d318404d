package locate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
)

// FuzzFind feeds text tables (the tables of the seed reports, then mutations of them) to Find and Read: they must not
// panic, every place must be a cell of its grid (or a blank cell within the grid's width), and every table
// found must have a place for each of its cells.
func FuzzFind(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		f.Fatal("no seeds in testdata", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		// Each table on its own: small seeds keep the minimization of new inputs short.
		var table []string
		for _, l := range append(strings.Split(string(b), "\n"), "") {
			if strings.Contains(l, "|") {
				table = append(table, l)
			} else if len(table) > 0 {
				f.Add(strings.Join(table, "\n"))
				table = nil
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		grids := textGrids("fuzz.txt", text)
		for _, gs := range [][]Grid{grids, {oneGrid("Sheet1", grids...)}} {
			l := Find(gs)
			for k, p := range l.Places {
				if p.Grid < 0 || p.Grid >= len(gs) || p.Row < 0 || p.Row >= len(gs[p.Grid].Rows) || p.Col < 0 {
					t.Fatalf("%s: place %+v outside the grids", k, p)
				}
				width := 0
				for _, row := range gs[p.Grid].Rows {
					width = max(width, len(row))
				}
				if p.Col >= width {
					t.Fatalf("%s: place %+v beyond the grid's width %d", k, p, width)
				}
			}
			for id, v := range l.Tables {
				for _, c := range model.TableOf(v, id).Cells() {
					if _, ok := l.Places[c.Key]; !ok {
						t.Fatalf("table %s found without a place for %s", id, c.Key)
					}
				}
			}
			r := model.NewReport(model.Unit{}, 2021, model.V2021)
			for _, f := range Read(r, gs, l) {
				if f.Message == "" {
					t.Fatalf("finding without a message: %+v", f)
				}
			}
		}
	})
}
