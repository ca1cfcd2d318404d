package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/xlsx/read"
)

// TestAuditCommand: a real county report (converter Markdown) in a folder, a roster with its unit and one
// more: exit 1 with the other unit not found, exit 0 when the roster holds only the published unit; the
// JSON and the workbook say the same; a missing roster is exit 2.
func TestAuditCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pub := filepath.Join(dir, "年报")
	require.NoError(t, os.Mkdir(pub, 0o755))
	data, err := os.ReadFile(filepath.Join("..", "..", "extract", "testdata", "real", "010.txt"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(pub, "2025年报.txt"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(pub, "说明.doc"), []byte("x"), 0o644))
	two := filepath.Join(dir, "名单.csv")
	require.NoError(t, os.WriteFile(two, []byte("单位代码,单位名称,上级单位代码\nA01,沐阳县人民政府,\nA02,沐阳县财政局,A01\n"), 0o644))
	one := filepath.Join(dir, "名单1.csv")
	require.NoError(t, os.WriteFile(one, []byte("单位代码,单位名称,上级单位代码\nA01,沐阳县人民政府,\n"), 0o644))

	out := filepath.Join(dir, "核查.xlsx")
	code, stdout, stderr := run(t, "audit", "--roster", two, "-o", out, "--json", pub)
	require.Equal(t, 1, code, stderr)
	var doc struct {
		Units []struct {
			Code, Status string
			Published    []struct{ Path, Verdict string }
		}
		Unmatched []any
		Skipped   []string
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	require.Len(t, doc.Units, 2)
	assert.Equal(t, "published", doc.Units[0].Status)
	require.Len(t, doc.Units[0].Published, 1)
	assert.Equal(t, "通过", doc.Units[0].Published[0].Verdict)
	assert.Equal(t, "not_found", doc.Units[1].Status)
	assert.Empty(t, doc.Unmatched)
	assert.Len(t, doc.Skipped, 1)
	wb, err := read.Open(out, read.Limits{})
	require.NoError(t, err)
	require.Equal(t, "公开情况", wb.Grids[0].Name)
	require.Len(t, wb.Grids[0].Rows, 3)
	assert.Equal(t, "未找到公开的年报", wb.Grids[0].Rows[2][2].Text)

	code, stdout, stderr = run(t, "audit", "--roster", one, pub)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "已公开 1，未找到 0")

	code, _, stderr = run(t, "audit", "--roster", filepath.Join(dir, "无.xlsx"), pub)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "找不到名单文件")
}
