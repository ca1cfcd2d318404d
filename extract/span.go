package extract

import "nianbao/locate"

// spanCell is a table cell as HTML and Word write it: its text and how many grid rows and columns it covers.
type spanCell struct {
	text             string
	colspan, rowspan int
}

// maxSpan caps a Word cell's gridSpan: a hostile document must not make us allocate a
// grid of a billion cells.
const maxSpan = 200

// maxGridCells bounds the cells of one grid built from spans.
const maxGridCells = 1 << 20

// spread lays span cells out on the grid they cover, the way browsers do: each cell takes the first column
// of its row not covered by a rowspan from above. A merged range keeps its text in its top-left cell; the
// other cells are blank, as locate.Grid wants. Rows are padded to the same width.
func spread(rows [][]spanCell) [][]locate.Cell {
	var grid [][]locate.Cell
	taken := map[[2]int]bool{}
	width := 0
	for r, row := range rows {
		c := 0
		for _, sc := range row {
			for taken[[2]int{r, c}] {
				c++
			}
			cs, rs := max(sc.colspan, 1), max(sc.rowspan, 1)
			if (r+rs)*(c+cs) > maxGridCells {
				cs, rs = 1, 1
			}
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs; dc++ {
					taken[[2]int{r + dr, c + dc}] = true
				}
			}
			for len(grid) < r+rs {
				grid = append(grid, nil)
			}
			for len(grid[r]) < c+cs {
				grid[r] = append(grid[r], locate.Cell{})
			}
			grid[r][c] = locate.Cell{Text: sc.text}
			width = max(width, c+cs)
			c += cs
		}
		for len(grid) <= r {
			grid = append(grid, nil)
		}
	}
	for r := range grid {
		for len(grid[r]) < width {
			grid[r] = append(grid[r], locate.Cell{})
		}
	}
	return grid
}
