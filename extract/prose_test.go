package extract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/checks"
)

func TestTitle(t *testing.T) {
	for _, tc := range []struct {
		name, text, unit string
		year             int
	}{
		{"plain", "渌口区财政局2023年信息公开工作年度报告\n正文", "渌口区财政局", 2023},
		{"over two lines", "广元市财政局2020年政府信息公开\n工作年度报告\n2020年,我局", "广元市财政局", 2020},
		{"关于 over two lines", "泉州市行政服务中心管委会关于\n2021年政府信息公开年度工作报告", "泉州市行政服务中心管委会", 2021},
		{"关于 with space", "区发改局关于政府信息公开工作 2019年度报告\n一、总体情况", "区发改局", 2019},
		{"first sentence", "根据《中华人民共和国政府信息公开条例》和《关于规范政府信息公开工作年度报告编发工作的通知》要求,市金融发展局编制2021年度政府信息公开工作报告。本报告由总体情况组成。", "市金融发展局", 2021},
		{"year first", "2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2019},
		{"关于…的", "杭州市财政局关于2022年度政府信息公开工作的年度报告", "杭州市财政局", 2022},
		{"no year", "政府信息公开工作年度报告\n一、总体情况", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lines []textLine
			for i, l := range strings.Split(tc.text, "\n") {
				lines = append(lines, textLine{N: i + 1, Text: l})
			}
			unit, year := title(lines)
			assert.Equal(t, tc.unit, unit)
			assert.Equal(t, tc.year, year)
		})
	}
}

// seedByPrefix returns the seed whose file name starts with prefix.
func seedByPrefix(t *testing.T, prefix string) seed {
	for _, s := range loadSeeds(t) {
		if strings.HasPrefix(s.name, prefix) {
			return s
		}
	}
	t.Fatalf("no seed %s", prefix)
	return seed{}
}

func findingsOf(res *Result, rule string) []checks.Finding {
	var out []checks.Finding
	for _, f := range res.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// The prose checks run on the PDF-style rendering, whose reading does not depend on package locate.
func TestProseFigures(t *testing.T) {
	s := seedByPrefix(t, "001")
	text := renderPDF(s)
	// Seed 001 says "收到政府依申请公开件3件", as its 表三 does: no finding.
	res, err := Bytes(s.name, []byte(text))
	require.NoError(t, err)
	assert.Empty(t, findingsOf(res, "P-1"))

	for _, tc := range []struct {
		name, old, new, key string
		quoted, table       float64
	}{
		{"new applications", "收到政府依申请公开件3件", "共收到政府信息公开申请58件", "t3.new.total", 58, 3},
		{"review", "没有出现就政府信息公开提出复议、诉讼和申诉的情况", "发生政府信息公开行政复议3件", "t4.review.total", 3, 0},
		{"suits", "没有出现就政府信息公开提出复议、诉讼和申诉的情况", "行政诉讼2起", "t4.suit.total", 2, 0},
		{"carry-over", "没有出现就政府信息公开提出复议、诉讼和申诉的情况", "结转下年度继续办理7件", "t3.carryover.total", 7, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed := strings.Replace(text, tc.old, tc.new, 1)
			require.NotEqual(t, text, changed)
			res, err := Bytes(s.name, []byte(changed))
			require.NoError(t, err)
			fs := findingsOf(res, "P-1")
			require.Len(t, fs, 1)
			f := fs[0]
			assert.Equal(t, checks.Warning, f.Severity)
			assert.Equal(t, tc.key, f.Key)
			assert.Equal(t, tc.quoted, *f.Actual)
			assert.Equal(t, tc.table, *f.Expected)
			assert.Contains(t, f.Message, "写")
			assert.True(t, strings.Contains(tc.new, strings.Split(strings.Split(f.Message, "“")[1], "”")[0]), f.Message)
			assert.Greater(t, f.Line, 0)
			lines := strings.Split(changed, "\n")
			assert.Contains(t, lines[f.Line-1], tc.new)
		})
	}
}

func TestParts(t *testing.T) {
	// Seed 001 ends with "六、2021年工作计划" instead of 六、其他需要报告的事项.
	s := seedByPrefix(t, "001")
	res, err := Bytes(s.name, []byte(renderPDF(s)))
	require.NoError(t, err)
	fs := findingsOf(res, "P-2")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "六、2021年工作计划")
	assert.Contains(t, fs[0].Message, "六、其他需要报告的事项")

	// Seed 003 has all six parts; dropping part 五's heading is reported.
	s = seedByPrefix(t, "003")
	text := renderPDF(s)
	res, err = Bytes(s.name, []byte(text))
	require.NoError(t, err)
	assert.Empty(t, findingsOf(res, "P-2"))
	res, err = Bytes(s.name, []byte(strings.Replace(text, "五、存在的主要问题及改进情况", "存在的主要问题", 1)))
	require.NoError(t, err)
	fs = findingsOf(res, "P-2")
	require.Len(t, fs, 1)
	assert.Contains(t, fs[0].Message, "缺少第五部分")
}

func TestFee(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		want   int
	}{
		{"000", 1}, // 2021, part 六 says only "无。"
		{"001", 0}, // 2020: not required
		{"003", 0}, // "没有生信息公开处理费"
		{"004", 0}, // "本年度未收取政府信息处理费"
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			s := seedByPrefix(t, tc.prefix)
			res, err := Bytes(s.name, []byte(renderPDF(s)))
			require.NoError(t, err)
			fs := findingsOf(res, "P-3")
			require.Len(t, fs, tc.want)
			if tc.want > 0 {
				assert.Equal(t, checks.Warning, fs[0].Severity)
				assert.Contains(t, fs[0].Message, "信息处理费")
			}
		})
	}
}

func TestGBK(t *testing.T) {
	s := seedByPrefix(t, "002")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(renderPDF(s))
	require.NoError(t, err)
	res, err := Bytes(s.name, []byte(gbk))
	require.NoError(t, err)
	assertExtracts(t, s, res, FormatPDFText)
}

func TestAudit(t *testing.T) {
	s := seedByPrefix(t, "001")
	res, err := Bytes(s.name, []byte(renderPDF(s)))
	require.NoError(t, err)
	all := res.Audit(nil)
	assert.Equal(t, len(res.Findings)+len(checks.Run(res.Report, nil)), len(all))
	// Break the balance of 表三: the identities come in through Audit, not through reading.
	res.Report.Values["t3.carryover.person"] = 2
	var t31 []string
	for _, f := range res.Audit(nil) {
		if f.Rule == "T3-1" {
			t31 = append(t31, f.Key)
		}
	}
	assert.Equal(t, []string{"t3.carryover.person"}, t31)
}
