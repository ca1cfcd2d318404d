package extract

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
	"nianbao/extract/pdf"
	"nianbao/model"
)

// The PDF corpus in pdf/testdata (pdf/testdata/make.sh says how each file was made): the five seeds printed
// by LibreOffice Writer and by Chromium, and the real report 001 as published (Chromium, Type 3 fonts),
// printed again here by both, and encrypted with an empty user password (AES-128; AES-256 revisions 5 and 6).

const pdfDir = "pdf/testdata"

// pdfForms are the PDF forms of each seed: LibreOffice Writer and Chromium from the HTML page, and the same
// with 表三's header rows in a <thead>, repeated at the top of each page the table continues on.
var pdfForms = []string{"lo", "chromium", "lo_thead", "chromium_thead"}

func readPDFFile(t *testing.T, file, name string) *Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(pdfDir, file))
	require.NoError(t, err)
	start := time.Now()
	res, err := Bytes(name, data)
	require.NoError(t, err, file)
	t.Logf("%s: %v", file, time.Since(start))
	return res
}

// TestPDFSeeds reads every seed from the PDFs LibreOffice Writer and Chromium made of it: every cell of
// 表二, 表三 and 表四, the unit, year, versions and findings are those of the hand-verified golden file.
func TestPDFSeeds(t *testing.T) {
	for _, s := range loadSeeds(t) {
		for _, form := range pdfForms {
			t.Run(s.name+"/"+form, func(t *testing.T) {
				t.Parallel()
				file := strings.TrimSuffix(s.name, ".txt") + "_" + form + ".pdf"
				res := readPDFFile(t, file, s.name)
				assertExtracts(t, s, res, FormatPDF)
				for k := range res.Report.Values {
					assert.Regexp(t, `^第\d+页第\d+行$`, res.Report.Sources[k].Cell, k)
				}
			})
		}
	}
}

// TestPDFReal001 reads the real report 001 from each of its PDFs: the figures read by hand
// (001_expected.json) and, differentially, every value the HTML page of the same report gives.
func TestPDFReal001(t *testing.T) {
	var want struct {
		Unit    string             `json:"unit"`
		Year    int                `json:"year"`
		Version model.Version      `json:"version"`
		Values  map[string]float64 `json:"values"`
	}
	js, err := os.ReadFile(filepath.Join(pdfDir, "001_expected.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(js, &want))
	html := readReal(t, "001.html") // the page the PDFs were printed from
	require.Equal(t, FormatHTML, html.Format)
	require.NotEmpty(t, html.Report.Values)
	for _, file := range []string{"001_chromium_type3.pdf", "001_chromium.pdf", "001_lo.pdf", "001_lo_objstm.pdf", "encrypted_empty.pdf",
		"encrypted256_r5.pdf", "encrypted256_objstm.pdf"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			res := readOnce(t, filepath.Join(pdfDir, file)) // 001_chromium_type3.pdf is also real 001.pdf
			r := res.Report
			assert.Equal(t, FormatPDF, res.Format)
			assert.Equal(t, want.Unit, r.Unit.Name)
			assert.Equal(t, want.Year, r.Year)
			assert.Equal(t, want.Version, r.Version)
			right := 0
			for k, v := range want.Values {
				if got, ok := r.Values[k]; assert.True(t, ok, "missing %s", k) && assert.Equal(t, v, got, k) {
					right++
				}
			}
			same := 0
			for k, v := range html.Report.Values {
				if got, ok := r.Values[k]; assert.True(t, ok, "missing %s", k) && assert.Equal(t, v, got, k) {
					same++
				}
			}
			assert.Len(t, r.Values, len(html.Report.Values))
			assert.Equal(t, findingKeys(html), findingKeys(res))
			t.Logf("%s: hand-read %d/%d, as the HTML page %d/%d", file, right, len(want.Values), same, len(html.Report.Values))
		})
	}
}

// TestPDFRefused: a scan, an encrypted file and a damaged one each get their own message, never a report.
func TestPDFRefused(t *testing.T) {
	for _, tc := range []struct {
		file string
		kind error
		msg  string
	}{
		{"scan.pdf", pdf.ErrScanned, "扫描或图片形式的 PDF"},
		{"encrypted_user.pdf", pdf.ErrEncrypted, "PDF 文件已加密，需要打开密码"},
		{"encrypted_user128.pdf", pdf.ErrEncrypted, "PDF 文件已加密，需要打开密码"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(pdfDir, tc.file))
			require.NoError(t, err)
			res, err := Bytes(tc.file, data)
			assert.Nil(t, res)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.kind), "%v", err)
			assert.Contains(t, err.Error(), tc.msg)
			fmt.Println(tc.file, "→", err)
		})
	}
}

// TestPDFUnruled reads the seeds from PDFs whose tables have no ruling lines. There is no grid; the lines
// are read as column-aligned text, with the columns of a row that prints fewer numbers than it has cells
// (blank cells) found from where the header words and the columns of numbers really are on the page.
//   - *_noborder.pdf (HTML with border="0", LibreOffice Writer and Chromium) and *_lodocx.pdf (LibreOffice
//     Writer from a .docx without borders; labels wrapped in narrow columns): every value exact, blank cells
//     included, and 001's wholly blank 表四 read as blank.
//   - 001's *_lodocx_nogrid.pdf, from a .docx without <w:tblGrid> (invalid; LibreOffice then lays the
//     numbers of rows under a sub-label one column to the right, under the next column's header): a value
//     it gives is the right one; a value it cannot place is reported as an error at its line, and never put
//     in the report — not even as the 0 a blank cell counts as.
func TestPDFUnruled(t *testing.T) {
	for _, s := range loadSeeds(t) {
		// Every seed from its .docx; 001 (blank cells, a blank 表四) and 004 also from borderless HTML.
		forms := []string{"lodocx"}
		if strings.HasPrefix(s.name, "001_") || strings.HasPrefix(s.name, "004_") {
			forms = append(forms, "lo_noborder", "chromium_noborder")
		}
		if strings.HasPrefix(s.name, "001_") {
			forms = append(forms, "lodocx_nogrid")
		}
		for _, form := range forms {
			t.Run(s.name+"/"+form, func(t *testing.T) {
				t.Parallel()
				file := strings.TrimSuffix(s.name, ".txt") + "_" + form + ".pdf"
				res := readPDFFile(t, file, s.name)
				if form != "lodocx_nogrid" {
					assertExtracts(t, s, res, FormatPDF)
					return
				}
				r := res.Report
				assert.Equal(t, s.want.Unit, r.Unit.Name)
				assert.Equal(t, s.want.Year, r.Year)
				unread := map[string]string{} // key → where its R-4 is reported
				tableErr := map[string]bool{}
				for _, f := range res.Findings {
					switch {
					case f.Severity == checks.Error && f.Rule == checks.RUnread.ID:
						unread[f.Key] = f.Cell
					case f.Severity == checks.Error && f.Key == "":
						tableErr[f.Cell] = true
					}
				}
				right, reported := 0, 0
				for k, want := range s.want.Values {
					got, ok := r.Values[k]
					switch {
					case ok:
						assert.Equal(t, want, got, "%s placed wrong", k)
						assert.NotContains(t, unread, k, "%s is placed and reported unread", k)
						if got == want {
							right++
						}
					case unread[k] != "":
						// The row's own error is at the same line.
						assert.True(t, tableErr[unread[k]], "%s reported at %s without the row's error there", k, unread[k])
						reported++
					default:
						_, table := r.Tables[strings.SplitN(k, ".", 2)[0]]
						assert.False(t, table, "%s missing from a table that was read, without an error", k)
						reported++
					}
				}
				assert.Equal(t, len(s.want.Values), right+reported)
				assert.Positive(t, reported, "this layout was expected to lose rows")
				t.Logf("%s: %d/%d values right, %d reported, none wrong", file, right, len(s.want.Values), reported)
			})
		}
	}
}
