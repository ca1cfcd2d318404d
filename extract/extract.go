// Package extract reads a published 政府信息公开工作年度报告 — plain text, text extracted from a PDF, an HTML page
// or a Word .docx — into a model.Report, and checks the report's prose against its tables.
//
// The format is detected from the content, not from the file name:
//
//	docx     a zip holding word/document.xml; Word tables (w:gridSpan, w:vMerge) become grids
//	pdf      a PDF file (%PDF-): ruled tables become grids from the positions of characters and lines
//	html     markup with <table>; tables (colspan, rowspan, nested tags, &nbsp;) become grids
//	text     lines with '|' between cells, as scraped copies print them ("规章 | 0 | 0 | 0 |")
//	pdftext  anything else: column-aligned text without separators, read row by row in the official order
//
// Grids go through package locate, like workbooks do. Column-aligned text has no grid: its rows are matched
// to the official rows by label similarity and order, its values to columns by position. Every value keeps
// where it was read (line, or table and cell) in the report's Sources. The unit and year come from the title:
//
//	广元市财政局2020年政府信息公开工作年度报告     → 广元市财政局, 2020
//	市金融发展局编制2021年度政府信息公开工作报告   → 市金融发展局, 2021
//
// Text that is not valid UTF-8 is read as GB18030 (GBK), which many government pages use.
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/checks"
	"nianbao/extract/pdf"
	"nianbao/model"
)

// The formats Bytes recognises, as Result.Format names them.
const (
	FormatText    = "text"
	FormatPDFText = "pdftext"
	FormatHTML    = "html"
	FormatDocx    = "docx"
	FormatPDF     = "pdf"
)

// MaxSize bounds the input: no annual report comes near it, and it caps what a hostile file can make us hold.
const MaxSize = 32 << 20

// ErrTooLarge is returned for an input above MaxSize.
var ErrTooLarge = errors.New("extract: input too large")

// MaxCells bounds the table cells of one input, and MaxElements the elements of a web page: what a parse
// tree costs grows with them, not with the file size (a 30 MB page of 3 million empty cells would take
// gigabytes). No annual report has more than a few thousand.
const (
	MaxCells    = 200000
	MaxElements = 1000000
)

// ErrTooManyCells is returned for an input with more than MaxCells cells or MaxElements elements.
var ErrTooManyCells = errors.New("extract: too many cells")

// Result is what was read from one published report.
type Result struct {
	// Report holds the unit, year, table versions, values and their sources. Tables not found are missing
	// from Report.Tables.
	Report *model.Report
	// Findings are what reading noticed (conversions, blanks, unreadable cells, tables not found) and the
	// checks of the prose against the tables (P-1, P-2, P-3). The identities of the tables are not in it:
	// Audit adds them.
	Findings []checks.Finding
	// Format is "text", "pdftext", "html", "docx" or "pdf".
	Format string
}

// Audit returns the findings of reading related to those of the rules by checks.Analyze (prev, last
// year's report of the same unit, may be nil): everything to tell about one published report.
func (res *Result) Audit(prev *model.Report) []checks.Finding {
	return checks.Analyze(res.Report, prev, append([]checks.Finding(nil), res.Findings...))
}

// File reads the published report at path. The file is only read.
func File(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	if st.Size() > MaxSize {
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrTooLarge, path, st.Size())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	return Bytes(filepath.Base(path), data)
}

// Bytes reads a published report from its content; name is the file name shown in sources and findings.
func Bytes(name string, data []byte) (res *Result, err error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w: %s is %d bytes", ErrTooLarge, name, len(data))
	}
	defer func() { // a hostile input must never take the caller down
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("extract: %s: internal error: %v", name, p)
		}
	}()
	if err := countCells(name, data); err != nil {
		return nil, err
	}
	var doc *document
	switch {
	case isZip(data):
		doc, err = readDocx(name, data)
	case pdf.IsPDF(data):
		doc, err = readPDF(name, data)
	case isHTML(data):
		doc, err = readHTML(name, data)
	default:
		text := decode(data)
		switch {
		case isPipeText(text):
			return pipeResult(name, text), nil
		case isBrowserCopy(text):
			doc = readPDFText(name, text)
			doc.lines, doc.format = joinTabCells(doc.lines), FormatText
		case isCellLines(text):
			doc = readPDFText(name, text)
			doc.lines, doc.format = joinCellLines(doc.lines), FormatText
			doc.cellLines = true
		default:
			doc = readPDFText(name, text)
		}
	}
	if err != nil {
		return nil, err
	}
	return doc.result(), nil
}

// pipeResult reads text with '|' tables: as grids when they hold every table (scraped copies print whole
// tables), else also row by row like PDF text (Markdown from converters cuts tables into pieces with generic
// headers, which no grid reading can join), keeping the reading that finds more tables.
func pipeResult(name, text string) *Result {
	res := readPipeText(name, text).result()
	if len(res.Report.Tables) == len(tableIDs) {
		return res
	}
	doc := readPDFText(name, text)
	doc.lines, doc.format = markdownLines(doc.lines), FormatText
	if alt := doc.result(); len(alt.Report.Tables) > len(res.Report.Tables) {
		return alt
	}
	return res
}

// decode returns data as UTF-8 text: as it is when valid, else read as GB18030. A byte order mark is dropped.
func decode(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD")))
	}
	return string(out)
}

func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// isHTML looks for markup near the start: a page saved from a browser or a CMS fragment with a table.
func isHTML(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 4096)])
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<")) {
		return containsFold(data, "<table")
	}
	return true
}

// containsFold reports whether data contains w, an ASCII string starting with a non-letter, in any case,
// without a lowered copy of data (which may be a PDF of megabytes).
func containsFold(data []byte, w string) bool {
	for i := 0; i < len(data); i++ {
		j := bytes.IndexByte(data[i:], w[0])
		if j < 0 {
			return false
		}
		i += j
		if len(data)-i >= len(w) && bytes.EqualFold(data[i:i+len(w)], []byte(w)) {
			return true
		}
	}
	return false
}
