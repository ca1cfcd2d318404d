package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/checks"
)

// TestFeeEquivalents: part 六 that says no fee was charged, in the words reports use, states the fee (P-3).
func TestFeeEquivalents(t *testing.T) {
	t.Parallel()
	s := seedByPrefix(t, "000") // 2021, part 六 says only "无。": P-3 is reported
	text := renderPDF(s)
	i := strings.Index(text, "六、")
	require.Positive(t, i)
	eol := i + strings.Index(text[i:], "\n")
	for _, words := range []string{"本年度未发生收费情况。", "未收取任何费用。", "本机关没有收费。", "收费金额为0元。"} {
		changed := text[:eol+1] + words + "\n" + text[eol+1:]
		res, err := Bytes(s.name, []byte(changed))
		require.NoError(t, err)
		assert.Empty(t, findingsOf(res, "P-3"), words)
	}
	res, err := Bytes(s.name, []byte(text[:eol+1]+"本年度收费工作正常开展。\n"+text[eol+1:]))
	require.NoError(t, err)
	assert.Len(t, findingsOf(res, "P-3"), 1, "收费工作 says nothing of a fee charged or not")
}

// TestReceivedWithCarried: 010 says "受理政府信息公开申请749件" = 713 new + 36 carried: told, not warned; a
// figure that is neither sum is warned with both.
func TestReceivedWithCarried(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "real", "010.txt"))
	require.NoError(t, err)
	res, err := Bytes("010.txt", data)
	require.NoError(t, err)
	fs := findingsOf(res, "P-1")
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, checks.Info, fs[0].Severity)
	assert.Contains(t, fs[0].Message, "本年新收与上年结转之和（713 + 36 = 749）")
	assert.Equal(t, 26, fs[0].Line)

	res, err = Bytes("010.txt", []byte(strings.Replace(string(data), "受理政府信息公开申请 749 件", "受理政府信息公开申请 750 件", 1)))
	require.NoError(t, err)
	fs = findingsOf(res, "P-1")
	require.Len(t, fs, 1, "%v", fs)
	assert.Equal(t, checks.Warning, fs[0].Severity)
	assert.Contains(t, fs[0].Message, "713")
	assert.Contains(t, fs[0].Message, "749")
}

// TestSingleSpaceGaps: pdftotext's single space between narrow columns never makes a thousands group, and
// a list number before a label is not a value.
func TestSingleSpaceGaps(t *testing.T) {
	t.Parallel()
	l := parseAligned(1, "（一）予以公开  21 0 0 0   0  0  21")
	assert.Equal(t, "21 0 0 0 0 0 21", valueTexts(l.vals))
	l = parseAligned(1, "              3.            0   0   0   0   0   0   0")
	assert.Len(t, l.vals, 7)
	l = parseAligned(1, "三、本年度          本机关不掌握相关政府信 7")
	assert.Equal(t, "7", valueTexts(l.vals))
	assert.Equal(t, "三、本年度本机关不掌握相关政府信", l.label)
}
