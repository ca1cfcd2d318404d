package read

import (
	"context"
	"errors"
	"fmt"
	"io"

	"nianbao/xlsx/read/htmlgrid"
)

// readHTML reads a web page (often an OA export saved as .xls) into one grid per <table> with some text,
// named 表格1, 表格2… in page order (htmlgrid, the reader extract uses for published pages too).
// colspan/rowspan keep the text in the top-left cell and blank the rest; Excel's x:num attribute gives the
// raw number. A page without a non-empty table is ErrNotWorkbook.
func readHTML(ctx context.Context, path string, r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	data, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fileErr(path, ErrIO, "读取文件时出错", err)
	}
	page, err := htmlgrid.Read(ctx, data, htmlgrid.Limits{MaxCells: lim.MaxCells, MaxRows: lim.MaxRows,
		MaxText: 4 * lim.MaxStringLen})
	var le *htmlgrid.LimitError
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, timeoutErr(path, lim)
	case errors.As(err, &le) && le.Limit == "cells":
		return nil, tooLarge(path, LimitCells, overLimit(LimitCells, fmt.Sprint(lim.MaxCells), ""))
	case errors.As(err, &le) && le.Limit == "rows":
		return nil, tooLarge(path, LimitRows, overLimit(LimitRows, fmt.Sprint(lim.MaxRows), ""))
	case errors.As(err, &le):
		return nil, tooLarge(path, LimitStringLen, overLimit(LimitStringLen, fmt.Sprintf("%d 个字符", lim.MaxStringLen), ""))
	case errors.Is(err, htmlgrid.ErrNesting):
		return nil, fileErr(path, ErrCorrupt, "网页中的表格嵌套过深", nil)
	case err != nil:
		return nil, fileErr(path, ErrCorrupt, "网页文件无法读取", err)
	case len(page.Grids) == 0:
		return nil, fileErr(path, ErrNotWorkbook, "这是网页（HTML）文件，其中没有表格，不是 Excel 工作簿", nil)
	}
	return &Workbook{Path: path, Kind: HTML, Grids: page.Grids, Hidden: map[string]bool{}}, nil
}
