package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/internal/testbook"
)

// TestTimeoutPerFile: --timeout bounds each file of check and summary. A workbook within every other limit
// but slow to read runs out of a 1ms limit and gets 无法读取 with a message naming the limit; the batch
// goes on, and our own template beside it (read by the fast path, which the limit does not interrupt) passes.
func TestTimeoutPerFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := returned(t, dir, "甲局", 0)
	slow := filepath.Join(dir, "B2_乙局.xlsx")
	require.NoError(t, os.WriteFile(slow, testbook.Rows(4000, 2), 0o644))

	code, out, _ := run(t, "check", "--year", "2024", "--timeout", "1ms", dir)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "【无法读取】"+slow)
	assert.Contains(t, out, "文件“B2_乙局.xlsx”：处理超时：处理时间不得超过 1ms")
	assert.Contains(t, out, "【通过】"+good)

	_, out, _ = run(t, "check", "--year", "2024", slow)
	assert.Contains(t, out, "【有错误】"+slow, "without the tiny limit the same file is read (and has no tables)")

	roster := filepath.Join(dir, "名单.csv")
	require.NoError(t, os.WriteFile(roster, []byte("单位代码,单位名称,上级单位代码,类别\nA1,甲局,,部门\nB2,乙局,,部门\n"), 0o644))
	code, out, _ = run(t, "summary", "--roster", roster, "--year", "2024", "--timeout", "1ms",
		"-o", filepath.Join(t.TempDir(), "汇总.xlsx"), dir)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "已报 2（通过 1，有警告 0，有错误 0，无法读取 1）")
}
