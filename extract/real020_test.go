package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
	"nianbao/model"
)

// Report 020 (testdata/real/README.md): 2019年上海市人民政府办公厅政府信息公开工作年度报告, its page and the forms
// made of it here. 020_expected.json holds every number its three tables print, read by hand; every other
// cell of those tables is blank on the page, so it reads 0 (a blank counts as 0) or is reported.

// real020Forms are the forms of report 020 and whether each must read whole (every value, no error).
var real020Forms = []struct {
	file  string
	whole bool
}{
	{"020.html", true},    // the page (testdata/unseen/2019_shanghai_bangongting.html)
	{"020.txt", true},     // the page's text as the browser gives it (innerText: cells between TAB lines)
	{"020.sel.txt", true}, // the browser's selection text (no TABs; a blank cell is a no-break space)
	// pdftotext -layout of 020_chromium.pdf: the layout squeezes the header into fewer columns than its cells
	// and does not keep the numbers of one column at one position, so every row with a blank cell is
	// reported at its line (the others read).
	{"020.pdf.txt", false},
	{"020.md", true},
	// pdftotext without -layout of 020_chromium.pdf: one cell a line, blank cells gone and the numbers of some
	// columns printed apart from their rows; every row is reported (none counted blank, none placed wrong).
	{"020.raw.txt", false},     // Markdown as simple converters write it (merged cells once)
	{"020_chromium.pdf", true}, // the page printed by Chromium (ruled tables, CID fonts)
	// the page printed by LibreOffice Writer: its nowrap cells make 表三 wider than the page, whose right
	// edge cuts off 法律服务机构, 其他 and 总计 (see the rendered page); 表三 is reported not found.
	{"020_lo.pdf", false},
	{"020_chromium_noborder.pdf", true}, // the page with border="0" printed by Chromium: no ruling lines
}

func real020Path(name string) string {
	if name == "020.html" {
		return filepath.Join("testdata", "unseen", "2019_shanghai_bangongting.html")
	}
	return filepath.Join("testdata", "real", name)
}

// TestReal020Forms: each form gives every printed number in its cell, reads every blank cell as 0, and
// places no value wrongly; a value it cannot place is reported (R-4 or the table not found), never guessed.
func TestReal020Forms(t *testing.T) {
	t.Parallel()
	var want struct {
		Unit    string             `json:"unit"`
		Year    int                `json:"year"`
		Version model.Version      `json:"version"`
		Values  map[string]float64 `json:"values"`
	}
	data, err := os.ReadFile(filepath.Join("testdata", "real", "020_expected.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &want))
	for _, form := range real020Forms {
		t.Run(form.file, func(t *testing.T) {
			t.Parallel()
			res, err := File(real020Path(form.file))
			require.NoError(t, err)
			r := res.Report
			assert.Equal(t, want.Unit, r.Unit.Name)
			assert.Equal(t, want.Year, r.Year)
			unread := map[string]bool{}
			var errs []string
			for _, f := range res.Audit(nil) {
				if f.Severity == checks.Error {
					unread[f.Key] = true
					errs = append(errs, f.Rule+" "+f.Message)
				}
			}
			right, blank, lost := 0, 0, 0
			for _, c := range model.FormOf(want.Version).Cells() {
				exp, stated := want.Values[c.Key]
				got, ok := r.Values[c.Key]
				switch {
				case !ok:
					lost++
					// Reported: at the cell, or its table was not found or read as the other version,
					// with errors.
					assert.True(t, unread[c.Key] || r.Tables[c.Table.ID] != want.Version && len(errs) > 0,
						"%s lost without an error", c.Key)
				case stated && got == exp:
					right++
				case !stated && (got == 0 || !c.Input()):
					blank++ // a blank cell counts as 0; a blank total is its row's sum
				default:
					t.Errorf("%s = %v, the page prints %v", c.Key, got, exp)
				}
			}
			for k, got := range r.Values { // a table read as the other version: its values must still be right
				if _, ours := model.FormOf(want.Version).Cell(k); !ours && got != 0 {
					t.Errorf("%s = %v is not a cell of the page's version", k, got)
				}
			}
			t.Logf("%s (%s): %d/%d printed values right, %d blank cells, %d lost", form.file, res.Format, right,
				len(want.Values), blank, lost)
			if form.whole {
				for _, id := range tableIDs {
					assert.Equal(t, want.Version, r.Tables[id], id)
				}
				assert.Equal(t, len(want.Values), right, "printed values right")
				assert.Zero(t, lost)
				assert.Empty(t, errs, strings.Join(errs, "\n"))
			}
		})
	}
}
