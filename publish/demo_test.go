package publish

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/demo"
)

// region is a small demo region (every kind of returned file, and the summary), generated once per test
// binary: 9 units is the least for which the demo makes every mistake.
var region struct {
	once sync.Once
	dir  string
	out  *demo.Outcome
	err  error
}

func demoRegion(t *testing.T) string {
	t.Helper()
	region.once.Do(func() {
		region.dir, region.err = os.MkdirTemp("", "publish-demo-")
		if region.err == nil {
			region.out, region.err = demo.Run(demo.Options{Dir: filepath.Join(region.dir, "示例"), Units: 9,
				Seed: 5, Year: 2024, NoLegacy: true, Tool: "test", Workers: 2})
		}
	})
	require.NoError(t, region.err)
	return filepath.Join(region.dir, "示例")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if region.dir != "" {
		os.RemoveAll(region.dir)
	}
	os.Exit(code)
}

// TestRoundTripDemo: every returned workbook of the demo region, the whole-region summary and each unit's
// row of the summary come back from publish → extract with every value.
func TestRoundTripDemo(t *testing.T) {
	t.Parallel()
	dir := demoRegion(t)
	files, err := filepath.Glob(filepath.Join(dir, demo.ReceivedDir, "*"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 10)
	// The region is the smallest that has every kind of returned file, and correct ones.
	kinds := map[string]int{}
	for _, f := range region.out.Plan.Files {
		kinds[f.Mistake]++
	}
	for _, k := range []string{"", demo.MistakeTotal, demo.MistakeBalance, demo.MistakeText, demo.MistakeForeign,
		demo.MistakeFirst, demo.MistakeCorrected, demo.MistakeOffRoster} {
		require.NotZero(t, kinds[k], "the demo region has no file of kind %q", k)
	}
	for _, p := range files {
		s, err := batch.LoadSide(p, "", batch.Options{Workers: 1})
		require.NoError(t, err, p)
		require.NotEmpty(t, s.Report.Values, p)
		roundTrip(t, filepath.Base(p), s.Report)
	}
	sum := filepath.Join(dir, demo.SummaryFile)
	whole, err := batch.LoadSide(sum, "", batch.Options{Workers: 1})
	require.NoError(t, err)
	require.NotEmpty(t, whole.Report.Values)
	roundTrip(t, "汇总", whole.Report)
	f := batch.CheckFile(sum, batch.Options{Workers: 1})
	require.NotEmpty(t, f.Members)
	for _, m := range f.Members {
		s, err := batch.LoadSide(sum+"#"+m.Unit.Code, "", batch.Options{Workers: 1})
		require.NoError(t, err, m.Unit.Code)
		require.Equal(t, m.Unit.Code, s.Member)
		roundTrip(t, "汇总#"+m.Unit.Code, WithZeros(s.Report))
	}
}
