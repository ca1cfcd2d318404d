package read

import (
	"fmt"
	"time"
)

// Limits bound what reading one untrusted file may cost. A zero field means "use the default"; every limit,
// when exceeded, gives an ErrTooLarge FileError whose Limit and Msg name it in Chinese.
//
// Memory while reading one xlsx stays within about MaxUnzipSize (excelize holds every part up to MaxPartSize
// in memory and spills larger ones to a temp file) plus the grids, which MaxCells and MaxStringLen bound.
type Limits struct {
	// MaxFileSize is the largest file accepted, in bytes (文件大小).
	MaxFileSize int64
	// MaxUnzipSize is the largest total uncompressed size of an xlsx package, in bytes, as declared in the
	// zip headers, checked before anything is inflated (解压后大小).
	MaxUnzipSize int64
	// MaxPartSize is excelize's UnzipXMLSizeLimit: sheet parts above it are read from a temp file instead of
	// memory (单个部件大小); a part larger than MaxUnzipSize is refused anyway.
	MaxPartSize int64
	// MaxParts is the largest number of entries in the zip package (压缩包条目数).
	MaxParts int
	// MaxSheets is the largest number of sheets in a workbook (工作表数).
	MaxSheets int
	// MaxRows is the largest row number read in one sheet (行数).
	MaxRows int
	// MaxCells is the largest number of cells read in one workbook, blanks inside rows included (单元格数).
	// It also bounds the text runs of the shared strings (文字片段数).
	MaxCells int
	// MaxStrings is the largest number of shared strings (共享字符串数): each costs memory even when empty
	// (a 200 KB file can hold 25 million empty ones), and Excel keeps each distinct text once, so a real
	// workbook, a summary of 10,000 units included, holds far fewer than it has cells.
	MaxStrings int
	// MaxStringLen is the longest cell text, in characters (单元格文字长度). Excel itself allows 32767.
	MaxStringLen int
	// Timeout is the time limit for opening one file, conversion included (处理时间).
	Timeout time.Duration
	// ConvertTimeout is the time limit of one LibreOffice conversion (转换时间).
	ConvertTimeout time.Duration
}

// DefaultLimits returns the limits used when none are given: generous for real yearly-report workbooks and
// for regional summaries of thousands of units, small enough that a hostile file cannot exhaust memory.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:    32 << 20,
		MaxUnzipSize:   128 << 20,
		MaxPartSize:    32 << 20,
		MaxParts:       2000,
		MaxSheets:      64,
		MaxRows:        100000,
		MaxCells:       4000000, // a summary of 10,000 units holds ≈ 2.5 million cells
		MaxStrings:     1000000,
		MaxStringLen:   32767,
		Timeout:        2 * time.Minute,
		ConvertTimeout: 90 * time.Second,
	}
}

// WithDefaults returns l with its zero (or negative) fields filled from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits()
	orDefault(&l.MaxFileSize, d.MaxFileSize)
	orDefault(&l.MaxUnzipSize, d.MaxUnzipSize)
	orDefault(&l.MaxPartSize, d.MaxPartSize)
	orDefault(&l.MaxParts, d.MaxParts)
	orDefault(&l.MaxSheets, d.MaxSheets)
	orDefault(&l.MaxRows, d.MaxRows)
	orDefault(&l.MaxCells, d.MaxCells)
	orDefault(&l.MaxStrings, d.MaxStrings)
	orDefault(&l.MaxStringLen, d.MaxStringLen)
	orDefault(&l.Timeout, d.Timeout)
	orDefault(&l.ConvertTimeout, d.ConvertTimeout)
	return l
}

// orDefault sets *v to d when *v is not positive.
func orDefault[T int | int64 | time.Duration](v *T, d T) {
	if *v <= 0 {
		*v = d
	}
}

// The Chinese names of the limits, as FileError.Limit.
const (
	LimitFileSize   = "文件大小"
	LimitUnzipSize  = "解压后大小"
	LimitParts      = "压缩包条目数"
	LimitSheets     = "工作表数"
	LimitRows       = "行数"
	LimitCells      = "单元格数"
	LimitStringLen  = "单元格文字长度"
	LimitStrings    = "共享字符串数"
	LimitRuns       = "文字片段数"
	LimitTimeout    = "处理时间"
	LimitConvertDur = "转换时间"
)

// mib renders a byte count for messages: "32 MB", or bytes below 1 MB.
func mib(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// overLimit builds the message "超过上限：<limit>不得超过 <max>（本文件 <got>）".
func overLimit(limit, max, got string) string {
	if got == "" {
		return fmt.Sprintf("超过限制：%s不得超过 %s", limit, max)
	}
	return fmt.Sprintf("超过限制：%s不得超过 %s（本文件 %s）", limit, max, got)
}
