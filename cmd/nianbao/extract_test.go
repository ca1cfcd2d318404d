package main

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/model"
)

// seedDir holds the five seed reports and their hand-verified golden values (owned by package extract).
const seedDir = "../../extract/testdata/seeds"

// seedGolden is the part of a seed's golden file these tests compare with.
type seedGolden struct {
	Unit     string                   `json:"unit"`
	Year     int                      `json:"year"`
	Tables   map[string]model.Version `json:"tables"`
	Values   map[string]float64       `json:"values"`
	Findings []string                 `json:"findings"`
}

// seedPaths returns the seed texts, sorted.
func seedPaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	require.NoError(t, err)
	require.Len(t, paths, 5)
	return paths
}

func loadGolden(t *testing.T, seed string) seedGolden {
	t.Helper()
	data, err := os.ReadFile(strings.TrimSuffix(seed, ".txt") + ".golden.json")
	require.NoError(t, err)
	var g seedGolden
	require.NoError(t, json.Unmarshal(data, &g))
	return g
}

// runJSON runs the program and decodes its JSON output into v.
func runJSON(t *testing.T, v any, args ...string) (code int, stderr string) {
	t.Helper()
	code, out, errs := run(t, args...)
	require.NoError(t, json.Unmarshal([]byte(out), v), "stdout: %s\nstderr: %s", out, errs)
	return code, errs
}

func TestExtractSeedsJSON(t *testing.T) {
	paths := seedPaths(t)
	var doc batch.Document
	code, errs := runJSON(t, &doc, append([]string{"extract", "--json"}, paths...)...)
	require.Equal(t, 0, code, errs)
	require.Len(t, doc.Files, len(paths))
	assert.True(t, doc.Valid)
	assert.Equal(t, len(paths), doc.Stats.Files)
	for i, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			f, g := doc.Files[i], loadGolden(t, p)
			assert.Equal(t, p, f.Path)
			assert.Equal(t, g.Unit, f.Unit.Name)
			assert.Equal(t, g.Year, f.Year)
			assert.Equal(t, g.Tables["t3"], f.Version, "a seed's tables all follow its year")
			assert.Equal(t, "text", f.Format)
			assert.Len(t, f.SHA256, 64)
			assert.Equal(t, g.Values, f.Values)
			rules := map[string]bool{}
			for _, x := range f.Findings {
				rules[strings.TrimSpace(x.Rule+" "+x.Key)] = true
				assert.Equal(t, p, x.File, "findings name the input as given")
			}
			for _, want := range g.Findings {
				assert.True(t, rules[want], "finding %s missing", want)
			}
		})
	}
}

func TestExtractText(t *testing.T) {
	p := filepath.Join(seedDir, "001_b080a175cdda069f.txt")
	code, out, errs := run(t, "extract", "--verbose", p)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "【有警告】"+p+"（广元市财政局，2020年度，2019版格式）")
	assert.Contains(t, out, "247万元")
	assert.Contains(t, out, "共 1 个文件：通过 0，有警告 1")
}

func TestExtractOutputReadsBack(t *testing.T) {
	dir := t.TempDir()
	for _, p := range seedPaths(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			before := fileSum(t, p)
			out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), ".txt")+".xlsx")
			code, _, errs := run(t, "extract", "-o", out, p)
			require.Equal(t, 0, code, errs)
			assert.Contains(t, errs, "已生成："+out)
			assert.Equal(t, before, fileSum(t, p), "input unchanged")

			g := loadGolden(t, p)
			var doc batch.Document
			code, errs = runJSON(t, &doc, "check", "--json", "--quiet", out)
			require.Equal(t, 0, code, errs)
			require.Len(t, doc.Files, 1)
			f := doc.Files[0]
			assert.Equal(t, batch.Passed, f.Verdict, "%v", f.Findings)
			assert.Equal(t, g.Unit, f.Unit.Name)
			assert.Equal(t, g.Year, f.Year)
			assert.Equal(t, g.Values, f.Values)
		})
	}
}

func TestExtractOutputRefusals(t *testing.T) {
	dir := t.TempDir()
	seeds := seedPaths(t)
	input := filepath.Join(dir, "年报.txt")
	data, err := os.ReadFile(seeds[0])
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(input, data, 0o644))
	existing := filepath.Join(dir, "已有.xlsx")
	require.NoError(t, os.WriteFile(existing, []byte("keep"), 0o644))
	noYear := filepath.Join(dir, "无年度.txt")
	require.NoError(t, os.WriteFile(noYear, []byte(strings.Replace(string(data), "2021年", "本", 1)), 0o644))

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"two inputs", []string{"extract", "-o", filepath.Join(dir, "a.xlsx"), seeds[0], seeds[1]}, "只能用于一个输入文件"},
		{"over its input", []string{"extract", "-o", input, input}, "就是输入文件"},
		{"over a file", []string{"extract", "-o", existing, input}, "已存在"},
		{"no year", []string{"extract", "-o", filepath.Join(dir, "b.xlsx"), noYear}, "--year"},
		{"no file", []string{"extract"}, "请指定"},
		{"directory", []string{"extract", dir}, "是文件夹"},
		{"bad year", []string{"extract", "--year", "12", input}, "不是有效的报告年度"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errs, tc.want)
		})
	}
	got, _ := os.ReadFile(input)
	assert.Equal(t, data, got, "input unchanged")
	got, _ = os.ReadFile(existing)
	assert.Equal(t, "keep", string(got))

	code, _, errs := run(t, "extract", "--year", "2021", "-o", filepath.Join(dir, "c.xlsx"), noYear)
	assert.Equal(t, 1, code, "a title without a year is an R-6 error, but the workbook is written: %s", errs)
	assert.FileExists(t, filepath.Join(dir, "c.xlsx"))
}

func TestExtractUnreadable(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "没有.txt")
	var doc batch.Document
	code, errs := runJSON(t, &doc, "extract", "--json", missing)
	assert.Equal(t, 1, code, errs)
	require.Len(t, doc.Files, 1)
	assert.Equal(t, batch.Unreadable, doc.Files[0].Verdict)
	assert.Equal(t, "R-7", doc.Files[0].Findings[0].Rule)
	assert.False(t, doc.Valid)
}

func TestExtractYearMismatch(t *testing.T) {
	p := filepath.Join(seedDir, "004_fb2e86e77d0a3946.txt")
	code, out, errs := run(t, "extract", "--year", "2024", p)
	assert.Equal(t, 1, code, errs)
	assert.Contains(t, out, "报告标题中的年度为 2023 年，本次核对的是 2024 年度")
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return sha256.Sum256(data)
}

// TestExtractPDF: a PDF file is read as a PDF (its tables, its unit and year), a scan and an encrypted file
// are unreadable with their own messages.
func TestExtractPDF(t *testing.T) {
	dir := "../../extract/pdf/testdata"
	var doc batch.Document
	code, errs := runJSON(t, &doc, "extract", "--json", filepath.Join(dir, "001_chromium.pdf"),
		filepath.Join(dir, "scan.pdf"), filepath.Join(dir, "encrypted_user128.pdf"))
	assert.Equal(t, 1, code, errs)
	require.Len(t, doc.Files, 3)
	ok := doc.Files[0]
	assert.Equal(t, "pdf", ok.Format)
	assert.Equal(t, "平潭综合实验区", ok.Unit.Name)
	assert.Equal(t, 2019, ok.Year)
	assert.Equal(t, float64(23), ok.Values["t3.new.total"])
	for i, msg := range map[int]string{1: "扫描", 2: "已加密"} {
		f := doc.Files[i]
		assert.Equal(t, batch.Unreadable, f.Verdict)
		require.NotEmpty(t, f.Findings)
		assert.Contains(t, f.Findings[0].Message, msg)
	}
}
