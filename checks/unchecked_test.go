package checks

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUncheckedNamesTheCellInWords: an unreadable cell of a report read from text or a PDF has no cell
// reference; the 无法核对 consequences name it by its table, row and column, never by its machine key.
func TestUncheckedNamesTheCellInWords(t *testing.T) {
	r := consistent()
	delete(r.Values, "t3.new.person")
	delete(r.Sources, "t3.new.person") // as from a text or a PDF
	r.ComputeTotals()
	read := []Finding{{Rule: RUnread.ID, Severity: Error, Key: "t3.new.person", Message: "「约8」无法识别为数值"}}
	var unchecked []Finding
	for _, f := range Analyze(r, nil, read) {
		if f.Unchecked {
			unchecked = append(unchecked, f)
		}
	}
	require.NotEmpty(t, unchecked)
	for _, f := range unchecked {
		assert.Contains(t, f.Message, "（表三 一、本年新收政府信息公开申请数量 / 自然人 无法识别为数值）")
		assert.NotContains(t, f.Message, "t3.new.person")
	}
}
