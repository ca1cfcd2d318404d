package publish

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"nianbao/model"
)

var update = flag.Bool("update", false, "rewrite the golden files of publish")

// sample is a report of each version whose input cells hold distinct values (an amount with decimals, a
// negative 2019 本年增/减) and one blank cell, totals computed.
func sample(v model.Version) *model.Report {
	year := map[model.Version]int{model.V2019: 2020, model.V2021: 2024}[v]
	r := model.NewReport(model.Unit{Name: "示例市财政局"}, year, v)
	for i, c := range r.Cells() {
		if !c.Input() || c.Key == "t3.new.legal" {
			continue
		}
		val := float64(i % 9)
		switch c.Kind {
		case model.Amount:
			val += 0.25
		case model.Change:
			val = -val
		}
		r.Set(c.Key, val, model.Source{})
	}
	r.ComputeTotals()
	return r
}

// TestGoldenDocumentXML pins word/document.xml of both versions (go test ./publish -update rewrites it after
// a deliberate change; look at the diff and at a rendering before committing it), checks the package holds
// its parts, and that the sample comes back whole through extract.
func TestGoldenDocumentXML(t *testing.T) {
	t.Parallel()
	for _, v := range model.Versions {
		r := sample(v)
		d, err := Build(r)
		require.NoError(t, err)
		got := DocumentXML(d)
		path := filepath.Join("testdata", fmt.Sprintf("document%d.xml", v))
		if *update {
			require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, string(want), got, "%s differs; run go test ./publish -update after checking the change", path)

		var buf bytes.Buffer
		require.NoError(t, WriteDocx(&buf, d))
		z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		require.NoError(t, err)
		parts := map[string]string{}
		for _, f := range z.File {
			rc, err := f.Open()
			require.NoError(t, err)
			b, err := io.ReadAll(rc)
			require.NoError(t, err)
			parts[f.Name] = string(b)
		}
		require.Len(t, parts, 5)
		require.Equal(t, got, parts["word/document.xml"])
		require.Contains(t, parts["word/styles.xml"], `w:eastAsia="宋体"`)
		for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"} {
			require.Contains(t, parts, name)
		}
		// The blank cell is printed blank, and extract counts a blank cell as 0.
		roundTrip(t, fmt.Sprintf("sample%d", v), WithZeros(r))
	}
}
