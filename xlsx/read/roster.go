package read

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nianbao/locate"
	"nianbao/model"
)

// ReadRoster reads the roster file at path with ReadRosterBytes, within the default limits.
func ReadRoster(path string) (*model.Roster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取名单 %s：%v", filepath.Base(path), err)
	}
	return ReadRosterBytes(path, data, DefaultLimits())
}

// ReadRosterBytes reads a roster, data being the content of the file called name: .csv (as Excel or WPS save it: GBK,
// UTF-8 or UTF-16, see rosterCSV) through model.ReadRosterCSV, otherwise the first sheet of a workbook (read by OpenBytes, so an .xls or .ods
// works too, within lim: its time limit included), whose header row is found by its column names. Errors are Chinese
// sentences naming the file (name's base).
func ReadRosterBytes(name string, data []byte, lim Limits) (*model.Roster, error) {
	base := filepath.Base(name)
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		text, err := rosterCSV(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("名单 %s：%v", base, err)
		}
		r, err := model.ReadRosterCSV(bytes.NewReader(text))
		if err != nil {
			return nil, fmt.Errorf("名单 %s：%v", base, err)
		}
		return r, nil
	}
	wb, err := OpenBytes(context.Background(), name, data, lim)
	if err != nil {
		msg := err.Error()
		if fe, ok := err.(*FileError); ok {
			msg = fe.Msg
		}
		return nil, fmt.Errorf("无法读取名单 %s（需要 .xlsx 或 .csv 文件）：%s", base, msg)
	}
	if len(wb.Grids) == 0 {
		return nil, fmt.Errorf("名单 %s 中没有工作表", base)
	}
	g := wb.Grids[0]
	sheet := g.Name
	r, err := model.ParseRoster(locate.Texts(g.Rows), nil)
	if err != nil {
		return nil, fmt.Errorf("名单 %s 工作表「%s」：%v", base, sheet, err)
	}
	return r, nil
}
