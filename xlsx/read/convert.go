package read

import (
	"context"
	"errors"
	"io"
	"path/filepath"

	"nianbao/internal/fsx"
	"nianbao/internal/office"
)

// convertExt is the extension the copy handed to LibreOffice gets, so its filter detection starts right.
var convertExt = map[Kind]string{XLS: ".xls", ET: ".et", ODS: ".ods", XLSB: ".xlsb", XMLSS: ".xml"}

// Ext is the file extension that names a file of kind k for LibreOffice's filter detection ("" for kinds
// LibreOffice is not asked to convert).
func (k Kind) Ext() string { return convertExt[k] }

// The LibreOffice calls, variables so that the fuzz test can stay inside Go.
var (
	officeAvailable   = office.Available
	officeConvert     = office.Convert
	officeInstallHint = office.InstallHint
)

// convertAndRead converts a legacy or foreign workbook (the size bytes of r) to xlsx with LibreOffice and
// reads the result. The input is written into a fresh temp directory first, as LibreOffice needs a file,
// and LibreOffice works on that copy only, so nothing (no lock file, no output) is ever written next to
// the input; the directory is removed afterwards.
func convertAndRead(ctx context.Context, path string, r io.ReaderAt, size int64, k Kind, lim Limits) (*Workbook, error) {
	if !officeAvailable() {
		return nil, &FileError{Path: path, Kind: ErrNoSoffice, Err: office.ErrUnavailable,
			Msg: k.this() + "，需要 LibreOffice 转换后才能读取，但本机未安装 LibreOffice" +
				"（请安装 LibreOffice：" + installHint() + "；或把文件另存为 .xlsx 后重新提交）"}
	}
	dir, err := office.TempDir("nianbao-convert-") // removed by office.Cleanup on a signal too
	if err != nil {
		return nil, fileErr(path, ErrConvert, "无法创建临时目录，文件未能转换", err)
	}
	defer office.RemoveTemp(dir)
	src := filepath.Join(dir, "input"+k.Ext())
	if err := fsx.WriteNew(src, io.NewSectionReader(r, 0, size)); err != nil {
		return nil, fileErr(path, ErrIO, "读取文件时出错", err)
	}
	cctx, cancel := context.WithTimeout(ctx, lim.ConvertTimeout)
	defer cancel()
	out, err := officeConvert(cctx, src, filepath.Join(dir, "out"), "xlsx")
	if err != nil {
		if cctx.Err() != nil {
			e := timeoutErr(path, lim)
			e.Limit, e.Err = LimitConvertDur, err
			e.Msg = k.this() + "，用 LibreOffice 转换超时（" + LimitConvertDur + "不得超过 " +
				lim.ConvertTimeout.String() + "），文件可能已损坏，请另存为 .xlsx 后重新提交"
			return nil, e
		}
		return nil, &FileError{Path: path, Kind: ErrConvert, Err: err,
			Msg: k.this() + "，但 LibreOffice 无法转换它（文件可能已损坏或设有密码），" +
				"请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
	}
	f, osize, err := openInput(out, lim)
	if err != nil {
		err.(*FileError).Path = path
		return nil, err
	}
	defer f.Close()
	if kk, err := sniffReaderAt(path, f, osize); err != nil || kk != XLSX {
		return nil, &FileError{Path: path, Kind: ErrConvert, Err: errors.Join(err, errors.New("conversion gave "+kindGo[kk])),
			Msg: k.this() + "，但 LibreOffice 转换的结果不是工作簿，请用 Excel 或 WPS 打开后另存为 .xlsx 再提交"}
	}
	wb, err := readXLSX(ctx, path, f, osize, lim)
	if err != nil {
		return nil, err
	}
	wb.Kind, wb.Converted = k, true
	return wb, nil
}
