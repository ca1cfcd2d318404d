package xlsx

import (
	"fmt"

	"nianbao/checks"
	"nianbao/model"
)

// CarryOver returns opt with the cells that last year's report of the unit fixes (checks.CarriedOver:
// 二、上年结转 from last year's 四、结转下年度继续办理, column by column, and for the 2019 version the 表二
// 上一年项目数量) pre-filled, locked and annotated with where they came from: source names last year's
// file. With last nil (a unit new on the roster) opt is returned unchanged and the cells stay open. Like
// 久其's 年初数提取, a unit that reported last year cannot type these numbers by hand.
func CarryOver(opt TemplateOptions, last *model.Report, source string) TemplateOptions {
	if last == nil {
		return opt
	}
	carried := checks.CarriedOver(opt.version(), last)
	if len(carried) == 0 {
		return opt
	}
	opt.Fixed = make(map[string]float64, len(carried))
	opt.FixedNotes = make(map[string]string, len(carried))
	for _, c := range carried {
		opt.Fixed[c.Key] = c.Value
		opt.FixedNotes[c.Key] = fmt.Sprintf("由上年度数据自动提取，不能手动修改：%d年度 %s 中本单位的“%s”（%s）。如有出入，请与汇总单位联系。",
			last.Year, source, c.From[len("上年度 "):], last.Unit.Name)
	}
	return opt
}
