package read

import (
	"context"
	"io"
	"nianbao/model"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/locate"
	"nianbao/templates"
	"nianbao/xlsx/read/internal/ooxml"
)

// readXLSX reads the xlsx package of size bytes in r into a Workbook reported under orig (the file the clerk
// gave; r is a converted copy after a conversion). It stops with ErrTimeout when ctx is done.
func readXLSX(ctx context.Context, orig string, r io.ReaderAt, size int64, lim Limits) (*Workbook, error) {
	p, err := openPkg(orig, r, size, lim)
	if err != nil {
		return nil, err
	}
	p.ctx = ctx
	b, err := p.readBook()
	if err != nil {
		return nil, err
	}
	sst, err := p.readSST(b.SST)
	if err != nil {
		return nil, err
	}
	wb := &Workbook{Path: orig, Kind: XLSX, Hidden: map[string]bool{}}
	budget := lim.MaxCells
	var xf *excelize.File // opened only when shared formulas need expanding
	defer func() {
		if xf != nil {
			xf.Close()
		}
	}()
	for _, s := range b.Sheets {
		if err := ctx.Err(); err != nil {
			return nil, timeoutErr(orig, lim)
		}
		if s.Kind != "" && s.Kind != "worksheet" {
			continue // chart, dialog and macro sheets hold no cells
		}
		if s.Part == "" || !p.has(s.Part) {
			return nil, &FileError{Path: orig, Sheet: s.Name, Kind: ErrCorrupt,
				Msg: "文件已损坏：工作表的内容缺失，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
		}
		sr, err := p.readSheet(s, sst, &budget)
		if err != nil {
			return nil, err
		}
		if len(sr.shared) > 0 {
			if xf == nil {
				if xf, err = excelize.OpenReader(io.NewSectionReader(r, 0, size), excelOptions(lim)); err != nil {
					return nil, excelizeErr(orig, s.Name, err)
				}
			}
			for _, rc := range sr.shared {
				ref := model.CellRef(rc[1]+1, rc[0]+1)
				fml, err := xf.GetCellFormula(s.Name, ref)
				if err != nil {
					return nil, excelizeErr(orig, s.Name, err).at(ref)
				}
				sr.rows[rc[0]][rc[1]].Formula = fml
			}
		}
		if s.Name == templates.MetaSheet { // very hidden key/value rows of our templates
			wb.Meta = ooxml.MetaOf(sr.rows)
			continue
		}
		if s.State == "hidden" || s.State == "veryHidden" {
			wb.Hidden[s.Name] = true
		}
		wb.Grids = append(wb.Grids, locate.Grid{Name: s.Name, Rows: sr.rows})
	}
	return wb, nil
}

// excelOptions are the excelize options within the limits: raw values, capped unzip sizes.
func excelOptions(lim Limits) excelize.Options {
	return excelize.Options{RawCellValue: true, UnzipSizeLimit: lim.MaxUnzipSize,
		UnzipXMLSizeLimit: min(lim.MaxPartSize, lim.MaxUnzipSize)}
}

// excelizeErr wraps an excelize failure on a file that passed our own checks.
func excelizeErr(path, sheet string, err error) *FileError {
	if strings.Contains(err.Error(), "unzip size exceeds") {
		e := tooLarge(path, LimitUnzipSize, "超过限制："+LimitUnzipSize)
		e.Sheet, e.Err = sheet, err
		return e
	}
	return &FileError{Path: path, Sheet: sheet, Kind: ErrCorrupt, Err: err,
		Msg: "文件已损坏：无法读取公式，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
}

// at sets the cell of e and returns it.
func (e *FileError) at(cell string) *FileError {
	e.Cell = cell
	return e
}
