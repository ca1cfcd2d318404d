package read

import (
	"context"
	"errors"
	"io"
	"strings"

	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read/biff"
	lbook "nianbao/xlsx/read/book"
	"nianbao/xlsx/read/internal/ooxml"
	"nianbao/xlsx/read/ods"
)

// readLegacy reads an .xls/.et (BIFF8) or .ods workbook with the native readers. A file they cannot read
// (BIFF5 and older, damage LibreOffice may repair) goes to LibreOffice when it is installed; without it the
// native reader's verdict stands. Exceeded limits are final either way. An encrypted .xls goes to
// LibreOffice too, since Excel encrypts with its built-in password ("VelvetSweatshop") the workbooks whose
// structure is protected, which open without asking for one (calamine's issue_385.xls): LibreOffice reads
// those, and when it cannot read the file the verdict stays 文件已加密 (unless what it made exceeds a limit
// or it ran out of time: that verdict is the true one).
func readLegacy(ctx context.Context, path string, r io.ReaderAt, size int64, k Kind, lim Limits) (*Workbook, error) {
	wb, be, err := readNative(path, r, size, k, lim)
	if be != nil && be.Kind == lbook.KindEncrypted && k != ODS && officeAvailable() {
		cwb, cerr := convertAndRead(ctx, path, r, size, k, lim)
		if cerr == nil || errors.Is(cerr, ErrTooLarge) || errors.Is(cerr, ErrTimeout) {
			return cwb, cerr
		}
		return nil, err
	}
	if be == nil || be.Kind == lbook.KindEncrypted || be.Kind == lbook.KindTooLarge {
		return wb, err
	}
	if officeAvailable() {
		return convertAndRead(ctx, path, r, size, k, lim)
	}
	if be.Kind == lbook.KindUnsupported {
		fe := err.(*FileError)
		fe.Kind, fe.Msg = ErrNoSoffice, be.Msg+"（或安装 LibreOffice 后重试："+installHint()+"）"
	}
	return nil, err
}

// readNative reads a legacy workbook with the native readers only. On failure be is the reader's own error
// (nil when the file could not even be read) and err the FileError for it.
func readNative(path string, r io.ReaderAt, size int64, k Kind, lim Limits) (wb *Workbook, be *lbook.Error, err error) {
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		return nil, nil, fileErr(path, ErrIO, "读取文件时出错", err)
	}
	read := biff.Read
	if k == ODS {
		read = ods.Read
	}
	b, err := read(data, bookLimits(lim))
	if err == nil {
		return legacyWorkbook(path, k, b), nil, nil
	}
	if !errors.As(err, &be) {
		be = lbook.Corrupt("", "", "无法读取", err)
	}
	fe := &FileError{Path: path, Sheet: be.Sheet, Cell: be.Cell, Kind: ErrCorrupt, Limit: be.Limit, Msg: be.Msg, Err: err}
	switch be.Kind {
	case lbook.KindEncrypted:
		fe.Kind, fe.Msg = ErrEncrypted, Encrypted.Verdict()
	case lbook.KindTooLarge:
		fe.Kind = ErrTooLarge
	}
	return nil, be, fe
}

// bookLimits are the native readers' limits for lim.
func bookLimits(lim Limits) lbook.Limits {
	return lbook.Limits{MaxSheets: lim.MaxSheets, MaxRows: lim.MaxRows, MaxCols: maxXLSXCols, MaxCells: lim.MaxCells,
		MaxStrings: lim.MaxCells, MaxStringLen: lim.MaxStringLen, MaxXMLSize: lim.MaxUnzipSize}
}

// legacyWorkbook turns what a native reader read into the Workbook the .xlsx reader would have given for
// LibreOffice's conversion of the file: the same grids, hidden sheets and template meta data.
func legacyWorkbook(path string, k Kind, b *lbook.Book) *Workbook {
	wb := &Workbook{Path: path, Kind: k, Hidden: map[string]bool{}, Layouts: map[string]Layout{}}
	for _, s := range b.Sheets {
		if s.Name == templates.MetaSheet {
			wb.Meta = ooxml.MetaOf(s.Rows)
			continue
		}
		if s.State != lbook.Visible {
			wb.Hidden[s.Name] = true
		}
		wb.Grids = append(wb.Grids, locate.Grid{Name: s.Name, Rows: s.Rows})
		var l Layout
		for _, m := range s.Merges {
			l.Merges = append(l.Merges, model.CellRef(m.C1+1, m.R1+1)+":"+model.CellRef(m.C2+1, m.R2+1))
		}
		l.ColWidths = s.ColWidths
		wb.Layouts[s.Name] = l
	}
	return wb
}

// Layout is what a native reader knows of a sheet's looks, for writing a copy of a legacy file.
type Layout struct {
	// Merges are the merged ranges, "A1:C2".
	Merges []string
	// ColWidths maps 0-based columns to widths in characters, where the file gives them.
	ColWidths map[int]float64
}

// UnknownFormula is the Formula of a cell of a legacy file whose formula could not be turned into text: the
// cell holds a formula (a total is recomputed), but its text is unknown; copies write its cached value.
const UnknownFormula = biff.UnknownFormula

// installHint says how to install LibreOffice on this operating system.
func installHint() string { return strings.TrimSpace(officeInstallHint()) }
