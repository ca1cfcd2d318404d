package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
)

// TestDemoMistakesGiveOneFault: the demo's typed-over total (示例市民政局 with the default seed) is one
// error at that total saying what the formula gives, and its text in a number cell (东城区发展和改革局) one
// error at that cell, the identities through it listed under it as 无法核对 — not errors of their own at
// locked totals, and no count "应为" a negative number.
//
// Only those two files are written, by the step Generate takes for them (writeUnit of the units assignKinds
// gives those mistakes in the default region): the same files as in the full demo, without its other 39.
func TestDemoMistakesGiveOneFault(t *testing.T) {
	t.Parallel()
	opt := Options{Dir: filepath.Join(t.TempDir(), "示例"), Units: defaultUnits, Seed: 1, Year: 2024, NoLegacy: true}
	require.NoError(t, opt.defaults())
	require.NoError(t, os.MkdirAll(filepath.Join(opt.Dir, ReceivedDir), 0o755))
	ros := roster(opt.Units)
	fill, err := xlsx.NewTemplateFiller(xlsx.TemplateOptions{Year: opt.Year, Version: model.VersionForYear(opt.Year)})
	require.NoError(t, err)
	var files []File
	for i, k := range assignKinds(len(ros.Units), opt.Seed, false) {
		if k == kindTotal || k == kindText {
			fs, err := writeUnit(opt, fill, ros, i, k)
			require.NoError(t, err)
			files = append(files, fs...)
		}
	}
	w := templates.For(model.V2021)
	seen := map[string]bool{}
	for _, pf := range files {
		if pf.Mistake != MistakeTotal && pf.Mistake != MistakeText {
			continue
		}
		seen[pf.Mistake] = true
		f := batch.CheckFile(pf.Path, batch.Options{Year: 2024})
		require.Equal(t, batch.Failed, f.Verdict, pf.Path)
		var faults, cons []checks.Finding
		for _, x := range f.Findings {
			if x.Expected != nil && *x.Expected < 0 {
				t.Errorf("%s: negative expected count: %s", pf.Path, x.Message)
			}
			switch {
			case !x.Fault():
				cons = append(cons, x)
			case x.Severity == checks.Error:
				faults = append(faults, x)
			}
		}
		require.Len(t, faults, 1, "%s: %v", pf.Path, f.Findings)
		fault := faults[0]
		assert.Equal(t, 1, checks.Count(f.Findings).Errors)
		assert.Equal(t, 0, checks.Count(f.Findings).Warnings, "%s: the typed-over total is no second finding", pf.Path)
		require.NotEmpty(t, cons, pf.Path)
		for _, c := range cons {
			assert.Equal(t, fault.ID, c.Because, pf.Path)
		}
		switch pf.Mistake {
		case MistakeTotal:
			assert.Equal(t, w.Ref("t3.new.total"), fault.Cell, pf.Path)
			assert.Equal(t, checks.RTyped.ID, fault.Rule)
			total, _ := model.FormOf(model.V2021).Cell("t3.new.total")
			sum := f.Report.SumOf(total.Sum)
			assert.Contains(t, fault.Message, fmt.Sprintf("应为 %s", model.FormatValue(sum)), pf.Path)
		case MistakeText:
			assert.Equal(t, w.Ref("t3.new.business"), fault.Cell, pf.Path)
			assert.Equal(t, checks.RUnread.ID, fault.Rule)
			for _, c := range cons {
				assert.True(t, c.Unchecked, "%s: %s", pf.Path, c.Message)
				assert.Contains(t, c.Message, "无法核对", pf.Path)
			}
		}
	}
	assert.Len(t, seen, 2, "the demo holds both mistakes")
}
