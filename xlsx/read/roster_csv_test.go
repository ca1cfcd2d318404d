package read

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"nianbao/model"
)

// rosterRows is a roster as a clerk types it: leading zeros, a name with a comma, a unit without parent.
var rosterRows = [][]string{
	{"单位代码", "单位名称", "上级单位代码", "类别"},
	{"100", "示例区人民政府办公室", "", "本级"},
	{"0101", "示例区财政局", "100", "部门"},
	{"0102", "示例区发展和改革局（区粮食和物资储备局）", "100", "部门"},
	{"0201", "城关街道办事处, 社区服务中心", "100", "乡镇街道"},
}

func rosterText(sep, eol string) string {
	var b strings.Builder
	for _, r := range rosterRows {
		for i, f := range r {
			if i > 0 {
				b.WriteString(sep)
			}
			if strings.Contains(f, sep) {
				f = `"` + f + `"`
			}
			b.WriteString(f)
		}
		b.WriteString(eol)
	}
	return b.String()
}

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readCSV(t *testing.T, name string, data []byte) (*model.Roster, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return ReadRoster(path)
}

func sameUnits(t *testing.T, what string, got, want *model.Roster) {
	t.Helper()
	if len(got.Units) != len(want.Units) {
		t.Fatalf("%s: %d units, want %d", what, len(got.Units), len(want.Units))
	}
	for i := range want.Units {
		g, w := got.Units[i], want.Units[i]
		if g.Code != w.Code || g.Name != w.Name || g.Parent != w.Parent || g.Category != w.Category || g.Row != w.Row {
			t.Errorf("%s: unit %d = %+v, want %+v", what, i, g, w)
		}
	}
}

// TestRosterCSVEncodings: every encoding Excel and WPS save a roster in on Chinese Windows reads with the
// same units, names, parents and row numbers as the UTF-8 file.
func TestRosterCSVEncodings(t *testing.T) {
	t.Parallel()
	want, err := readCSV(t, "名单.csv", []byte(rosterText(",", "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Units) != 4 || want.Units[1].Code != "0101" || want.Units[3].Name != "城关街道办事处, 社区服务中心" {
		t.Fatalf("UTF-8 twin: %+v", want.Units)
	}
	csvText := rosterText(",", "\r\n")
	gbk := encode(t, simplifiedchinese.GBK, csvText)
	if bytes.Equal(gbk, []byte(csvText)) || bytes.HasPrefix(gbk, []byte("\xef\xbb\xbf")) {
		t.Fatal("the GBK file is not GBK")
	}
	cases := map[string][]byte{
		// Excel "CSV (逗号分隔)" and WPS "CSV" on Chinese Windows: GBK, CRLF, no byte order mark.
		"GBK CSV (逗号分隔)":     gbk,
		"CSV UTF-8 with BOM": append([]byte("\xef\xbb\xbf"), csvText...),
		"GB18030 with BOM":   append([]byte("\x84\x31\x95\x33"), encode(t, simplifiedchinese.GB18030, csvText)...),
		// Excel "Unicode 文本": UTF-16 little endian with a mark, tab-separated.
		"Unicode 文本 (UTF-16LE, tabs)": encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), rosterText("\t", "\r\n")),
		"UTF-16BE with BOM":           encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), csvText),
		"UTF-16LE without BOM":        encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), csvText),
	}
	for name, data := range cases {
		got, err := readCSV(t, "名单 "+strings.ReplaceAll(name, " ", "_")+".csv", data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		sameUnits(t, name, got, want)
	}
}

// TestRosterCSVGBKByPython: a GBK roster written by another program (Python's csv module, which ends rows
// with CRLF as Excel does) reads with the same units as its UTF-8 twin.
func TestRosterCSVGBKByPython(t *testing.T) {
	t.Parallel()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	dir := t.TempDir()
	var script strings.Builder
	script.WriteString("import csv, sys\nrows = [\n")
	for _, r := range rosterRows {
		script.WriteString("  [")
		for _, f := range r {
			script.WriteString("'" + f + "', ")
		}
		script.WriteString("],\n")
	}
	script.WriteString("]\nfor enc, name in (('gbk', 'gbk.csv'), ('utf-8', 'utf8.csv')):\n" +
		"  with open(sys.argv[1] + '/' + name, 'w', encoding=enc, newline='') as f:\n    csv.writer(f).writerows(rows)\n")
	if out, err := exec.Command(py, "-c", script.String(), dir).CombinedOutput(); err != nil {
		t.Fatalf("python: %v %s", err, out)
	}
	gbk, _ := os.ReadFile(filepath.Join(dir, "gbk.csv"))
	if !bytes.Contains(gbk, []byte("\r\n")) || bytes.Contains(gbk, []byte("示例")) {
		t.Fatalf("python did not write GBK with CRLF: %q", gbk[:40])
	}
	want, err := ReadRoster(filepath.Join(dir, "utf8.csv"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadRoster(filepath.Join(dir, "gbk.csv"))
	if err != nil {
		t.Fatal(err)
	}
	sameUnits(t, "GBK by Python", got, want)
}

func TestRosterCSVGB18030Only(t *testing.T) {
	t.Parallel()
	// 䶮 (U+4DAE) is outside GBK: a GB18030 file holds it as four bytes.
	text := "单位代码,单位名称,上级单位代码\r\n1,刘䶮纪念馆,\r\n"
	r, err := readCSV(t, "名单.csv", encode(t, simplifiedchinese.GB18030, text))
	if err != nil || len(r.Units) != 1 || r.Units[0].Name != "刘䶮纪念馆" {
		t.Fatalf("%+v %v", r, err)
	}
}

func TestRosterCSVUnreadable(t *testing.T) {
	t.Parallel()
	data := append(encode(t, simplifiedchinese.GBK, "单位代码,单位名称,上级单位代码\r\n1,"), 0xff, 0xff, '\r', '\n')
	_, err := readCSV(t, "坏名单.csv", data)
	if err == nil || err.Error() != "名单 坏名单.csv："+errRosterEncoding.Error() {
		t.Fatalf("err %v", err)
	}
}
