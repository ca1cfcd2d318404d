package read

import (
	"bytes"
	"unicode/utf8"
)

// Kind is what a file actually is, judged by its content, never by its extension.
type Kind int

// The kinds of file content Sniff tells apart.
const (
	Unknown   Kind = iota // none of the below
	Empty                 // zero bytes
	XLSX                  // Office Open XML workbook (.xlsx, .xlsm)
	Encrypted             // password-protected OOXML: CFB with EncryptionInfo
	XLS                   // legacy BIFF workbook in a CFB container (.xls)
	ET                    // WPS spreadsheet (.et): a BIFF workbook under WPS's extension
	ODS                   // OpenDocument spreadsheet
	XLSB                  // Excel binary workbook: a zip with xl/workbook.bin
	XMLSS                 // Excel 2003 XML spreadsheet, often saved as .xls
	HTML                  // a web page, often saved as .xls by OA systems
	CSV                   // comma- or tab-separated text
	Text                  // other plain text
	XML                   // other XML
	PDF                   // PDF document
	DOCX                  // Word document (.docx, .doc, .rtf, .odt)
	PPTX                  // PowerPoint presentation (.pptx, .ppt)
	OLE                   // another CFB compound document
	Zip                   // a zip archive that is not an office document
	Archive               // rar, 7z, gzip
	Image                 // PNG, JPEG, GIF, BMP, TIFF, WebP
)

var kindNames = [...]string{
	Unknown:   "无法识别的文件",
	Empty:     "空文件",
	XLSX:      "Excel 工作簿（xlsx）",
	Encrypted: "加密的 Excel 工作簿",
	XLS:       "Excel 97-2003 工作簿（xls）",
	ET:        "WPS 表格文件（et）",
	ODS:       "OpenDocument 电子表格（ods）",
	XLSB:      "Excel 二进制工作簿（xlsb）",
	XMLSS:     "Excel 2003 XML 表格",
	HTML:      "网页（HTML）文件",
	CSV:       "CSV 文本文件",
	Text:      "纯文本文件",
	XML:       "XML 文件",
	PDF:       "PDF 文件",
	DOCX:      "Word 文档",
	PPTX:      "PowerPoint 演示文稿",
	OLE:       "Office 97-2003 复合文档（不是工作簿）",
	Zip:       "ZIP 压缩包",
	Archive:   "压缩包（rar/7z/gz）",
	Image:     "图片",
}

// String returns the Chinese name of the kind, e.g. "PDF 文件".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return kindNames[Unknown]
	}
	return kindNames[k]
}

// Workbook reports whether the kind holds a spreadsheet this package can read, directly or after conversion.
func (k Kind) Workbook() bool {
	switch k {
	case XLSX, XLS, ET, ODS, XLSB, XMLSS, HTML:
		return true
	}
	return false
}

// Verdict is the clerk's sentence for a file of this kind that is not read as a workbook, e.g.
// "这是 PDF 文件，不是 Excel 工作簿".
func (k Kind) Verdict() string {
	if k < 0 || int(k) >= len(kindNames) {
		k = Unknown
	}
	switch k {
	case Empty:
		return "这是空文件（0 字节），不是 Excel 工作簿"
	case Encrypted:
		return "文件已加密，请去除密码后重新提交"
	case Unknown:
		return "无法识别文件内容，不是 Excel 工作簿，请用 Excel 或 WPS 另存为 .xlsx 后重新提交"
	case CSV, Text:
		return k.this() + "，不是 Excel 工作簿，请用 Excel 或 WPS 另存为 .xlsx 后重新提交"
	}
	if k.Workbook() {
		return k.this()
	}
	return k.this() + "，不是 Excel 工作簿"
}

// this returns "这是 <name>", with a space before a Latin name ("这是 PDF 文件", "这是网页（HTML）文件").
func (k Kind) this() string {
	if n := k.String(); n[0] < utf8.RuneSelf {
		return "这是 " + n
	}
	return "这是" + k.String()
}

// Magic numbers.
var (
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicCFB      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	odsMimetype   = []byte("mimetypeapplication/vnd.oasis.opendocument.spreadsheet")
	odfMimetype   = []byte("mimetypeapplication/vnd.oasis.opendocument.")
)

// SniffHead is how many leading bytes Sniff needs to judge a file.
const SniffHead = 8 << 10

// Sniff judges a file by its first bytes (head, SniffHead of them suffice) and its size. For zip and CFB
// containers the head shows only the first entries, so Sniff answers from what it sees (a zip naming xl/
// parts is XLSX, a CFB container is XLS unless its head shows EncryptionInfo); SniffFile reads the
// container's directory to be sure.
func Sniff(head []byte, size int64) Kind {
	if size == 0 || len(head) == 0 {
		return Empty
	}
	switch {
	case bytes.HasPrefix(head, magicZip) || bytes.HasPrefix(head, magicZipEmpty):
		return sniffZipHead(head)
	case bytes.HasPrefix(head, magicCFB):
		if k := cfbKind(head); k != OLE {
			return k
		}
		return XLS
	case bytes.HasPrefix(head, []byte("%PDF")):
		return PDF
	case bytes.HasPrefix(head, []byte("{\\rtf")):
		return DOCX
	case isImage(head):
		return Image
	case bytes.HasPrefix(head, []byte("Rar!\x1a\x07")), bytes.HasPrefix(head, []byte("7z\xbc\xaf\x27\x1c")),
		bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return Archive
	}
	return sniffText(head)
}

// sniffZipHead classifies a zip by the entry names visible in its head.
func sniffZipHead(head []byte) Kind {
	switch {
	case bytes.Contains(head, odsMimetype):
		return ODS
	case bytes.Contains(head, odfMimetype):
		return DOCX
	case bytes.Contains(head, []byte("xl/workbook.bin")):
		return XLSB
	case bytes.Contains(head, []byte("word/")):
		return DOCX
	case bytes.Contains(head, []byte("ppt/")):
		return PPTX
	case bytes.Contains(head, []byte("xl/")), bytes.Contains(head, []byte("[Content_Types].xml")):
		return XLSX
	}
	return Zip
}

// isImage recognises the common image formats.
func isImage(h []byte) bool {
	return bytes.HasPrefix(h, []byte("\x89PNG\r\n\x1a\n")) || bytes.HasPrefix(h, []byte{0xFF, 0xD8, 0xFF}) ||
		bytes.HasPrefix(h, []byte("GIF87a")) || bytes.HasPrefix(h, []byte("GIF89a")) ||
		bytes.HasPrefix(h, []byte("BM")) && len(h) > 14 && h[6] == 0 && h[7] == 0 ||
		bytes.HasPrefix(h, []byte("II*\x00")) || bytes.HasPrefix(h, []byte("MM\x00*")) ||
		len(h) >= 12 && bytes.Equal(h[:4], []byte("RIFF")) && bytes.Equal(h[8:12], []byte("WEBP"))
}

// sniffText classifies text: web pages, XML spreadsheets, other XML, CSV, plain text; Unknown for binary.
func sniffText(head []byte) Kind {
	h := textHead(head)
	if h == nil {
		return Unknown
	}
	l := bytes.ToLower(bytes.TrimSpace(h))
	switch {
	case bytes.Contains(l, []byte("urn:schemas-microsoft-com:office:spreadsheet")) &&
		!bytes.Contains(l, []byte("<html")) || bytes.Contains(l, []byte(`progid="excel.sheet"`)):
		return XMLSS
	case bytes.HasPrefix(l, []byte("<!doctype html")), bytes.Contains(l, []byte("<html")),
		bytes.Contains(l, []byte("<table")), bytes.HasPrefix(l, []byte("<meta")):
		return HTML
	case bytes.HasPrefix(l, []byte("<?xml")), bytes.HasPrefix(l, []byte("<")) && bytes.Contains(l, []byte("xmlns")):
		return XML
	}
	if looksSeparated(l) {
		return CSV
	}
	return Text
}

// textHead returns the head as UTF-8-ish text without BOM (UTF-16 is narrowed to its ASCII bytes, enough to
// see markup), or nil when the bytes are binary.
func textHead(head []byte) []byte {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		head = head[3:]
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		var out []byte
		for i := 2; i+1 < len(head); i += 2 {
			lo, hi := head[i], head[i+1]
			if head[0] == 0xFE {
				lo, hi = hi, lo
			}
			if hi == 0 {
				out = append(out, lo)
			} else {
				out = append(out, '?')
			}
		}
		return out
	}
	bad := 0
	for i := 0; i < len(head); {
		r, n := utf8.DecodeRune(head[i:])
		if r == 0 || r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			return nil
		}
		if r == utf8.RuneError && n == 1 {
			bad++ // GBK text is not UTF-8 but is still text
		}
		i += n
	}
	if bad > len(head)/2+8 {
		return nil
	}
	return head
}

// looksSeparated reports whether most of the first lines hold commas or tabs.
func looksSeparated(l []byte) bool {
	lines := bytes.Split(l, []byte("\n"))
	if len(lines) > 20 {
		lines = lines[:20]
	}
	n, sep := 0, 0
	for _, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		n++
		if bytes.ContainsAny(line, ",\t") || bytes.Contains(line, []byte("，")) {
			sep++
		}
	}
	return n > 0 && sep*2 >= n
}
