package extract

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the checked-in renderings in testdata/rendered")

// findingKeys lists findings as sorted "rule key" strings.
func findingKeys(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Key != "" {
			out = append(out, f.Rule+" "+f.Key)
		} else {
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}

// assertExtracts checks every cell, the unit, year, versions and findings of one extraction.
func assertExtracts(t *testing.T, s seed, res *Result, format string) {
	t.Helper()
	require.NotNil(t, res)
	assert.Equal(t, format, res.Format)
	r := res.Report
	assert.Equal(t, s.want.Unit, r.Unit.Name)
	assert.Equal(t, s.want.Year, r.Year)
	assert.Equal(t, s.want.Tables, r.Tables)
	for k, v := range s.want.Values {
		got, ok := r.Values[k]
		if assert.True(t, ok, "missing %s", k) {
			assert.Equal(t, v, got, "%s", k)
		}
	}
	assert.Len(t, r.Values, len(s.want.Values))
	assert.Equal(t, s.want.wantFindings(), findingKeys(res))
	for k := range r.Values {
		src := r.Sources[k]
		assert.True(t, src.Line > 0 || src.Cell != "", "%s has no source", k)
		assert.Equal(t, s.name, src.File, "%s source file", k)
		if txt, ok := s.want.Texts[k]; ok && txt != "" {
			assert.Equal(t, txt, src.Text, "%s source text", k)
		}
	}
}

func TestPDFText(t *testing.T) {
	for _, s := range loadSeeds(t) {
		t.Run(s.name, func(t *testing.T) {
			text := renderPDF(s)
			path := "testdata/rendered/" + s.name
			if *update {
				require.NoError(t, os.MkdirAll("testdata/rendered", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
			}
			// The checked-in rendering shows what the reader faces; it must match the renderer.
			kept, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./extract -update")
			assert.Equal(t, string(kept), text, "rendering changed: run go test ./extract -update")
			res, err := Bytes(s.name, []byte(text))
			require.NoError(t, err)
			assertExtracts(t, s, res, FormatPDFText)
			if t.Failed() {
				fmt.Println(text)
			}
		})
	}
}
