package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// checkDoc is the part of `check --json` compared between a workbook and its legacy versions.
type checkDoc struct {
	Files []struct {
		Path, Verdict string
		Unit          struct{ Code, Name string }
		Year, Version int
		Values        map[string]float64
		Findings      []struct {
			Rule, Severity, Sheet, Cell, Key, Row, Column, Message string
			Expected, Actual                                       float64
		}
	}
}

// With no LibreOffice anywhere (PATH without soffice, NIANBAO_SOFFICE unset), `nianbao check` reads the
// .xls, .et-named BIFF8 and .ods versions (written by LibreOffice) of filled templates of both versions and
// of foreign layouts with exactly the values, verdicts and findings, cell references included, of their
// .xlsx originals.
func TestCheckLegacyWithoutLibreOffice(t *testing.T) {
	t.Setenv("NIANBAO_SOFFICE", "")
	t.Setenv("PATH", t.TempDir())
	originals, _ := filepath.Glob("../../xlsx/read/testdata/legacy/20*.xlsx")
	require.NotEmpty(t, originals)
	for _, orig := range originals {
		base := strings.TrimSuffix(filepath.Base(orig), ".xlsx")
		t.Run(base, func(t *testing.T) {
			dir := t.TempDir()
			copyTo := func(src, name string) string {
				data, err := os.ReadFile(src)
				require.NoError(t, err)
				p := filepath.Join(dir, name)
				require.NoError(t, os.WriteFile(p, data, 0o644))
				return p
			}
			stem := strings.TrimSuffix(orig, ".xlsx")
			files := []string{copyTo(orig, base+".xlsx"), copyTo(stem+".xls", base+".xls"),
				copyTo(stem+".xls", base+".et"), copyTo(stem+".ods", base+".ods")}
			var want string
			for i, f := range files {
				code, out, errOut := run(t, "check", "--json", f)
				var doc checkDoc
				require.NoError(t, json.Unmarshal([]byte(out), &doc), errOut)
				require.Len(t, doc.Files, 1)
				doc.Files[0].Path = ""
				if doc.Files[0].Verdict == "" || len(doc.Files[0].Values) == 0 {
					t.Fatalf("%s: no verdict or values (exit %d): %s %s", filepath.Base(f), code, out, errOut)
				}
				got, _ := json.MarshalIndent(doc, "", " ")
				if i == 0 {
					t.Logf("%s: %s, %d values, %d findings", base, doc.Files[0].Verdict, len(doc.Files[0].Values), len(doc.Files[0].Findings))
					want = string(got)
					continue
				}
				if string(got) != want {
					t.Errorf("%s differs from %s.xlsx:\n%s\nwant\n%s", filepath.Base(f), base, got, want)
				}
			}
		})
	}
}
