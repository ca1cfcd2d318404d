package locate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"nianbao/model"
)

// seedGrids reads a seed report of testdata and returns one grid per table: each run of consecutive lines
// holding '|' split into cells. Seeds 001 and 003 print one cell per line; their rows are rebuilt by the
// width of the first row, which ends at the first line of bare '|' padding (every row of a flattened table
// has as many '|' as the table has grid columns).
func seedGrids(t testing.TB, file string) []Grid {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	require.NoError(t, err)
	return textGrids(file, string(b))
}

// textGrids splits text into grids: one per run of consecutive lines holding '|'.
func textGrids(file, text string) []Grid {
	lines := strings.Split(text, "\n")
	var grids []Grid
	for i := 0; i < len(lines); {
		if !strings.Contains(lines[i], "|") {
			i++
			continue
		}
		j := i
		for j < len(lines) && strings.Contains(lines[j], "|") {
			j++
		}
		grids = append(grids, pipeGrid(file, lines[i:j], i+1))
		i = j
	}
	return grids
}

type textCell struct {
	text string
	line int
}

func pipeGrid(file string, lines []string, first int) Grid {
	split := func(l string, n int) []textCell {
		parts := strings.Split(l, "|")
		if strings.TrimSpace(parts[len(parts)-1]) == "" {
			parts = parts[:len(parts)-1]
		}
		out := make([]textCell, len(parts))
		for i, p := range parts {
			out[i] = textCell{strings.TrimSpace(p), n}
		}
		return out
	}
	single := 0
	for _, l := range lines {
		if strings.Count(l, "|") <= 1 || strings.Trim(l, "| ") == "" {
			single++
		}
	}
	var rows [][]textCell
	if single*2 >= len(lines) {
		var cells []textCell
		width := 0
		for i, l := range lines {
			cells = append(cells, split(l, first+i)...)
			if width == 0 && strings.Trim(l, "| ") == "" && strings.Count(l, "|") >= 2 {
				width = len(cells)
			}
		}
		if width == 0 {
			width = max(len(cells), 1)
		}
		for i := 0; i < len(cells); i += width {
			rows = append(rows, cells[i:min(i+width, len(cells))])
		}
	} else {
		for i, l := range lines {
			rows = append(rows, split(l, first+i))
		}
	}
	g := Grid{Name: file, Rows: make([][]Cell, len(rows))}
	at := make([][]int, len(rows))
	for r, row := range rows {
		g.Rows[r] = make([]Cell, len(row))
		at[r] = make([]int, len(row))
		for c, cell := range row {
			g.Rows[r][c] = Cell{Text: cell.text, Str: true}
			at[r][c] = cell.line
		}
	}
	g.Source = func(row, col int) model.Source {
		if row < 0 || row >= len(at) || len(at[row]) == 0 {
			return model.Source{File: file}
		}
		return model.Source{File: file, Line: at[row][min(max(col, 0), len(at[row])-1)]}
	}
	return g
}

// oneGrid puts several grids under each other in one grid, a blank row between them, the way a clerk pastes
// all tables on one sheet; cells keep nothing of their source (A1 references) and numbers are numbers.
func oneGrid(name string, grids ...Grid) Grid {
	out := Grid{Name: name}
	for i, g := range grids {
		if i > 0 {
			out.Rows = append(out.Rows, nil)
		}
		for _, row := range g.Rows {
			nr := make([]Cell, len(row))
			for c, cell := range row {
				nr[c] = Cell{Text: cell.Text}
			}
			out.Rows = append(out.Rows, nr)
		}
	}
	return out
}

// shift moves a grid down by rows and right by cols, and applies edit to every cell text.
func shift(g Grid, rows, cols int, edit func(string) string) Grid {
	out := Grid{Name: g.Name, Rows: make([][]Cell, rows, rows+len(g.Rows))}
	for _, row := range g.Rows {
		nr := make([]Cell, cols, cols+len(row))
		for _, c := range row {
			if edit != nil {
				c.Text = edit(c.Text)
			}
			nr = append(nr, c)
		}
		out.Rows = append(out.Rows, nr)
	}
	return out
}
