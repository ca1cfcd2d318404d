package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/compare"
)

// extractTo writes the template workbook of a seed with `nianbao extract -o`.
func extractTo(t *testing.T, seed, out string) {
	t.Helper()
	code, _, errs := run(t, "extract", "-o", out, seed)
	require.Equal(t, 0, code, errs)
}

func TestCompareSeedWithItsWorkbook(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, p := range seedPaths(t) {
		t.Run(filepath.Base(p), func(t *testing.T) {
			wb := filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), ".txt")+".xlsx")
			extractTo(t, p, wb)
			code, out, errs := run(t, "compare", p, wb)
			assert.Equal(t, 0, code, errs)
			assert.Contains(t, out, "两份报告一致")
			assert.NotContains(t, out, "不同 ")

			var cmp compare.Comparison
			code, errs = runJSON(t, &cmp, "compare", "--json", wb, p)
			assert.Equal(t, 0, code, errs)
			assert.True(t, cmp.Equal)
			assert.Empty(t, cmp.Differences)
			assert.Equal(t, len(loadGolden(t, p).Values), cmp.Compared)
			assert.Equal(t, "text", cmp.B.Format)
		})
	}
}

// TestCompareChangedValue changes the figure of 一、本年新收 × 自然人 in a copy of seed 001 (one cell per
// line: the label, then "3 |") and compares it with the workbook of the unchanged seed.
func TestCompareChangedValue(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(seedDir, "001_b080a175cdda069f.txt")
	wb := filepath.Join(dir, "广元市财政局.xlsx")
	extractTo(t, seed, wb)

	data, err := os.ReadFile(seed)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	changed := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "一、本年新收政府信息公开申请数量") {
			require.Equal(t, "3 |", strings.TrimSpace(lines[i+1]))
			lines[i+1] = "5 |"
			changed = i + 2 // 1-based line number of the figure
			break
		}
	}
	require.NotZero(t, changed)
	edited := filepath.Join(dir, "年报.txt")
	require.NoError(t, os.WriteFile(edited, []byte(strings.Join(lines, "\n")), 0o644))

	var cmp compare.Comparison
	code, errs := runJSON(t, &cmp, "compare", "--json", edited, wb)
	assert.Equal(t, 1, code, errs)
	assert.False(t, cmp.Equal)
	assert.Empty(t, cmp.Mismatches)
	require.Len(t, cmp.Differences, 1, "%+v", cmp.Differences)
	d := cmp.Differences[0]
	assert.Equal(t, "t3.new.person", d.Key)
	assert.Equal(t, 5.0, *d.A)
	assert.Equal(t, 3.0, *d.B)
	assert.Equal(t, changed, d.ASource.Line)
	assert.Equal(t, "表三", d.BSource.Sheet)
	assert.NotEmpty(t, d.BSource.Cell)

	code, out, _ := run(t, "compare", edited, wb)
	assert.Equal(t, 1, code)
	for _, want := range []string{"t3.new.person", "一、本年新收政府信息公开申请数量", "自然人",
		fmt.Sprintf("A = 5（第%d行）", changed), "B = 3（表三!" + d.BSource.Cell + "）", "共比较 198 个单元格，1 个不同"} {
		assert.Contains(t, out, want)
	}
}

func TestCompareOtherUnitAndYear(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "渌口区财政局.xlsx")
	extractTo(t, filepath.Join(seedDir, "004_fb2e86e77d0a3946.txt"), wb)
	code, out, errs := run(t, "compare", filepath.Join(seedDir, "003_00b6c75c071fb3e8.txt"), wb)
	assert.Equal(t, 1, code, errs)
	unit := strings.Index(out, "单位不一致：A 为“泉州市行政服务中心管委会”，B 为“渌口区财政局”")
	year := strings.Index(out, "年度不一致：A 为 2021年度，B 为 2023年度")
	first := strings.Index(out, "不同 ")
	require.True(t, unit > 0 && year > unit, out)
	assert.True(t, first < 0 || first > year, "mismatches come before the differences")
}

func TestCompareVersions(t *testing.T) {
	dir := t.TempDir()
	wb := filepath.Join(dir, "2021.xlsx")
	extractTo(t, filepath.Join(seedDir, "000_ab7d1287facdaff7.txt"), wb)
	var cmp compare.Comparison
	code, _ := runJSON(t, &cmp, "compare", "--json", filepath.Join(seedDir, "002_4f11fd08cb0f5fa7.txt"), wb)
	assert.Equal(t, 1, code)
	joined := strings.Join(cmp.Mismatches, "\n")
	assert.Contains(t, joined, "表三")
	assert.Contains(t, joined, "A 为 2019 版格式，B 为 2021 版格式")
	for _, d := range cmp.Differences {
		assert.NotNil(t, d.A)
		assert.NotNil(t, d.B)
	}
	assert.Greater(t, cmp.Compared, 0)
}

func TestCompareRefusals(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(seedDir, "000_ab7d1287facdaff7.txt")
	wb := filepath.Join(dir, "a.xlsx")
	extractTo(t, seed, wb)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"one argument", []string{"compare", seed}, "请指定要比较的两份报告"},
		{"missing file", []string{"compare", seed, filepath.Join(dir, "没有.xlsx")}, "找不到文件"},
		{"row of a workbook", []string{"compare", seed, wb + "#A01"}, "不是汇总表"},
		{"--unit without a summary", []string{"compare", "--unit", "A01", seed, wb}, "都不是汇总表"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, tc.args...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errs, tc.want)
		})
	}
}
