package xlsx_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/xlsx/annotate"
)

// TestAnnotatedConsequenceOfTwoFaults: wrong carry-overs in two columns are two faults; the 总计 column's
// T3-1 follows from both: the comment of each fault's cell tells it, naming the other, and the 校验结果
// sheet lists it once under the first with "（也因 F…）".
func TestAnnotatedConsequenceOfTwoFaults(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	r := filled(t)
	r.Values["t3.carryover.person"] += 2
	r.Values["t3.carryover.business"]++
	path := writeFilled(t, in, "财政局.xlsx", r)
	files := batch.Check([]string{path}, batch.Options{Year: 2024})
	require.Len(t, files, 1)
	var also []string
	for _, fd := range files[0].Findings {
		if !fd.Fault() {
			also = fd.AlsoBecause()
		}
	}
	require.Len(t, also, 1, "%+v", files[0].Findings)
	_, err := annotate.All(files, out)
	require.NoError(t, err)
	f, err := excelize.OpenFile(filepath.Join(out, "财政局.xlsx_校验结果.xlsx"))
	require.NoError(t, err)
	defer f.Close()
	comments, err := f.GetComments("表三")
	require.NoError(t, err)
	told := map[string]string{}
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		told[c.Cell] = text
	}
	assert.Contains(t, told["D29"], "因此：表三 总计列")
	assert.Contains(t, told["D29"], "（也因 表三!E29 的问题）")
	assert.Contains(t, told["E29"], "因此：表三 总计列")
	assert.Contains(t, told["E29"], "（也因 表三!D29 的问题）")
	rows, err := f.GetRows(annotate.ResultSheet)
	require.NoError(t, err)
	listed := 0
	for _, row := range rows {
		line := strings.Join(row, "|")
		if strings.Contains(line, "因此（") && strings.Contains(line, "表三 总计列") {
			listed++
			assert.Contains(t, line, "（也因 "+also[0]+"）")
		}
	}
	assert.Equal(t, 1, listed, "listed once in the result sheet")
}
