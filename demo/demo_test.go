package demo

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
)

// regionUnits is the size of the regions compared: the smallest that holds every mistake.
const regionUnits = minMistakeSet

// sent is one generated file of 收到/: its modification time and what check makes of it.
type sent struct {
	mtime time.Time
	batch.File
}

// generated generates a region and reads back every file of 收到/ by name; mistakes are the plan's.
// workers is the number of files written at once: the region must not depend on it.
func generated(t *testing.T, seed int64, workers int) (files map[string]sent, mistakes map[string]bool) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "示例")
	plan, err := Generate(Options{Dir: dir, Units: regionUnits, Seed: seed, Year: 2024, NoLegacy: true, Workers: workers})
	require.NoError(t, err)
	entries, err := os.ReadDir(filepath.Join(dir, ReceivedDir))
	require.NoError(t, err)
	require.Len(t, entries, len(plan.Files))
	mistakes = map[string]bool{}
	for _, f := range plan.Files {
		mistakes[f.Mistake] = true
	}
	mistakes["未报送"] = plan.Missing.Name != ""
	out := map[string]sent{}
	for _, e := range entries {
		p := filepath.Join(dir, ReceivedDir, e.Name())
		st, err := os.Stat(p)
		require.NoError(t, err)
		out[e.Name()] = sent{st.ModTime(), batch.CheckFile(p, batch.Options{Year: 2024})}
	}
	return out, mistakes
}

// TestSameSeedSameRegion: the demo is deterministic for a seed — same files with the same times, same
// figures, same verdicts, however many files are written at once — and another seed gives other figures. The region holds every
// mistake the demo makes.
func TestSameSeedSameRegion(t *testing.T) {
	t.Parallel()
	a, mistakes := generated(t, 5, 2)
	b, _ := generated(t, 5, 1)
	c, _ := generated(t, 6, 2)
	for _, m := range []string{MistakeTotal, MistakeBalance, MistakeText, MistakeForeign, MistakeFirst,
		MistakeCorrected, MistakeOffRoster, "未报送"} {
		assert.True(t, mistakes[m], "the region holds %s", m)
	}
	require.Equal(t, len(a), len(b))
	failed := 0
	for name, fa := range a {
		fb, ok := b[name]
		require.True(t, ok, name)
		assert.True(t, fa.mtime.Equal(fb.mtime), name)
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
