package htmlgrid

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// decode returns a web page as UTF-8: by its BOM, else by its <meta charset> (or http-equiv
// Content-Type), else as UTF-8 when valid, else as GB18030 (Chinese pages saved by older systems without a
// declaration). A declared UTF-8 or windows-1252 (the web's default) that the bytes contradict falls back
// to GB18030 too: OA systems often write a declaration that their GBK pages do not follow.
func decode(data []byte) io.Reader {
	var enc encoding.Encoding
	e, name, certain := charset.DetermineEncoding(data, "") // certain only for a BOM
	switch {
	case certain, name != "utf-8" && name != "windows-1252": // a BOM, or a declared charset
		enc = e
	case utf8.Valid(data):
		enc = unicode.UTF8
	default:
		enc = simplifiedchinese.GB18030
	}
	return enc.NewDecoder().Reader(bytes.NewReader(data))
}
