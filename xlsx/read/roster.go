package read

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// ReadRoster reads the roster file at path with ReadRosterBytes.
func ReadRoster(path string) (*model.Roster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取名单 %s：%v", filepath.Base(path), err)
	}
	return ReadRosterBytes(path, data)
}

// ReadRosterBytes reads a roster, data being the content of the file called name: .csv (UTF-8) through
// model.ReadRosterCSV, otherwise the first sheet of an .xlsx workbook, whose header row is found by its
// column names. Errors are Chinese sentences naming the file (name's base).
func ReadRosterBytes(name string, data []byte) (*model.Roster, error) {
	base := filepath.Base(name)
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		r, err := model.ReadRosterCSV(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("名单 %s：%v", base, err)
		}
		return r, nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return nil, fmt.Errorf("无法读取名单 %s（需要 .xlsx 或 UTF-8 编码的 .csv 文件）：%v", base, err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("无法读取名单 %s 的工作表「%s」：%v", base, sheet, err)
	}
	r, err := model.ParseRoster(rows, nil)
	if err != nil {
		return nil, fmt.Errorf("名单 %s 工作表「%s」：%v", base, sheet, err)
	}
	return r, nil
}
