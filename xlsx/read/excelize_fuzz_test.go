package read

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
	"nianbao/xlsx/read/internal/ooxml"
)

// FuzzAgainstExcelize is a differential test of the general reader against excelize's GetRows, an
// independent reading, on workbooks within both readers' common ground: one sheet of numbers, shared and
// inline strings, with prefixes, namespaces, comments and processing instructions mutated in. Where both
// read the file, every non-empty cell must have the same text in both. Booleans, errors, formulas and
// merged cells, which the two readers render differently by design, are left out.
func FuzzAgainstExcelize(f *testing.F) {
	f.Add("v", "", "", "31", "甲局")
	f.Add("x:", `xmlns:x="`+ooxml.NsMain+`"`, "", "100", "乙")
	f.Add("", "", `<?pi <c r="A1"><v>9</v></c>?>`, "7", "丙")
	f.Add("", "", `<!-- <c r="A1"><v>9</v></c> -->`, "7", "丁")
	f.Add("y:", `xmlns:y="urn:other"`, "", "5", "戊")
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, prefix, nsDecl, junk, number, text string) {
		for _, s := range []string{prefix, nsDecl, junk, number, text} {
			if len(s) > 200 {
				return
			}
		}
		if prefix != "" && !strings.HasSuffix(prefix, ":") || strings.ContainsAny(prefix+nsDecl, "<>&\"'") && nsDecl == "" {
			return
		}
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
		rows := fmt.Sprintf(`<row r="1"><c r="A1"><v>%s</v></c><c r="B1" t="s"><v>0</v></c>%s`+
			`<%sc %s r="C1" t="inlineStr"><%sis><%st>%s</%st></%sis></%sc></row>`,
			esc.Replace(number), junk, prefix, nsDecl, prefix, prefix, esc.Replace(text), prefix, prefix, prefix)
		data := badRawBook(t, []string{"表"}, map[int]string{1: badSheetPart(rows)}, []string{esc.Replace(text)})
		n++
		p := filepath.Join(dir, fmt.Sprintf("f%d.xlsx", n))
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(p)
		wb, err := Open(p, Limits{})
		if err != nil {
			return
		}
		x, err := excelize.OpenFile(p, excelize.Options{RawCellValue: true})
		if err != nil {
			return
		}
		defer x.Close()
		want, err := x.GetRows("表")
		if err != nil {
			return
		}
		got := map[string]string{}
		for _, g := range wb.Grids {
			for r, row := range g.Rows {
				for c, cell := range row {
					if cell.Text != "" {
						got[model.CellRef(c+1, r+1)] = cell.Text
					}
				}
			}
		}
		exp := map[string]string{}
		for r, row := range want {
			for c, v := range row {
				if v != "" {
					exp[model.CellRef(c+1, r+1)] = v
				}
			}
		}
		// excelize ignores namespaces (a cell of any prefix is a cell to it): compare only where the prefix
		// is bound to the spreadsheet namespace or absent, the files on which Excel agrees with both.
		if prefix != "" && !strings.Contains(nsDecl, `"`+ooxml.NsMain+`"`) {
			delete(exp, "C1")
			delete(got, "C1")
		}
		if len(got) != len(exp) {
			t.Fatalf("cells: ours %v, excelize %v", got, exp)
		}
		for k, v := range exp {
			if got[k] != v {
				t.Fatalf("%s: ours %q, excelize %q", k, got[k], v)
			}
		}
	})
}
