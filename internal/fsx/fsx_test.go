package fsx

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "汇总.xlsx")
	require.NoError(t, os.WriteFile(p, []byte("old"), 0o644))
	require.NoError(t, WriteAtomic(p, []byte("new")))
	b, _ := os.ReadFile(p)
	assert.Equal(t, "new", string(b))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary file is left behind")
	assert.Error(t, WriteAtomic(dir, []byte("x")), "a directory is never replaced")
	assert.Error(t, WriteAtomic(filepath.Join(dir, "missing", "a.xlsx"), []byte("x")))
}

func TestCopyNew(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	require.NoError(t, os.WriteFile(src, []byte("data"), 0o644))
	require.NoError(t, CopyNew(src, dst))
	b, _ := os.ReadFile(dst)
	assert.Equal(t, "data", string(b))
	assert.Error(t, CopyNew(src, dst), "an existing file is never replaced")
	assert.Error(t, CopyNew(filepath.Join(dir, "none"), filepath.Join(dir, "c")))
}
