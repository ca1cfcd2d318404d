package read

import (
	"errors"
	"path/filepath"
	"strings"
)

// ErrKind is the class of a FileError. Each kind is also a sentinel error, so callers test a failure with
// errors.Is(err, xlsx.ErrEncrypted) whatever the file and the details.
type ErrKind string

// Error returns the Go error string of the kind, "xlsx: …".
func (k ErrKind) Error() string { return "xlsx: " + string(k) }

// The kinds of FileError.
const (
	// ErrIO: the file cannot be read at all (missing, a directory, no permission).
	ErrIO ErrKind = "cannot read file"
	// ErrEncrypted: a password-protected workbook (OOXML in a CFB container with EncryptionInfo).
	ErrEncrypted ErrKind = "workbook is password-protected"
	// ErrNotWorkbook: the file is something else (PDF, Word, CSV, image, empty, random bytes…).
	ErrNotWorkbook ErrKind = "not a workbook"
	// ErrCorrupt: the file claims to be a workbook but is damaged (truncated zip, bad XML, bad checksum).
	ErrCorrupt ErrKind = "damaged workbook"
	// ErrTooLarge: a limit of Limits was exceeded; FileError.Limit names it.
	ErrTooLarge ErrKind = "limit exceeded"
	// ErrNoSoffice: the file needs LibreOffice conversion and soffice is not installed.
	ErrNoSoffice ErrKind = "libreoffice (soffice) is not installed"
	// ErrConvert: LibreOffice could not convert the file.
	ErrConvert ErrKind = "conversion failed"
	// ErrTimeout: reading or converting the file took longer than its time limit.
	ErrTimeout ErrKind = "timed out"
	// ErrPanic: a dependency panicked on the file; the panic was recovered.
	ErrPanic ErrKind = "panic while reading"
)

// FileError says why a file could not be read, where, and in a sentence for the clerk.
type FileError struct {
	// Path is the file as given to Open.
	Path string
	// Sheet and Cell locate the problem inside the workbook, when known.
	Sheet, Cell string
	// Kind classifies the failure; errors.Is(err, Kind) holds.
	Kind ErrKind
	// Limit is the Chinese name of the exceeded limit for ErrTooLarge ("文件大小", "行数"…).
	Limit string
	// Msg is the Chinese sentence for the clerk, without the file name.
	Msg string
	// Err is the underlying error, if any.
	Err error
}

// Error returns the Go error string: "xlsx: <path>: <kind>[: sheet!cell][: cause]".
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString("xlsx: ")
	b.WriteString(e.Path)
	b.WriteString(": ")
	b.WriteString(string(e.Kind))
	if e.Sheet != "" {
		b.WriteString(": sheet " + e.Sheet)
		if e.Cell != "" {
			b.WriteString(" cell " + e.Cell)
		}
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *FileError) Unwrap() error { return e.Err }

// Is reports whether target is the kind of e.
func (e *FileError) Is(target error) bool {
	k, ok := target.(ErrKind)
	return ok && k == e.Kind
}

// Message returns the clerk's sentence naming the file (base name), sheet and cell, e.g.
// "文件“甲局.xlsx”：文件已加密，请去除密码后重新提交".
func (e *FileError) Message() string {
	var b strings.Builder
	b.WriteString("文件“" + filepath.Base(e.Path) + "”")
	if e.Sheet != "" {
		b.WriteString("工作表“" + e.Sheet + "”")
		if e.Cell != "" {
			b.WriteString("单元格 " + e.Cell)
		}
	}
	b.WriteString("：")
	b.WriteString(e.Msg)
	return b.String()
}

// Chinese is Message under the name other packages of the project use.
func (e *FileError) Chinese() string { return e.Message() }

// Message returns the clerk's sentence for any error returned by this package: the FileError's Message
// when err is or wraps one, otherwise err's Go text.
func Message(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Message()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// fileErr builds a FileError.
func fileErr(path string, kind ErrKind, msg string, err error) *FileError {
	return &FileError{Path: path, Kind: kind, Msg: msg, Err: err}
}

// tooLarge builds the ErrTooLarge error for the named limit.
func tooLarge(path, limit, msg string) *FileError {
	return &FileError{Path: path, Kind: ErrTooLarge, Limit: limit, Msg: msg}
}
