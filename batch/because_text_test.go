package batch_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/batch"
	"nianbao/locate"
	"nianbao/model"
)

// TestTextListsConsequenceUnderEachFault: the 总计 column's T3-1, a consequence of faults in two columns,
// carries both in because_all and the text report lists it under each fault, naming the other.
func TestTextListsConsequenceUnderEachFault(t *testing.T) {
	t.Parallel()
	fl := consistentFill(model.V2021, 7)
	num := func(k string, d float64) locate.Cell {
		return locate.Cell{Text: model.FormatValue(fl.report.Get(k) + d)}
	}
	fs := analyze(fl.with(map[string]locate.Cell{
		"t3.new.person":       num("t3.new.person", 1),
		"t3.carried.business": num("t3.carried.business", 2),
	}), fl.year)
	faults := faultsOf(t, fs, "two faults")
	require.Len(t, faults, 2, "%v", messages(fs))
	var cons []string
	for _, f := range fs {
		if !f.Fault() {
			assert.Equal(t, []string{faults[0].ID, faults[1].ID}, f.BecauseAll, "%v", messages(fs))
			cons = append(cons, f.Message)
		}
	}
	require.Len(t, cons, 1)
	var b strings.Builder
	require.NoError(t, batch.WriteText(&b, batch.NewDocument([]batch.File{{Path: "甲局.xlsx", Verdict: batch.Failed, Findings: fs}}, nil), false))
	text := b.String()
	assert.Equal(t, 2, strings.Count(text, cons[0]), text)
	first, second := strings.Index(text, faults[0].Message), strings.Index(text, faults[1].Message)
	require.True(t, first >= 0 && second > first, text)
	assert.Contains(t, text[first:second], cons[0]+"（也因 表三!"+faults[1].Cell+" 的问题）", text)
	assert.Contains(t, text[second:], cons[0]+"（也因 表三!"+faults[0].Cell+" 的问题）", text)
	assert.Contains(t, text, "另有 1 条由这些问题引起", "counted once")
}
