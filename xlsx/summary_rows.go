package xlsx

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// rowWriter writes the data rows of a summary's list sheet straight into the sheet's zip entry while the
// package is saved, byte for byte as excelize's StreamWriter.SetRow writes rows of excelize.Cell values
// (TestRowWriterAgrees compares the two). The stream writer keeps up to 16 MB of every streamed sheet in
// memory until the package is written, and a summary streams six; this writer keeps one row.
//
// Values are what the summary writes: string (an inline string, as excelize writes text), float64, int,
// and nil (a styled empty cell). It notes the extent of the cells it writes, which must be the range the
// sheet declared before it was written (the head of the part, dimension included, is already out).
type rowWriter struct {
	w    *bufio.Writer
	buf  []byte
	cols []string // column letters, by column
	// the extent of the cells written: columns and rows, from and to
	ext [4]int
}

func newRowWriter(w io.Writer) *rowWriter {
	return &rowWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// row writes row r: the cell of column i+1 holds values[i] in style styles[i]; height > 0 sets the row
// height in points.
func (rw *rowWriter) row(r int, values []any, styles []int, height float64) error {
	if height > excelize.MaxRowHeight {
		return excelize.ErrMaxRowHeight
	}
	b := append(rw.buf[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(r), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for i, v := range values {
		col := i + 1
		b = append(b, `<c r="`...)
		for len(rw.cols) < col {
			rw.cols = append(rw.cols, model.ColName(len(rw.cols)+1))
		}
		b = append(b, rw.cols[i]...)
		b = strconv.AppendInt(b, int64(r), 10)
		b = append(b, '"')
		if s := styles[i]; s != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(s), 10)
			b = append(b, '"')
		}
		switch x := v.(type) {
		case nil:
			b = append(b, `>`...)
		case string:
			b = appendInlineStr(b, x)
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				b = appendInlineStr(b, fmt.Sprint(x))
				break
			}
			b = append(b, `><v>`...)
			b = append(b, formatFloat(x)...)
			b = append(b, `</v>`...)
		case int:
			b = append(b, `><v>`...)
			b = strconv.AppendInt(b, int64(x), 10)
			b = append(b, `</v>`...)
		default:
			return fmt.Errorf("xlsx: row %d: a value of type %T", r, v)
		}
		b = append(b, `</c>`...)
		if rw.ext[0] == 0 {
			rw.ext = [4]int{1, r, col, r}
		}
		rw.ext[1], rw.ext[2], rw.ext[3] = min(rw.ext[1], r), max(rw.ext[2], col), max(rw.ext[3], r)
	}
	b = append(b, `</row>`...)
	rw.buf = b
	_, err := rw.w.Write(b)
	return err
}

func (rw *rowWriter) flush() error { return rw.w.Flush() }

// appendInlineStr appends the rest of a cell start tag and the inline string of text, as excelize's
// setInlineStr and writeCell make it: text cut to 32767 UTF-16 units, xml:space="preserve" when it
// starts or ends with white space, XML-escaped with newlines kept, then escaped for _xHHHH_ literals.
func appendInlineStr(b []byte, text string) []byte {
	b = append(b, ` t="inlineStr"><is><t`...)
	if utf16Len(text) > excelize.TotalCellChars {
		text = truncateUTF16(text, excelize.TotalCellChars)
	}
	if text != "" {
		first, last := text[0], text[len(text)-1]
		if isXMLSpace(first) || isXMLSpace(last) {
			b = append(b, ` xml:space="preserve"`...)
		}
	}
	b = append(b, '>')
	if literalText(text) {
		b = append(b, text...)
	} else {
		var sb strings.Builder
		_ = xml.EscapeText(&sb, []byte(text))
		b = append(b, bstrMarshal(strings.ReplaceAll(sb.String(), "&#xA;", "\n"))...)
	}
	return append(b, `</t></is>`...)
}

func isXMLSpace(c byte) bool { return c == 9 || c == 10 || c == 13 || c == 32 }

// literalText reports whether text needs neither XML escaping nor _xHHHH_ escaping: no markup characters,
// no control characters, no "_x", and valid UTF-8 without U+FFFE/U+FFFF (which xml.EscapeText replaces).
func literalText(text string) bool {
	for i, r := range text {
		switch {
		case r == '&' || r == '<' || r == '>' || r == '"' || r == '\'' || r < 0x20 || r == 0x7F:
			return false
		case r == '_' && i+1 < len(text) && text[i+1] == 'x':
			return false
		case r >= 0x80 && (r == 0xFFFD || r == 0xFFFE || r == 0xFFFF || r > 0x10FFFF || (0xD800 <= r && r <= 0xDFFF)):
			return false
		}
	}
	return true
}

// formatFloat is excelize's formatCellFloat(value, -1, 64): the shortest decimal, cut to Excel's 15
// significant digits.
func formatFloat(value float64) string {
	str := strconv.FormatFloat(value, 'f', -1, 64)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

// utf16Len is the length of s in UTF-16 units; a rune never takes more of them than it takes bytes, so a
// short string needs no counting.
func utf16Len(s string) int {
	if len(s) <= excelize.TotalCellChars {
		return len(s)
	}
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func truncateUTF16(s string, length int) string {
	var cnt int
	for i, r := range s {
		if cnt += utf16.RuneLen(r); cnt > length {
			return s[:i]
		}
	}
	return s
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal is excelize's (lib.go, BSD-3-Clause) escaping of literal _xHHHH_ sequences, which readers
// would otherwise decode as characters; copied as it is so that the rows come out as excelize writes them,
// quirks included (a literal _xD800_, not a character, is dropped).
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
