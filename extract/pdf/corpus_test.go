package pdf

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

// charCounts counts the characters of s other than white space, in NFKC form (ligatures, full-width forms
// and Kangxi radicals as their plain characters).
func charCounts(s string) map[rune]int {
	out := map[rune]int{}
	for _, r := range norm.NFKC.String(s) {
		if !unicode.IsSpace(r) {
			out[r]++
		}
	}
	return out
}

// popplerFiles are one PDF of each writer and font kind: Chromium's Type 3 and CID TrueType fonts,
// LibreOffice's TrueType subsets (from HTML and from .docx), object streams, AES-128 encryption, AES-256
// (revision 5, and revision 6 with object streams) decrypted by us.
var popplerFiles = []string{"001_chromium_type3.pdf", "001_chromium.pdf", "001_lo.pdf", "001_lo_objstm.pdf",
	"004_fb2e86e77d0a3946_lodocx.pdf", "encrypted_empty.pdf", "encrypted256_r5.pdf", "encrypted256_objstm.pdf"}

// TestCharactersAsPoppler is a differential test of the font decoding (ToUnicode maps, CID and Type 3
// fonts) against poppler's pdftotext: every page gives the same characters, as many times.
func TestCharactersAsPoppler(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" {
			t.Fatal("pdftotext (poppler-utils) is required with NIANBAO_REQUIRE_SOFFICE=1: apt-get install poppler-utils")
		}
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	for _, name := range popplerFiles {
		p := filepath.Join("testdata", name)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			tr := openForTest(t, data)
			var ours strings.Builder
			for i := range tr.refs {
				for _, g := range tr.page(t, i).glyphs {
					ours.WriteString(g.text)
				}
			}
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
			require.NoError(t, err)
			want, got := charCounts(string(out)), charCounts(ours.String())
			var diff []string
			for r, n := range want {
				if got[r] != n {
					diff = append(diff, string(r)+":"+itoa(n)+"≠"+itoa(got[r]))
				}
			}
			for r, n := range got {
				if _, ok := want[r]; !ok {
					diff = append(diff, string(r)+":0≠"+itoa(n))
				}
			}
			sort.Strings(diff)
			assert.Empty(t, diff, "characters counted by pdftotext ≠ ours")
		})
	}
}

// FuzzRead: whatever the bytes, Read returns a document or an *Error, never panics, within its limits.
func FuzzRead(f *testing.F) {
	f.Add(onePage(text(100, 700, 10, "Report 2021"), simpleFont))
	f.Add(onePage(ruled([]float64{50, 150, 250}, []float64{700, 680, 660})+text(60, 686, 10, "A")+text(160, 666, 10, "7"), simpleFont))
	for _, p := range []string{"testdata/003_00b6c75c071fb3e8_chromium.pdf", "testdata/003_00b6c75c071fb3e8_lo.pdf",
		"testdata/encrypted256_objstm.pdf"} {
		data, err := os.ReadFile(p)
		require.NoError(f, err)
		f.Add(data)
	}
	lim := Limits{Pages: 20, StreamBytes: 4 << 20, TotalBytes: 16 << 20, Ops: 200_000, Glyphs: 50_000, Time: 2e9}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read("f.pdf", data, lim)
		if err != nil {
			var pe *Error
			if !assert.ErrorAs(t, err, &pe) {
				return
			}
			assert.NotEmpty(t, pe.Msg)
			return
		}
		for _, g := range d.Grids {
			for r := range g.Rows {
				g.Source(r, 0)
			}
		}
	})
}
