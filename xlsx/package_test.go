package xlsx_test

// Tests of the finishing step (xlsx/finish) that need no other reader: the real-reader suite in
// internal/interop opens the same outputs with openpyxl, pandas, exceljs and LibreOffice.

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// rewriteParts copies a package, passing every part through edit (nil drops the part).
func rewriteParts(t *testing.T, src, dst string, edit func(name string, data []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	require.NoError(t, err)
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		if data = edit(zf.Name, data); data == nil {
			continue
		}
		w, err := zw.Create(zf.Name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(dst, out.Bytes(), 0o644))
}

func partOf(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			require.NoError(t, err)
			defer rc.Close()
			data, err := io.ReadAll(rc)
			require.NoError(t, err)
			return string(data)
		}
	}
	t.Fatalf("%s has no part %s", path, name)
	return ""
}

var (
	reColorless = regexp.MustCompile(`"><color rgb="FF000000"></color></(left|right|top|bottom)>`)
	reCachedV   = regexp.MustCompile(`(</f>)<v>[^<]*</v>`)
	reThemeRel  = regexp.MustCompile(`<Relationship [^>]*theme[^>]*/>`)
	reShortRGB  = regexp.MustCompile(`rgb="[0-9A-Fa-f]{0,7}"`)
)

// TestAnnotateStyleFromXML: a returned file whose borders have no colour, without a theme part and
// without cached formula values (as LibreOffice, openpyxl and pandas write them) gets an annotated copy
// whose flagged cell keeps its own format with the severity's fill, whose colours are all 8 hex digits,
// and whose formulas carry the values of its inputs.
func TestAnnotateStyleFromXML(t *testing.T) {
	dir := t.TempDir()
	r := filled(t)
	r.Values["t3.carryover.person"] += 2 // 表三 no longer balances
	orig := writeFilled(t, dir, "ours.xlsx", r)
	in := filepath.Join(dir, "returned.xlsx")
	rewriteParts(t, orig, in, func(name string, data []byte) []byte {
		switch {
		case strings.HasPrefix(name, "xl/theme/"):
			return nil
		case name == "xl/_rels/workbook.xml.rels":
			return reThemeRel.ReplaceAll(data, nil)
		case name == "[Content_Types].xml":
			return regexp.MustCompile(`<Override [^>]*theme[^>]*/>`).ReplaceAll(data, nil)
		case name == "xl/styles.xml":
			return reColorless.ReplaceAll(data, []byte(`"></$1>`))
		case strings.HasPrefix(name, "xl/worksheets/"):
			return reCachedV.ReplaceAll(data, []byte("$1"))
		}
		return data
	})
	require.Contains(t, partOf(t, in, "xl/styles.xml"), `<left style="thin"></left>`, "edges without a colour")
	files := batch.Check([]string{in}, batch.Options{Year: 2024})
	require.Equal(t, batch.Failed, files[0].Verdict)
	out := filepath.Join(dir, "copy.xlsx")
	require.NoError(t, annotate.File(in, out, "returned.xlsx", files[0].Findings))

	styles := partOf(t, out, "xl/styles.xml")
	assert.Empty(t, reShortRGB.FindAllString(styles, -1), "colours shorter than 8 hex digits")
	var cell checks.Finding
	for _, f := range files[0].Findings {
		if f.Severity == checks.Error && f.Sheet == "表三" {
			cell = f
			break
		}
	}
	require.NotEmpty(t, cell.Cell)
	fin, err := excelize.OpenFile(in)
	require.NoError(t, err)
	defer fin.Close()
	fout, err := excelize.OpenFile(out)
	require.NoError(t, err)
	defer fout.Close()
	before, _ := fin.GetCellStyle(cell.Sheet, cell.Cell)
	after, _ := fout.GetCellStyle(cell.Sheet, cell.Cell)
	xfs := regexp.MustCompile(`(?s)<cellXfs[^>]*>(.*?)</cellXfs>`).FindStringSubmatch(styles)[1]
	all := regexp.MustCompile(`<xf [^>]*>`).FindAllString(xfs, -1)
	inXfs := regexp.MustCompile(`<xf [^>]*>`).FindAllString(
		regexp.MustCompile(`(?s)<cellXfs[^>]*>(.*?)</cellXfs>`).FindStringSubmatch(partOf(t, in, "xl/styles.xml"))[1], -1)
	attr := func(xf, name string) string {
		m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(xf)
		if m == nil {
			return ""
		}
		return m[1]
	}
	for _, a := range []string{"numFmtId", "fontId", "borderId", "xfId"} {
		assert.Equal(t, attr(inXfs[before], a), attr(all[after], a), "the flagged cell keeps its %s", a)
	}
	fills := regexp.MustCompile(`(?s)<fill>.*?</fill>`).FindAllString(styles, -1)
	fill, _ := strconv.Atoi(attr(all[after], "fillId"))
	require.Less(t, fill, len(fills))
	assert.Contains(t, fills[fill], `rgb="FFFFC7CE"`, "an error is filled red")

	for _, ref := range []string{"J5", "D29"} { // totals: 本年新收 总计, 四、结转 … as the inputs give them
		got, err := fout.GetCellValue("表三", ref, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		f, _ := fout.GetCellFormula("表三", ref)
		assert.NotEmpty(t, got, "%s=%s has a cached value", ref, f)
	}
	total, _ := fout.GetCellValue("表三", "J5", excelize.Options{RawCellValue: true})
	assert.Equal(t, strconv.FormatFloat(r.Get("t3.new.total"), 'f', -1, 64), total)
}

// TestFinishedPackage: a template as written has [Content_Types].xml first, entries dated now, prefixed
// core properties with real dates, and its declared dimensions.
func TestFinishedPackage(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.xlsx")
	require.NoError(t, xlsx.WriteTemplate(p, xlsx.TemplateOptions{Year: 2024}))
	zr, err := zip.OpenReader(p)
	require.NoError(t, err)
	defer zr.Close()
	assert.Equal(t, "[Content_Types].xml", zr.File[0].Name)
	for _, zf := range zr.File {
		assert.WithinDuration(t, time.Now(), zf.Modified, 48*time.Hour, zf.Name)
	}
	core := partOf(t, p, "docProps/core.xml")
	assert.Contains(t, core, "<cp:lastModifiedBy>nianbao</cp:lastModifiedBy>")
	assert.NotContains(t, core, "2006-09-16")
	assert.NotRegexp(t, `<(lastModifiedBy|keywords|revision)\b`, core)
}
