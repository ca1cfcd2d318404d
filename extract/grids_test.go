package extract

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/locate"
	"nianbao/model"
)

// cellAt returns the normalized text of a grid cell, "" outside the grid.
func cellAt(g locate.Grid, r, c int) string {
	if r < 0 || r >= len(g.Rows) || c < 0 || c >= len(g.Rows[r]) {
		return ""
	}
	return model.Normalize(g.Rows[r][c].Text)
}

// assertRowCells checks that grid row r holds the label of an official row followed by its values, the label
// at or after column from: how every rendering and every seed lays out a row, merged or left-shifted.
func assertRowCells(t *testing.T, g golden, gr locate.Grid, r, from int, label string, keys []string) {
	t.Helper()
	want := model.Normalize(label)
	at := -1
	for c := from; c < from+3 && c < len(gr.Rows[r]); c++ {
		if cellAt(gr, r, c) == want {
			at = c
			break
		}
	}
	if !assert.GreaterOrEqual(t, at, 0, "row %d: label %s not found in %v", r, label, gr.Rows[r]) {
		return
	}
	c := at + 1
	for _, k := range keys {
		for cellAt(gr, r, c) == "" && g.cellText(k) != "" && c < len(gr.Rows[r]) { // merged-away cells
			c++
		}
		assert.Equal(t, model.Normalize(g.cellText(k)), cellAt(gr, r, c), "%s at row %d col %d", k, r, c)
		c++
	}
}

// assertOfficialGrids checks three grids against the golden report: 表二 row by row, 表三 with its three
// header rows, 表四 with its fifteen values on the fourth row.
func assertOfficialGrids(t *testing.T, g golden, grids []locate.Grid, merged bool) {
	t.Helper()
	require.Len(t, grids, 3)
	t2, t3, t4 := g.table("t2"), g.table("t3"), g.table("t4")
	r := 0
	for _, b := range t2.Blocks {
		assert.Equal(t, model.Normalize(b.Heading), cellAt(grids[0], r, 0), "row %d", r)
		r += 2
		for _, row := range b.Rows {
			var keys []string
			for _, c := range b.Cols {
				keys = append(keys, "t2."+row.Key+"."+c.Key)
			}
			assertRowCells(t, g, grids[0], r, 0, row.Label, keys)
			r++
		}
	}
	b := t3.Blocks[0]
	require.GreaterOrEqual(t, len(grids[1].Rows), 3+len(b.Rows))
	assert.Equal(t, model.Normalize(b.Corner), cellAt(grids[1], 0, 0))
	for i, row := range b.Rows {
		var keys []string
		for _, c := range b.Cols {
			keys = append(keys, "t3."+row.Key+"."+c.Key)
		}
		from := 0
		if merged {
			from = len(row.Groups)
			assert.Len(t, grids[1].Rows[3+i], 10, "t3 row %d", i)
		}
		assertRowCells(t, g, grids[1], 3+i, from, row.Label, keys)
	}
	require.Len(t, grids[2].Rows, 4)
	i := 0
	for _, row := range t4.Blocks[0].Rows {
		for _, c := range t4.Blocks[0].Cols {
			k := fmt.Sprintf("t4.%s.%s", row.Key, c.Key)
			assert.Equal(t, model.Normalize(g.cellText(k)), cellAt(grids[2], 3, i), k)
			i++
		}
	}
}

func TestPipeTextGrids(t *testing.T) {
	for _, s := range loadSeeds(t) {
		t.Run(s.name, func(t *testing.T) {
			d := readPipeText(s.name, s.text)
			assertOfficialGrids(t, s.want, d.grids, false)
			// Every cell's source is the line of the seed that holds its text.
			lines := splitLines(s.text)
			for _, gr := range d.grids {
				for r, row := range gr.Rows {
					for c, cell := range row {
						n := gr.Source(r, c).Line
						require.True(t, n >= 1 && n <= len(lines), "row %d col %d line %d", r, c, n)
						assert.Contains(t, lines[n-1], cell.Text)
					}
				}
			}
		})
	}
}

func TestHTMLGrids(t *testing.T) {
	for _, s := range loadSeeds(t) {
		t.Run(s.name, func(t *testing.T) {
			d, err := readHTML(s.name, []byte(renderHTML(s)))
			require.NoError(t, err)
			assertOfficialGrids(t, s.want, d.grids, true)
			assert.Equal(t, s.want.Unit, unitOf(d))
		})
	}
}

func TestDocxGrids(t *testing.T) {
	for _, s := range loadSeeds(t) {
		t.Run(s.name, func(t *testing.T) {
			d, err := readDocx(s.name, renderDocx(s))
			require.NoError(t, err)
			assertOfficialGrids(t, s.want, d.grids, true)
			assert.Equal(t, s.want.Unit, unitOf(d))
		})
	}
}

func unitOf(d *document) string {
	u, _ := title(d.lines)
	return u
}
