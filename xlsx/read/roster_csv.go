package read

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// maxRosterCSV is the largest CSV roster read (a province's roster is well under 1 MB).
const maxRosterCSV = 64 << 20

// errRosterEncoding is the error of a CSV roster in an encoding none of the decoders reads.
var errRosterEncoding = errors.New("名单文件的文字编码无法识别：请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”，或直接使用 .xlsx 名单")

// rosterCSV reads a CSV roster as Excel and WPS save one on Chinese Windows and returns it as UTF-8 CSV:
// "CSV (逗号分隔)" is GBK (GB18030 is its superset) without a byte order mark, "CSV UTF-8" has a UTF-8 mark,
// "Unicode 文本" is UTF-16 with a mark and tab-separated; a GB18030 mark is read too. Text without a mark
// is UTF-16 when it has zero bytes at only odd or only even positions, UTF-8 when it is valid UTF-8, else
// GB18030.
func rosterCSV(in io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(in, maxRosterCSV))
	if err != nil {
		return nil, err
	}
	var dec *encoding.Decoder
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		dec = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(data, []byte("\x84\x31\x95\x33")):
		data, dec = data[4:], simplifiedchinese.GB18030.NewDecoder()
	case utf16Zeros(data, 1):
		dec = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case utf16Zeros(data, 0):
		dec = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	case utf8.Valid(data):
	default:
		dec = simplifiedchinese.GB18030.NewDecoder()
	}
	if dec != nil {
		if data, err = dec.Bytes(data); err != nil {
			return nil, errRosterEncoding
		}
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	if !utf8.Valid(data) || bytes.ContainsRune(data, utf8.RuneError) {
		return nil, errRosterEncoding
	}
	return commaSeparated(data), nil
}

// utf16Zeros reports whether data looks like UTF-16 without a mark: text files in other encodings have no
// zero bytes, while in UTF-16 every ASCII character (digits, commas, line ends) has one, at odd positions
// for little endian (odd = 1) and even ones for big endian.
func utf16Zeros(data []byte, odd int) bool {
	if len(data) < 4 || len(data)%2 != 0 {
		return false
	}
	var here, there int
	for i, b := range data {
		if b == 0 {
			if i%2 == odd {
				here++
			} else {
				there++
			}
		}
	}
	return here > 0 && there == 0
}

// commaSeparated turns a tab-separated table (Excel's and WPS's "Unicode 文本", "文本文件(制表符分隔)")
// into CSV; CSV is returned as it is. The table is tab-separated when its first line has a tab and no comma.
func commaSeparated(data []byte) []byte {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.Contains(first, []byte("\t")) || bytes.Contains(first, []byte(",")) {
		return data
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = '\t', -1, true
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for {
		rec, err := r.Read()
		if err != nil {
			if err == io.EOF {
				break
			}
			return data
		}
		w.Write(rec)
	}
	w.Flush()
	return out.Bytes()
}
