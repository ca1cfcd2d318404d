package locate

import (
	"testing"

	"nianbao/model"
)

// TestCellSourceIsA1 checks the quick cell references of Read against A1 over the columns a sheet can have.
func TestCellSourceIsA1(t *testing.T) {
	g := Grid{Name: "表三"}
	for _, rc := range [][2]int{{0, 0}, {3, 27}, {28, 9}, {99, 25}, {0, 26}, {1048575, 701}, {5, 702}, {7, 16383}} {
		t.Run(model.CellRef(rc[1]+1, rc[0]+1), func(t *testing.T) {
			got := cellSource(g, rc[0], rc[1])
			if got.Cell != model.CellRef(rc[1]+1, rc[0]+1) || got.Sheet != "表三" {
				t.Errorf("cellSource(%d, %d) = %+v, want %s", rc[0], rc[1], got, model.CellRef(rc[1]+1, rc[0]+1))
			}
		})
	}
}
