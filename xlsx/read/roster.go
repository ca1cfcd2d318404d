package read

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// ReadRoster reads a roster file: .csv (UTF-8) through model.ReadRosterCSV, otherwise the first sheet of an
// .xlsx workbook, whose header row is found by its column names. Errors are Chinese sentences naming
// the file.
func ReadRoster(path string) (*model.Roster, error) {
	name := filepath.Base(path)
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		in, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("无法读取名单 %s：%v", name, err)
		}
		defer in.Close()
		r, err := model.ReadRosterCSV(in)
		if err != nil {
			return nil, fmt.Errorf("名单 %s：%v", name, err)
		}
		return r, nil
	}
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("无法读取名单 %s（需要 .xlsx 或 UTF-8 编码的 .csv 文件）：%v", name, err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("无法读取名单 %s 的工作表「%s」：%v", name, sheet, err)
	}
	r, err := model.ParseRoster(rows, nil)
	if err != nil {
		return nil, fmt.Errorf("名单 %s 工作表「%s」：%v", name, sheet, err)
	}
	return r, nil
}
