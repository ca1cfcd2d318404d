package batch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"nianbao/compare"
	"nianbao/model"
)

// LoadSide reads one side of a comparison. spec is a file, or a summary workbook followed by "#" and a
// unit's code (or name) to take that unit's row. unit, when not "", takes that unit's row from spec if spec
// is a summary workbook, and is ignored otherwise. Workbooks are read as CheckFile reads them, everything
// else as a published report. The error is a Chinese sentence for the clerk.
func LoadSide(spec, unit string, opt Options) (compare.Side, error) {
	path, strict := spec, false
	if _, err := os.Stat(spec); err != nil {
		if i := strings.LastIndex(spec, "#"); i > 0 {
			path, unit, strict = spec[:i], spec[i+1:], true
		}
	}
	if _, err := os.Stat(path); err != nil {
		return compare.Side{}, fmt.Errorf("找不到文件 %s", path)
	}
	var f File
	if IsWorkbook(path) {
		f = CheckFile(path, opt)
	} else {
		f = ExtractFile(path, opt)
	}
	if f.Report == nil {
		msg := "无法读取"
		if len(f.Findings) > 0 {
			msg = f.Findings[0].Message
		}
		return compare.Side{}, fmt.Errorf("%s：%s", filepath.Base(path), msg)
	}
	s := compare.Side{Path: path, Format: f.Format, Report: f.Report}
	switch {
	case unit == "" || (!strict && len(f.Members) == 0):
	case len(f.Members) == 0:
		return compare.Side{}, fmt.Errorf("%s 不是汇总表，不能按单位“%s”取行", filepath.Base(path), unit)
	default:
		r := member(f, unit)
		if r == nil {
			return compare.Side{}, fmt.Errorf("汇总表 %s 中没有单位“%s”（共 %d 个单位）", filepath.Base(path), unit, len(f.Members))
		}
		s.Member, s.Report = unit, r
	}
	s.Unit, s.Year, s.Version = s.Report.Unit, s.Report.Year, s.Report.Version
	return s, nil
}

// member finds a unit of a summary workbook by code, else by exact normalized name.
func member(f File, unit string) *model.Report {
	for _, r := range f.Members {
		if r.Unit.Code == unit {
			return r
		}
	}
	for _, r := range f.Members {
		if model.Normalize(r.Unit.Name) == model.Normalize(unit) {
			return r
		}
	}
	return nil
}
