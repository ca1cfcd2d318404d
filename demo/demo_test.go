package demo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
)

// generated generates a region and reads back every file of 收到/: name → verdict and values.
func generated(t *testing.T, seed int64) map[string]batch.File {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "示例")
	plan, err := Generate(Options{Dir: dir, Units: 30, Seed: seed, Year: 2024, NoLegacy: true})
	require.NoError(t, err)
	entries, err := os.ReadDir(filepath.Join(dir, ReceivedDir))
	require.NoError(t, err)
	require.Len(t, entries, len(plan.Files))
	out := map[string]batch.File{}
	for _, e := range entries {
		out[e.Name()] = batch.CheckFile(filepath.Join(dir, ReceivedDir, e.Name()), batch.Options{Year: 2024})
	}
	return out
}

// TestSameSeedSameRegion: the demo is deterministic for a seed — same files, same figures, same verdicts —
// and another seed gives other figures.
func TestSameSeedSameRegion(t *testing.T) {
	a, b, c := generated(t, 5), generated(t, 5), generated(t, 6)
	require.Equal(t, len(a), len(b))
	failed := 0
	for name, fa := range a {
		fb, ok := b[name]
		require.True(t, ok, name)
		assert.Equal(t, fa.Verdict, fb.Verdict, name)
		assert.Equal(t, fa.Values, fb.Values, name)
		if fa.Verdict == batch.Failed {
			failed++
		}
	}
	assert.GreaterOrEqual(t, failed, 3, "the region holds the typical mistakes")
	differ := 0
	for name, fa := range a {
		if fc, ok := c[name]; ok && fc.Values["t3.new.total"] != fa.Values["t3.new.total"] {
			differ++
		}
	}
	assert.Greater(t, differ, len(a)/2, "another seed gives other figures")
}
