package read

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"nianbao/locate"
)

// Workbook is what Open read from one file: every worksheet, visible or hidden, as a grid of raw cell texts.
type Workbook struct {
	// Path is the file as given to Open.
	Path string
	// Kind is what the file turned out to be (XLSX, XLS, HTML…).
	Kind Kind
	// Converted is true when the file was read from a LibreOffice conversion to xlsx in a temp directory.
	Converted bool
	// Grids holds the sheets in workbook order (tables of a web page in page order), without the meta sheet templates.MetaSheet.
	// A cell's Text is its raw value (numbers as stored, not formatted); a merged range keeps its text in its
	// top-left cell only, the text its covered cells hold is in their Covered. Grid.Source is nil: row 0, column 0 is A1 of the sheet named Grid.Name.
	Grids []locate.Grid
	// Hidden names the sheets that are hidden or very hidden.
	Hidden map[string]bool
	// Meta holds the key/value rows (A = key, B = value) of templates.MetaSheet, nil when the workbook has none.
	Meta map[string]string
	// Layouts gives, by sheet name, the merged ranges and column widths of a legacy workbook read by the
	// native readers (.xls, .et, .ods); nil for other files.
	Layouts map[string]Layout
	// Details are the detail sheets of a summary read by ReadSummary (their Grids are empty); nil otherwise.
	Details []Detail
}

// Open reads the file at path, whatever it is, within the limits (zero fields take DefaultLimits). It
// sniffs the content first: xlsx is read directly, .xls/.et (BIFF8) and .ods by the native readers, .xlsb,
// Excel 2003 XML and legacy files the native readers cannot read (BIFF5, damage) are converted with
// LibreOffice into a temp directory when it is installed, a web page is read from its <table>s; anything else gives a FileError
// whose Message says what the file is. Open never writes the input and recovers from panics (ErrPanic).
func Open(path string, lim Limits) (*Workbook, error) {
	return OpenContext(context.Background(), path, lim)
}

// OpenContext is Open with a context that cancels a running conversion. It opens the file (checking that
// it is a regular file within lim.MaxFileSize) and reads it with OpenReaderAt under its path.
func OpenContext(ctx context.Context, path string, lim Limits) (*Workbook, error) {
	lim = lim.WithDefaults()
	f, size, err := openInput(path, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return OpenReaderAt(ctx, path, f, size, lim)
}

// OpenBytes reads data, the whole content of the file called name, as OpenReaderAt does.
func OpenBytes(ctx context.Context, name string, data []byte, lim Limits) (*Workbook, error) {
	return OpenReaderAt(ctx, name, bytes.NewReader(data), int64(len(data)), lim)
}

// OpenReaderAt reads the size bytes of r, the content of the file called name, as Open reads a file: name
// (a path or only the clerk's file name) is what the Workbook and every FileError report, and its extension
// tells a WPS .et file from an .xls. Reading stops with ErrTimeout, whose message names the limit, once
// lim.Timeout has passed or ctx is done: the XML and HTML readers look at the context as they go, and a
// conversion is cancelled. It never writes r and recovers from panics (ErrPanic).
func OpenReaderAt(ctx context.Context, name string, r io.ReaderAt, size int64, lim Limits) (wb *Workbook, err error) {
	lim = lim.WithDefaults()
	defer func() {
		if r := recover(); r != nil {
			wb, err = nil, panicErr(name, r)
		}
	}()
	if size > lim.MaxFileSize {
		return nil, tooLarge(name, LimitFileSize, overLimit(LimitFileSize, mib(lim.MaxFileSize), mib(size)))
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	k, err := sniffReaderAt(name, r, size)
	if err != nil {
		return nil, err
	}
	switch k {
	case XLSX:
		wb, err = readXLSX(ctx, name, r, size, lim)
	case XLS, ET, ODS:
		wb, err = readLegacy(ctx, name, r, size, k, lim)
	case XLSB, XMLSS:
		wb, err = convertAndRead(ctx, name, r, size, k, lim)
	case HTML:
		wb, err = readHTML(ctx, name, r, size, lim)
	case Encrypted:
		return nil, fileErr(name, ErrEncrypted, k.Verdict(), nil)
	default:
		return nil, &FileError{Path: name, Kind: ErrNotWorkbook, Msg: k.Verdict(),
			Err: fmt.Errorf("content is %s", kindGo[k])}
	}
	if err != nil && ctx.Err() != nil && !errors.Is(err, ErrTimeout) {
		return nil, timeoutErr(name, lim) // a conversion killed by the deadline, a read cut short
	}
	return wb, err
}

// Safely opens path and passes the workbook to fn, isolating the file: a panic in Open, in a dependency or
// in fn becomes this file's ErrPanic error, and after lim.Timeout it returns ErrTimeout (the context given to
// a conversion is cancelled, which kills LibreOffice; plain Go reading cannot be interrupted, so it finishes
// in the background, within the limits, and its result is dropped). fn is not called on a file that could
// not be opened.
func Safely(path string, lim Limits, fn func(*Workbook) error) error {
	lim = lim.WithDefaults()
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- panicErr(path, r)
			}
		}()
		wb, err := OpenContext(ctx, path, lim)
		if err == nil {
			err = fn(wb)
		}
		done <- err
	}()
	select {
	case err := <-done:
		if errors.Is(err, ErrTimeout) || ctx.Err() != nil && errors.Is(err, ErrConvert) {
			return timeoutErr(path, lim)
		}
		return err
	case <-ctx.Done():
		return timeoutErr(path, lim)
	}
}

// panicErr turns a recovered panic into the file's ErrPanic error, keeping the stack for developers.
func panicErr(path string, r any) *FileError {
	return &FileError{Path: path, Kind: ErrPanic, Err: fmt.Errorf("panic: %v\n%s", r, debug.Stack()),
		Msg: "读取文件时程序内部出错（文件可能已损坏），请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
}

// timeoutErr is the ErrTimeout error of a file.
func timeoutErr(path string, lim Limits) *FileError {
	e := tooLarge(path, LimitTimeout, fmt.Sprintf("处理超时：%s不得超过 %s，文件可能过大或已损坏", LimitTimeout, lim.Timeout))
	e.Kind = ErrTimeout
	return e
}

// kindGo names kinds in Go error strings.
var kindGo = [...]string{Unknown: "unknown", Empty: "empty", XLSX: "xlsx", Encrypted: "encrypted ooxml",
	XLS: "xls", ET: "et", ODS: "ods", XLSB: "xlsb", XMLSS: "xml spreadsheet 2003", HTML: "html", CSV: "csv",
	Text: "text", XML: "xml", PDF: "pdf", DOCX: "word document", PPTX: "powerpoint", OLE: "cfb document",
	Zip: "zip", Archive: "archive", Image: "image"}
