package locate

import (
	"fmt"
	"strings"

	"nianbao/model"
)

// A 表四 pasted from a web page: merged cells are gone and the headers are cut at their line breaks.
func Example() {
	var g Grid
	for _, line := range []string{
		"行政复议 | 行政诉讼",
		"结果维持 | 结果 | 其他 | 尚未 | 总计 | 未经复议直接起诉 | 复议后起诉",
		"结果 | 结果 | 其他 | 尚未 | 总计 | 结果 | 结果 | 其他 | 尚未 | 总计",
		"1 | 0 | 0 | 1 | 2 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0",
	} {
		var row []Cell
		for _, t := range strings.Split(line, "|") {
			row = append(row, Cell{Text: strings.TrimSpace(t)})
		}
		g.Rows = append(g.Rows, row)
	}
	g.Name = "Sheet1"
	l := Find([]Grid{g})
	r := model.NewReport(model.Unit{}, 2023, model.V2021)
	Read(r, []Grid{g}, l)
	fmt.Println(l.Tables["t4"], r.Values["t4.review.total"], r.Sources["t4.suit.pending"])
	for _, p := range l.Problems {
		fmt.Println(p.Rule, p.Message)
	}
	// Output:
	// 2021 2 Sheet1!I4
	// R-5 未找到表二（二、主动公开政府信息情况）：没有找到它的行或列名称
	// R-5 未找到表三（三、收到和处理政府信息公开申请情况）：没有找到它的行或列名称
}
