package extract

import (
	"context"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"

	"nianbao/xlsx/read"
)

// TestHTMLCharset: a published page is decoded by the same rule as a page saved as .xls — its BOM, then
// its <meta charset>, then UTF-8 when valid, else GB18030 — and both readers find the same table text.
func TestHTMLCharset(t *testing.T) {
	t.Parallel()
	page := func(meta, cell string) string {
		return "<html><head>" + meta + "</head><body><p>年度報告</p><table><tr><td>" + cell +
			"</td><td>12</td></tr></table></body></html>"
	}
	enc := func(e encoding.Encoding, s string) []byte {
		b, err := e.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
	for _, tc := range []struct {
		name, cell string
		data       []byte
	}{
		{"utf16-bom", "收到申请数", enc(utf16, page("", "收到申请数"))},
		{"big5-meta", "收到申請數", enc(traditionalchinese.Big5, page(`<meta charset="big5">`, "收到申請數"))},
		{"gbk-undeclared", "收到申请数", enc(simplifiedchinese.GBK, page("", "收到申请数"))},
		{"utf8", "收到申请数", []byte(page(`<meta http-equiv="Content-Type" content="text/html; charset=utf-8">`, "收到申请数"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := readHTML(tc.name+".html", tc.data)
			if err != nil || len(d.grids) != 1 || len(d.grids[0].Rows) != 1 {
				t.Fatalf("extract: %v, %+v", err, d)
			}
			if got := d.grids[0].Rows[0][0].Text; got != tc.cell {
				t.Errorf("extract read %q, want %q", got, tc.cell)
			}
			wb, err := read.OpenBytes(context.Background(), tc.name+".xls", tc.data, read.Limits{})
			if err != nil || len(wb.Grids) != 1 {
				t.Fatalf("read: %v", err)
			}
			if got := wb.Grids[0].Rows[0][0].Text; got != tc.cell {
				t.Errorf("read.OpenBytes read %q, want %q (the same as extract)", got, tc.cell)
			}
		})
	}
}
