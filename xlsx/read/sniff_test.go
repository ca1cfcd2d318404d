package read

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head string
		want Kind
	}{
		{"empty", "", Empty},
		{"pdf", "%PDF-1.7\n", PDF},
		{"png", "\x89PNG\r\n\x1a\n\x00\x00", Image},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF", Image},
		{"gif", "GIF89a\x01\x00", Image},
		{"rtf", `{\rtf1\ansi 年报}`, DOCX},
		{"rar", "Rar!\x1a\x07\x00", Archive},
		{"gzip", "\x1f\x8b\x08\x00", Archive},
		{"zip xlsx", "PK\x03\x04\x14\x00\x00\x00\x08\x00....[Content_Types].xml", XLSX},
		{"zip xlsb", "PK\x03\x04....xl/workbook.bin", XLSB},
		{"zip docx", "PK\x03\x04....word/document.xml", DOCX},
		{"zip ods", "PK\x03\x04\x0a\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.spreadsheet", ODS},
		{"zip odt", "PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text", DOCX},
		{"zip other", "PK\x03\x04....photos/a.jpg", Zip},
		{"cfb", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", XLS},
		{"html", "<!DOCTYPE html><html><body><table>", HTML},
		{"html with bom", "\xef\xbb\xbf  <html>", HTML},
		{"bare table", "<table><tr><td>1</td></tr></table>", HTML},
		{"utf16 html", "\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", HTML},
		{"excel web page", `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><table>`, HTML},
		{"xml spreadsheet", `<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook>`, XMLSS},
		{"other xml", `<?xml version="1.0"?><root/>`, XML},
		{"csv", "单位,数量\n甲,1\n乙,2\n", CSV},
		{"tsv", "单位\t数量\n甲\t1\n", CSV},
		{"gbk csv", "\xb5\xa5\xce\xbb,\xca\xfd\xc1\xbf\n", CSV},
		{"text", "2024年政府信息公开工作年度报告\n一、总体情况\n", Text},
		{"binary", "\x00\x01\x02\x03garbage", Unknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff([]byte(tc.head), int64(len(tc.head))); got != tc.want {
				t.Errorf("Sniff = %v, want %v", got, tc.want)
			}
		})
	}
}

// SniffFile reads container directories: the corpus files are what their content says, whatever their names.
func TestSniffFile(t *testing.T) {
	want := map[string]Kind{
		"good.xlsx": XLSX, "encrypted.xlsx": Encrypted, "legacy.xls": XLS, "legacy.et": ET, "book.ods": ODS,
		"fake.xlsb": XLSB, "oa-export.xls": HTML, "xmlss.xls": XMLSS, "csv-renamed.xlsx": CSV, "report.pdf": PDF,
		"letter.docx": DOCX, "picture.png": Image, "empty.xlsx": Empty, "random.xlsx": Unknown,
		"no-workbook.xlsx": XLSX, "notable.xls": HTML,
	}
	for name, k := range want {
		t.Run(name, func(t *testing.T) {
			got, err := SniffFile(filepath.Join(badDir, name), Limits{})
			if err != nil || got != k {
				t.Errorf("SniffFile = %v, %v; want %v", got, err, k)
			}
		})
	}
	// The same bytes under another name are the same kind: .xls content renamed .xlsx is still XLS.
	data, err := os.ReadFile(filepath.Join(badDir, "legacy.xls"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := SniffFile(writeTemp(t, "renamed.xlsx", data), Limits{}); got != XLS {
		t.Errorf("legacy.xls renamed .xlsx sniffed as %v", got)
	}
}

func TestKindVerdict(t *testing.T) {
	tests := map[Kind]string{
		PDF:       "这是 PDF 文件，不是 Excel 工作簿",
		Image:     "这是图片，不是 Excel 工作簿",
		Encrypted: "文件已加密，请去除密码后重新提交",
		CSV:       "这是 CSV 文本文件，不是 Excel 工作簿，请用 Excel 或 WPS 另存为 .xlsx 后重新提交",
		XLS:       "这是 Excel 97-2003 工作簿（xls）",
		Kind(99):  "无法识别文件内容，不是 Excel 工作簿，请用 Excel 或 WPS 另存为 .xlsx 后重新提交",
	}
	for k, want := range tests {
		if got := k.Verdict(); got != want {
			t.Errorf("%d.Verdict() = %q, want %q", k, got, want)
		}
	}
}
