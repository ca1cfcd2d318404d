package batch_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
	"nianbao/xlsx"
)

// TestOddYearsWithoutYear: four 2024 files and two 2023 files checked without a year: the two get a warning
// naming both years, in Check and at the end of a stream; with a year nothing is guessed.
func TestOddYearsWithoutYear(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var paths []string
	for i, year := range []int{2024, 2023, 2024, 2024, 2023, 2024} {
		p := filepath.Join(dir, string(rune('a'+i))+".xlsx")
		u := model.Unit{Code: string(rune('A' + i)), Name: "单位" + string(rune('A'+i))}
		require.NoError(t, xlsx.WriteTemplate(p, xlsx.TemplateOptions{Year: year, Unit: u}))
		paths = append(paths, p)
	}
	files := batch.Check(paths, batch.Options{})
	for i, f := range files {
		var odd []checks.Finding
		for _, x := range f.Findings {
			if x.Rule == checks.ROddYear.ID {
				odd = append(odd, x)
			}
		}
		if f.Year == 2023 {
			require.Len(t, odd, 1, paths[i])
			assert.Contains(t, odd[0].Message, "报告年度为 2023 年，本批多数文件为 2024 年度")
			assert.Equal(t, batch.Warned, f.Verdict)
			for j, x := range f.Findings {
				assert.Equal(t, "F"+string(rune('1'+j)), x.ID, "ids stay in order")
			}
		} else {
			assert.Empty(t, odd, paths[i])
			assert.Equal(t, batch.Passed, f.Verdict)
		}
	}

	var text strings.Builder
	s := batch.NewTextStream(&text, false)
	s.NoteOddYears()
	batch.Check(paths, batch.Options{Each: s.File})
	_, err := s.Close(nil)
	require.NoError(t, err)
	assert.Contains(t, text.String(), "以下 2 个文件的报告年度与本批多数文件（2024 年度）不同")
	assert.Contains(t, text.String(), paths[1]+"（2023 年度）")

	for _, f := range batch.Check(paths, batch.Options{Year: 2024}) {
		for _, x := range f.Findings {
			assert.NotEqual(t, checks.ROddYear.ID, x.Rule, "with --year a wrong year is an R-6 error")
		}
	}
}
