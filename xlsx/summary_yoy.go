package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"nianbao/summary"
)

// yoy writes 同比: every headline figure of the region this year and last year with change and
// percentage; the units with the largest changes of 本年新收 and of 结转下年度继续办理; and the paragraph
// for the region's annual report.
func (sw *summaryWriter) yoy(sheet string) error {
	f, res, y := sw.f, sw.res, sw.res.YoY
	pctFmt := "0.0%"
	pct, err := f.NewStyle(&excelize.Style{Border: sw.border(), CustomNumFmt: &pctFmt})
	if err != nil {
		return err
	}
	para, err := f.NewStyle(&excelize.Style{Border: sw.border(), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	for col, w := range map[string]float64{"A": 12, "B": 52, "C": 14, "D": 14, "E": 12, "F": 12} {
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	this, last := fmt.Sprintf("%d年度", res.Year), fmt.Sprintf("%d年度", res.Year-1)
	if err := sw.setRow(sheet, 1, 1, sw.st.title, fmt.Sprintf("%s%d年度与上年度对比（同比）", res.Name, res.Year)); err != nil {
		return err
	}
	r := 3
	if err := sw.setRow(sheet, 1, r, sw.st.header, "表格", "项目", this, last, "增减", "增减幅度"); err != nil {
		return err
	}
	for _, fg := range y.Figures {
		r++
		if err := sw.setRow(sheet, 1, r, sw.st.text, fg.Table, fg.Label); err != nil {
			return err
		}
		if err := sw.setRow(sheet, 3, r, sw.st.amount, fg.This, fg.Last, fg.Change()); err != nil {
			return err
		}
		if p, ok := fg.Percent(); ok {
			err = sw.setRow(sheet, 6, r, pct, p/100)
		} else {
			err = sw.setRow(sheet, 6, r, sw.st.text, "—（上年为0）")
		}
		if err != nil {
			return err
		}
	}
	units := func(title string, cs []summary.UnitChange) error {
		r += 2
		if err := sw.setRow(sheet, 1, r, sw.st.bold, title); err != nil {
			return err
		}
		r++
		if err := sw.setRow(sheet, 1, r, sw.st.header, "单位代码", "单位名称", this, last, "增减"); err != nil {
			return err
		}
		if len(cs) == 0 {
			r++
			return sw.setRow(sheet, 1, r, 0, "没有变化。")
		}
		for _, c := range cs {
			r++
			if err := sw.setRow(sheet, 1, r, sw.st.text, c.Code, c.Name); err != nil {
				return err
			}
			if err := sw.setRow(sheet, 3, r, sw.st.number, c.This, c.Last, c.Change()); err != nil {
				return err
			}
		}
		return nil
	}
	note := fmt.Sprintf("（%d 个计入合计的单位有上年数据）", y.Compared)
	if err := units("本年新收申请数量变化最大的单位"+note, y.New); err != nil {
		return err
	}
	if err := units("结转下年度继续办理变化最大的单位"+note, y.Carry); err != nil {
		return err
	}
	r += 2
	if err := sw.setRow(sheet, 1, r, sw.st.bold, "年度报告参考文字（第三、四部分，数字取自上表）"); err != nil {
		return err
	}
	r++
	from, to := fmt.Sprintf("A%d", r), fmt.Sprintf("F%d", r)
	if err := f.MergeCell(sheet, from, to); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, from, y.Paragraph); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, from, to, para); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, r, float64(20+15*(len([]rune(y.Paragraph))/60))); err != nil {
		return err
	}
	return sw.printSetup(sheet, 3, 0, nil, 0)
}
