package book

import "fmt"

// Kind classifies an Error.
type Kind int

// The kinds of Error.
const (
	// Corrupt: the file claims to be a workbook of the format but is damaged.
	KindCorrupt Kind = iota
	// KindEncrypted: the workbook is password-protected (BIFF FILEPASS).
	KindEncrypted
	// TooLarge: a limit was exceeded; Error.Limit names it.
	KindTooLarge
	// KindUnsupported: a valid file in a version the reader does not read (BIFF5 and older, BIFF8 without a
	// Workbook stream); LibreOffice may read it.
	KindUnsupported
)

// The Chinese names of the limits, as Error.Limit; the same words as the .xlsx reader's.
const (
	LimitSheets    = "工作表数"
	LimitRows      = "行数"
	LimitCells     = "单元格数"
	LimitStrings   = "共享字符串数"
	LimitStringLen = "单元格文字长度"
)

// Error says why a legacy workbook could not be read, where, and in a Chinese sentence for the clerk.
type Error struct {
	Kind Kind
	// Sheet and Cell locate the problem, when known.
	Sheet, Cell string
	// Limit is the Chinese name of the exceeded limit for KindTooLarge.
	Limit string
	// Msg is the Chinese sentence for the clerk, without the file name.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

// Error returns the Go error string.
func (e *Error) Error() string {
	s := fmt.Sprintf("legacy workbook: %s", e.Msg)
	if e.Sheet != "" {
		s += " (sheet " + e.Sheet
		if e.Cell != "" {
			s += " cell " + e.Cell
		}
		s += ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Corrupt is the error of a damaged file: what is wrong, in Chinese, and the advice the .xlsx reader gives.
func Corrupt(sheet, cell, what string, err error) *Error {
	return &Error{Kind: KindCorrupt, Sheet: sheet, Cell: cell, Err: err,
		Msg: "文件已损坏：" + what + "，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
}

// TooLarge is the error of an exceeded limit, with the same sentence as the .xlsx reader's.
func TooLarge(sheet, limit, max string) *Error {
	return &Error{Kind: KindTooLarge, Sheet: sheet, Limit: limit, Msg: fmt.Sprintf("超过限制：%s不得超过 %s", limit, max)}
}
