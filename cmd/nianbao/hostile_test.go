package main

import (
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/model"
	"nianbao/xlsx"
)

// snapshot hashes every file below dir, by path relative to dir.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return nil
	}))
	return out
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, d.Name()), b, 0o644)
	}))
}

// TestCheckHostileFolder is issue 7's "done when": the whole bad corpus plus good files, with hostile file
// names, in one folder: every file gets a verdict, the exit code is 1, no Go panic reaches the clerk, every
// input stays byte-identical, and nothing is written outside the folder given for annotated copies.
func TestCheckHostileFolder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	in := filepath.Join(root, "收到")
	require.NoError(t, os.Mkdir(in, 0o755))
	copyTree(t, filepath.Join("..", "..", "xlsx", "read", "testdata", "bad"), in)

	// Good and wrong workbooks whose names try to escape, inject formulas or overflow.
	wrongName := "=HYPERLINK(\"http://x\",\"点我\")" + strings.Repeat("长", 250)
	for name, off := range map[string]float64{
		"正常单位": 0, "..\\..\\逃逸": 2, wrongName: 2, "C:盘符\x01控制": 2,
	} {
		r := model.NewReport(model.Unit{Code: "X", Name: "+cmd|' /C calc'!A0"}, 2024, model.V2021)
		r.Set("t3.new.person", 3, model.Source{})
		r.Set("t3.open.person", 3, model.Source{})
		r.Set("t3.carryover.person", off, model.Source{})
		r.ComputeTotals()
		require.NoError(t, xlsx.WriteTemplate(filepath.Join(in, model.SafeName(name)+".xlsx"),
			xlsx.TemplateOptions{Year: 2024, Unit: r.Unit, Report: r}))
	}
	before := snapshot(t, root)
	out := filepath.Join(root, "退回")

	code, stdout, stderr := run(t, "check", "--year", "2024", "--annotate", out, in)
	assert.Equal(t, 1, code)
	for _, bad := range []string{"panic", "goroutine ", "runtime.", ".go:"} {
		assert.NotContains(t, stdout+stderr, bad)
	}
	files, err := os.ReadDir(in)
	require.NoError(t, err)
	for _, f := range files {
		assert.Contains(t, stdout, f.Name(), "every file is named with its verdict")
	}
	assert.Contains(t, stdout, "文件已加密，请去除密码后重新提交")
	assert.Contains(t, stdout, "这是 PDF 文件，不是 Excel 工作簿")

	after := snapshot(t, root)
	for p, h := range before {
		assert.Equal(t, h, after[p], "input %s changed", p)
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			assert.True(t, strings.HasPrefix(p, "退回"+string(filepath.Separator)), "written outside the output folder: %s", p)
			assert.LessOrEqual(t, len(filepath.Base(p)), 255, "file name too long for the file system")
		}
	}

	code, stdout, _ = run(t, "check", "--json", "--year", "2024", in)
	assert.Equal(t, 1, code)
	var doc struct {
		Files []struct{ Path, Verdict string }
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	var skipped struct{ Skipped []string }
	require.NoError(t, json.Unmarshal([]byte(stdout), &skipped))
	assert.Len(t, doc.Files, len(files)-len(skipped.Skipped))
	assert.Len(t, skipped.Skipped, 3, "the PDF, the Word document and the picture")
	for _, f := range doc.Files {
		assert.Contains(t, []string{"通过", "有警告", "有错误", "无法读取"}, f.Verdict, f.Path)
	}
}
