package read

import (
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Web pages saved as .xls by OA systems, in the encodings they come in.
func TestOpenHTML(t *testing.T) {
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(s string) []byte {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const table = `<table><tr><td>自然人</td><td>法人或其他组织</td></tr><tr><td>5</td><td>１２</td></tr></table>`
	want := [][]string{{"自然人", "法人或其他组织"}, {"5", "１２"}} // full-width digits are kept for the reader to report
	tests := []struct {
		name string
		data []byte
		want map[string][][]string
	}{
		{"gbk with meta", gbk(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>` + table),
			map[string][][]string{"表格1": want}},
		{"gbk without declaration", gbk(`<html><body>` + table + `</body></html>`), map[string][][]string{"表格1": want}},
		{"utf-16 with bom", utf16(`<html><body>` + table + `</body></html>`), map[string][][]string{"表格1": want}},
		{"nested tables in page order", []byte(`<table><tr><td>外层</td><td><table><tr><td>内层</td></tr></table></td></tr>` +
			`<tr><td>外层2</td></tr></table><table><tr><td>第三个</td></tr></table>`),
			map[string][][]string{"表格1": {{"外层"}, {"外层2"}}, "表格2": {{"内层"}}, "表格3": {{"第三个"}}}},
		{"unclosed cells and rows", []byte(`<table><tr><td>a<td>b<tr><td>c</table>`),
			map[string][][]string{"表格1": {{"a", "b"}, {"c"}}}},
		{"rowspan and colspan", []byte(`<table><tr><td rowspan="2" colspan="2">项目</td><td>x</td></tr><tr><td>y</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>`),
			map[string][][]string{"表格1": {{"项目", "", "x"}, {"", "", "y"}, {"1", "2", "3"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTemp(t, "export.xls", tc.data)
			wb, err := Open(p, Limits{})
			if err != nil {
				t.Fatalf("Open: %v (%s)", err, Message(err))
			}
			if wb.Kind != HTML || len(wb.Grids) != len(tc.want) {
				t.Fatalf("kind %v with grids %v, want HTML with %d", wb.Kind, gridNames(wb), len(tc.want))
			}
			for name, rows := range tc.want {
				wantGrid(t, wb, name, rows)
			}
		})
	}
}
