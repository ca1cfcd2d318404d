// Package ods reads the values and layout of OpenDocument spreadsheets (.ods) from untrusted bytes into
// book.Sheets whose cells hold the texts the .xlsx reader gives for LibreOffice's .xlsx conversion of the
// same file. content.xml is scanned once (scan.go); repeated rows and cells (table:number-*-repeated) that hold
// something are stored and so count against the cell limit, empty ones only move the position, so a file
// that repeats a cell a billion times is refused within the limits or costs nothing.
package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"nianbao/xlsx/read/book"
)

// LimitXMLSize is the Chinese name of the limit on content.xml, the same as the .xlsx reader's.
const LimitXMLSize = "解压后大小"

// Read reads the spreadsheet in data (a whole .ods file) within lim.
func Read(data []byte, lim book.Limits) (*book.Book, error) {
	xmlData, err := contentXML(data, lim)
	if err != nil {
		return nil, err
	}
	return readXML(lim, newScanner(xmlData))
}

// readXML reads content.xml through t, its tokens, and gives damaged XML its verdict.
func readXML(lim book.Limits, t tokens) (*book.Book, error) {
	b, err := readContent(t, lim)
	if err != nil {
		if _, ok := err.(*book.Error); !ok {
			return nil, book.Corrupt("", "", "表格内容不是有效的 XML", err)
		}
		return nil, err
	}
	return b, nil
}

// contentXML returns the uncompressed content.xml of the .ods in data, within the size limit; an encrypted
// package is refused.
func contentXML(data []byte, lim book.Limits) ([]byte, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, book.Corrupt("", "", "压缩包结构无效", err)
	}
	var content *zip.File
	for _, f := range z.File {
		switch f.Name {
		case "content.xml":
			content = f
		case "META-INF/manifest.xml":
			if encrypted(f) {
				return nil, &book.Error{Kind: book.KindEncrypted, Msg: "文件已加密，请去除密码后重新提交",
					Err: errors.New("ods: manifest lists encryption data")}
			}
		}
	}
	if content == nil {
		return nil, book.Corrupt("", "", "缺少表格内容（content.xml）", errors.New("ods: no content.xml"))
	}
	// The scanner keeps positions as int32 (scan.go): content.xml is read up to 2 GiB whatever the limit.
	lim.MaxXMLSize = min(lim.MaxXMLSize, math.MaxInt32)
	if content.UncompressedSize64 > uint64(lim.MaxXMLSize) {
		return nil, tooBig(lim)
	}
	rc, err := content.Open()
	if err != nil {
		return nil, book.Corrupt("", "", "无法解压表格内容", err)
	}
	defer rc.Close()
	// The declared size is not trusted: reading stops one byte past the limit. It sizes the buffer only
	// up to 16 MB, so that a false declaration costs no more than that before the data runs out.
	lr := &limitReader{r: rc, n: lim.MaxXMLSize}
	buf := bytes.NewBuffer(make([]byte, 0, min(content.UncompressedSize64, 16<<20)+bytes.MinRead))
	_, err = buf.ReadFrom(lr)
	if lr.over {
		return nil, tooBig(lim)
	}
	if err != nil {
		return nil, book.Corrupt("", "", "无法解压表格内容", err)
	}
	return buf.Bytes(), nil
}

func tooBig(lim book.Limits) *book.Error {
	return book.TooLarge("", LimitXMLSize, fmt.Sprintf("%d MB", lim.MaxXMLSize>>20))
}

// limitReader reads at most n bytes and notes when the data goes on past them.
type limitReader struct {
	r    io.Reader
	n    int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		if k, _ := l.r.Read(one[:]); k > 0 {
			l.over = true
			return 0, errors.New("ods: content.xml larger than its limit")
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	k, err := l.r.Read(p)
	l.n -= int64(k)
	return k, err
}

// attrInt reads a positive count attribute such as table:number-columns-repeated; 1 when absent or bad.
func attrInt(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// encrypted reports whether the manifest (read up to 1 MB) lists encryption data, as for a password-protected
// document.
func encrypted(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
	return bytes.Contains(b, []byte("encryption-data"))
}
