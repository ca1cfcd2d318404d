// Package pdf reads a PDF file's text with the position of every character, and builds the grids of its
// ruled tables from those positions, for package extract.
//
// Objects, streams and decryption come from github.com/ledongthuc/pdf (a maintained fork of rsc.io/pdf); the
// content streams are interpreted here, because that library positions characters by the Widths of
// simple fonts only — the CID fonts WPS 文字, Word, LibreOffice and Chromium write (Identity-H with a
// ToUnicode map, W arrays) and Chromium's Type 3 fonts (FontMatrix) come out at wrong places — and knows
// no GBK CMaps. A table is read from its ruling lines: the x positions of the vertical lines give the
// columns, the y positions of the horizontal ones the rows, a missing stretch of line a merged cell; each
// character goes to the cell its centre lies in. So a blank cell is blank and "21 0 0" in three cells
// stays three numbers — nothing is inferred from spacing. Text outside tables becomes lines.
//
// A scan (pages that are only images), an encrypted file that needs a password, a file whose fonts carry
// no text, and a damaged or hostile file each get their own error, in Chinese; limits bound the pages,
// the decompressed bytes, the operators, the characters and the time one file may take.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"nianbao/extract/pdf/crypt"
	"nianbao/locate"
)

// Doc is the text and the tables of one PDF file.
type Doc struct {
	// Pages is the number of pages read.
	Pages int
	// Lines are the text lines in reading order, page by page, top to bottom, without page numbers and
	// running headers and footers (the same line on most pages). A table appears as one line
	// with its Grid index; the others have Grid -1.
	Lines []Line
	// Grids are the ruled tables, as package locate reads them. A table continued on the next page with the
	// same columns is one grid. Grid.Source gives the page and line of a cell.
	Grids []locate.Grid
}

// Line is one line of text.
type Line struct {
	// Page is the 1-based page number, N the 1-based line number on that page (all lines, tables included).
	Page, N int
	Text    string
	// Columns is the line laid out in character columns (a Chinese character two wide), as "pdftotext
	// -layout" prints it: for tables without ruling lines, which have no grid.
	Columns string
	// Spans are where the characters of Columns really are, in the same units as its columns.
	Spans []Span
	// Grid is the index in Doc.Grids of the table this line stands for, or -1.
	Grid int
}

// Span is one character of a Line's Columns: the display column it is printed at, and its left and right
// edges on the page, in display columns from the page's edge (the same on every page, unlike the layout's
// columns, which start at each page's leftmost character and move characters right of wide text).
type Span struct {
	Col    int
	X0, X1 float64
}

// Where returns how messages name a line: "第2页第14行".
func Where(page, line int) string { return fmt.Sprintf("第%d页第%d行", page, line) }

// The kinds of failure, for errors.Is (an *Error's Kind). The errors Read returns carry a Chinese message
// for the clerk.
var (
	// ErrEncrypted: the file needs a password, or uses an encryption this reader cannot decrypt.
	ErrEncrypted = errors.New("pdf: encrypted")
	// ErrScanned: the pages are images (a scan) without a text layer.
	ErrScanned = errors.New("pdf: pages are images without text")
	// ErrNoText: the pages hold neither text nor images.
	ErrNoText = errors.New("pdf: no text")
	// ErrNoUnicode: most characters come from fonts that say nothing about their text.
	ErrNoUnicode = errors.New("pdf: fonts without text mapping")
	// ErrDamaged: the file's structure cannot be parsed, even after repair.
	ErrDamaged = errors.New("pdf: damaged")
	// ErrLimit: the file exceeds one of Limits.
	ErrLimit = errors.New("pdf: over a limit")
)

// Error is a failure to read a PDF: its kind, a Chinese message, and for developers what the parser said.
type Error struct {
	Kind   error
	Msg    string
	Detail string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

// damaged says in Chinese what is wrong with a file; broken says that it cannot be parsed, keeping the
// parser's English words out of the message.
func damaged(detail string) error {
	return &Error{Kind: ErrDamaged, Msg: "PDF 文件已损坏或结构无法识别（" + detail + "）"}
}
func broken(detail string) error {
	return &Error{Kind: ErrDamaged, Msg: "PDF 文件已损坏或结构无法识别，无法读取：请用原文档重新导出 PDF，或提供网页、Word 版本", Detail: detail}
}
func limited(detail string) error {
	return &Error{Kind: ErrLimit, Msg: "PDF 文件超出读取上限（" + detail + "），不像是一份年度报告"}
}
func encrypted(detail string) error {
	return &Error{Kind: ErrEncrypted, Msg: "PDF 文件已加密" + detail}
}
func failure(kind error, m string) error { return &Error{Kind: kind, Msg: m} }

// IsPDF reports whether data is a PDF file: it starts with %PDF- (after at most a few bytes of junk).
func IsPDF(data []byte) bool {
	i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	return i >= 0
}

// Read reads the PDF in data. name is only used in the sources of grid cells. The zero Limits means
// DefaultLimits. Read never panics.
func Read(name string, data []byte, lim Limits) (doc *Doc, err error) {
	if lim == (Limits{}) {
		lim = DefaultLimits()
	}
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, broken(fmt.Sprint(p))
		}
	}()
	if i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-")); i > 0 {
		data = data[i:] // junk before the header; offsets in such files count from the header
	}
	data, err = crypt.Decrypt(data, lim.StreamBytes)
	if err != nil {
		return nil, v5Error(err)
	}
	var rd *reader
	var refs []pageRef
	prepared, err := prepare(data, lim)
	if err == nil {
		rd, refs, err = open(prepared, lim)
	}
	if errors.Is(err, ErrDamaged) {
		// A broken cross-reference table: find the objects by their headers, as other readers do.
		if fixed, ok := repair(data); ok {
			if fixed, perr := prepare(fixed, lim); perr == nil {
				if rd2, refs2, err2 := open(fixed, lim); err2 == nil {
					rd, refs, err = rd2, refs2, nil
				}
			}
		}
	}
	if err != nil {
		return nil, err
	}
	var pages []*page
	var bad error
	for i, p := range refs {
		pg, err := rd.run(p, i+1)
		if errors.Is(err, errLimit) {
			return nil, limited(fmt.Sprintf("第%d页：%v", i+1, err))
		}
		if err != nil && bad == nil {
			bad = fmt.Errorf("第%d页：%v", i+1, err)
		}
		pages = append(pages, pg)
	}
	if err := judge(pages, bad); err != nil {
		return nil, err
	}
	doc = layout(name, pages)
	return doc, nil
}

// aes256 finds the encryption dictionary of AES-256 (V 5, revision 5 or 6), which the library cannot decrypt.
var aes256 = regexp.MustCompile(`/V\s+5\b[^>]*/R\s+[56]\b|/R\s+[56]\b[^>]*/V\s+5\b|/CFM\s*/AESV3`)

// open opens the file and walks its page tree.
func open(data []byte, lim Limits) (*reader, []pageRef, error) {
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, openError(data, err)
	}
	rd := &reader{r: r, lim: lim, fonts: map[string]*font{}, deadline: time.Now().Add(lim.Time)}
	refs, err := rd.pages()
	switch {
	case errors.Is(err, errLimit):
		return nil, nil, limited(err.Error())
	case err != nil:
		return nil, nil, broken(err.Error())
	case len(refs) == 0:
		return nil, nil, damaged("没有页面")
	}
	return rd, refs, nil
}

// openError explains why the library could not open a file.
func openError(data []byte, err error) error {
	msg := err.Error()
	switch {
	case errors.Is(err, lpdf.ErrInvalidPassword):
		return encrypted("，需要打开密码才能读取：请向发布单位索取未加密的版本，或用原文档重新导出 PDF")
	case aes256.Match(data):
		return encrypted("（AES-256），本程序无法解密：请向发布单位索取未加密的版本，或用原文档重新导出 PDF")
	case strings.Contains(msg, "encrypt") || bytes.Contains(data, []byte("/Encrypt")):
		return encrypted("，其加密方式本程序无法解密：请向发布单位索取未加密的版本，或用原文档重新导出 PDF")
	}
	return broken(msg)
}

// v5Error explains why an AES-256 file could not be decrypted.
func v5Error(err error) error {
	switch {
	case errors.Is(err, crypt.ErrUserPassword):
		return encrypted("，需要打开密码才能读取：请向发布单位索取未加密的版本，或用原文档重新导出 PDF")
	case errors.Is(err, crypt.ErrLimit):
		return limited("解密后的内容过大")
	}
	return &Error{Kind: ErrEncrypted, Msg: "PDF 文件已加密（AES-256），但加密数据已损坏，无法解密：请向发布单位索取未加密的版本，或用原文档重新导出 PDF",
		Detail: err.Error()}
}

// judge refuses a file whose pages give no text: a scan, fonts without text, or damage.
func judge(pages []*page, bad error) error {
	glyphs, unknown, images := 0, 0, 0
	for _, p := range pages {
		glyphs += len(p.glyphs)
		unknown += p.unknown
		images += p.images
	}
	switch {
	case glyphs == 0 && bad != nil:
		return broken(bad.Error())
	case glyphs == 0 && images > 0:
		return failure(ErrScanned, fmt.Sprintf("这是扫描或图片形式的 PDF（%d 页，只有图像、没有文字层），"+
			"无法读取其中的文字：请先用文字识别（OCR）转成文字，或对照原件手工录入", len(pages)))
	case glyphs == 0:
		return failure(ErrNoText, fmt.Sprintf("PDF 文件中没有文字（%d 页）", len(pages)))
	case unknown*2 > glyphs:
		return failure(ErrNoUnicode, fmt.Sprintf("PDF 文件的字体没有提供文字编码（%d 个字符中 %d 个无法识别），"+
			"无法可靠读取：请用原文档重新导出 PDF，或提供网页、Word 版本", glyphs, unknown))
	}
	return nil
}
