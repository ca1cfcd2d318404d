package xlsx

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// treeKeys are the totals 分级汇总 shows for every roster branch, and the chart's value.
var treeKeys = []string{"t3.new.total", "t3.carried.total", "t3.resulttotal.total", "t3.carryover.total",
	"t4.review.total", "t4.suit.total", "t4.suitafter.total"}

// info writes 汇总说明: what the summary covers, when and how it was made, and the counts.
func (sw *summaryWriter) info(sheet string) error {
	res := sw.res
	c := res.Counts
	policy := "只汇总没有错误的报表（已报送·通过、已报送·有警告）；有错误或无法读取的报表不计入合计。"
	if res.IncludeInvalid {
		policy = "按 --include-invalid 要求，有错误的报表也计入了合计，并在“报送情况”和各明细表中标为“含错误，已计入”；无法读取的报表不计入。"
	}
	region := res.Region.Name
	if res.Region.Code != "" {
		region += "（" + res.Region.Code + "）"
	}
	doc := "国办公开办函〔2021〕30号"
	if res.Version == model.V2019 {
		doc = "国办公开办函〔2019〕60号"
	}
	rows := [][2]any{
		{"汇总范围", region},
		{"报告年度", fmt.Sprintf("%d年度", res.Year)},
		{"表格版本", fmt.Sprintf("%d版（%s）", res.Version, doc)},
		{"生成时间", res.Made.Format("2006-01-02 15:04:05")},
		{"生成工具", res.Tool},
		{"应报单位数", c.Expected},
		{"已报送", c.Reported},
		{"通过", c.Passed},
		{"有警告", c.Warned},
		{"有错误", c.Failed},
		{"无法读取", c.Unreadable},
		{"未报送", c.Missing},
		{"计入合计的单位数", c.Included},
		{"名单外的文件", c.OffRoster},
		{"被替代的文件", c.Replaced},
		{"重复汇总的文件", c.Double},
		{"汇总口径", policy},
	}
	if c.Explained > 0 {
		rows = append(rows, [2]any{"通过（警告已说明）", c.Explained})
	}
	if c.CrossYear > 0 {
		cross := fmt.Sprintf("%d 个单位，其中已说明原因 %d 个", c.CrossYear, c.CrossYearExplained)
		if len(res.Unexplained) > 0 {
			cross += "；未说明：" + strings.Join(res.Unexplained, "、")
		}
		rows = append(rows, [2]any{"跨年度核对不一致", cross})
	}
	if err := sw.f.SetColWidth(sheet, "A", "A", 20); err != nil {
		return err
	}
	if err := sw.f.SetColWidth(sheet, "B", "B", 90); err != nil {
		return err
	}
	if err := sw.setRow(sheet, 1, 1, sw.st.title, fmt.Sprintf("%s %d年度政府信息公开工作年度报告统计表汇总", res.Region.Name, res.Year)); err != nil {
		return err
	}
	r := 3
	for _, kv := range rows {
		if err := sw.setRow(sheet, 1, r, sw.st.header, kv[0]); err != nil {
			return err
		}
		if err := sw.setRow(sheet, 2, r, sw.st.text, kv[1]); err != nil {
			return err
		}
		r++
	}
	notes := []string{
		"表二、表三、表四：按官方格式填列的汇总数据，合计为公式；“校验”工作表核对各项勾稽关系。",
		"分级汇总：名单中每个单位及其下属单位的合计，按层级缩进。",
		"表二明细、表三明细、表四明细：计入合计的每个单位一行，第2行为数据键名（供程序读取），可筛选。",
		"报送情况：按名单顺序列出每个单位的报送状态、文件和 SHA-256 校验值，以及名单外、被替代、重复汇总的文件。",
		"校验问题：所有文件的全部校验问题，可筛选。",
	}
	if len(res.Internal) > 0 {
		notes = append([]string{"【内部错误】以下合计不满足校验规则，汇总结果不可靠，请将输入文件提供给技术支持："}, append(res.Internal, notes...)...)
	}
	r++
	if err := sw.setRow(sheet, 1, r, sw.st.bold, "工作表说明"); err != nil {
		return err
	}
	for _, n := range notes {
		r++
		if err := sw.setRow(sheet, 1, r, 0, n); err != nil {
			return err
		}
	}
	return nil
}

// tree writes 分级汇总: one row per roster unit in tree order, indented by level, with the key totals of
// the unit and everything below it.
func (sw *summaryWriter) tree(sheet string) error {
	res := sw.res
	form := model.FormOf(res.Version)
	head := []any{"单位代码", "单位名称", "类别", "应报单位数", "已报送", "计入合计"}
	for _, k := range treeKeys {
		c, _ := form.Cell(k)
		head = append(head, fmt.Sprintf("%s %s（%s）", c.Table.Name, c.Row.Label, c.Col.Label))
	}
	several := len(res.Nodes) == 0 || res.Nodes[0].Total != res.Total // several top units: a line for the region
	n := len(res.Nodes)
	if several {
		n++
	}
	widths := []float64{14, 36, 10}
	for len(widths) < 13 { // D to M
		widths = append(widths, 14)
	}
	// Streamed like the 明细 sheets: a roster of ten thousand units is ten thousand rows.
	s, err := sw.newStreamHigh(sheet, [][]any{head}, []int{sw.st.header}, n, 2, 48, widths...)
	if err != nil {
		return err
	}
	styles := make([]int, len(head))
	for i := range styles {
		styles[i] = sw.st.number
	}
	styles[0] = sw.st.text
	for _, n := range res.Nodes {
		name := n.Unit.Name
		if n.Invalid > 0 {
			name += fmt.Sprintf("（含 %d 个有错误的单位）", n.Invalid)
		}
		vals := []any{n.Unit.Code, name, n.Category, n.Units, n.Reported, n.Included}
		for _, k := range treeKeys {
			if n.Total == nil {
				vals = append(vals, nil)
			} else {
				vals = append(vals, n.Total.Get(k))
			}
		}
		styles[1] = sw.st.indent[min(n.Level, len(sw.st.indent)-1)]
		if err := s.addStyled(vals, styles); err != nil {
			return err
		}
	}
	if several {
		vals := []any{res.Region.Code, "合计", nil, res.Counts.Expected, res.Counts.Reported, res.Counts.Included}
		for _, k := range treeKeys {
			vals = append(vals, res.Total.Get(k))
		}
		for i := range styles {
			styles[i] = sw.st.number
		}
		if err := s.addStyled(vals, styles); err != nil {
			return err
		}
	}
	return s.flush()
}

// chart writes the top 20 units by 本年新收申请 and a bar chart of them.
func (sw *summaryWriter) chart(sheet string) error {
	f := sw.f
	key := treeKeys[0]
	type bar struct {
		name string
		v    float64
	}
	var bars []bar
	for _, u := range sw.res.Detail() {
		bars = append(bars, bar{u.Name, u.Report.Get(key)})
	}
	sort.SliceStable(bars, func(i, j int) bool { return bars[i].v > bars[j].v })
	bars = bars[:min(20, len(bars))]
	c, _ := model.FormOf(sw.res.Version).Cell(key)
	title := fmt.Sprintf("本年新收政府信息公开申请数量（%s）前 %d 个单位", c.Col.Label, len(bars))
	if err := sw.setRow(sheet, 1, 1, sw.st.header, "单位名称", "本年新收申请"); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 30); err != nil {
		return err
	}
	for i, b := range bars {
		if err := sw.setRow(sheet, 1, i+2, sw.st.text, b.name); err != nil {
			return err
		}
		if err := sw.setRow(sheet, 2, i+2, sw.st.number, b.v); err != nil {
			return err
		}
	}
	if len(bars) == 0 {
		return sw.setRow(sheet, 1, 2, 0, "没有计入合计的单位，无图表。")
	}
	n := len(bars) + 1
	q := "'" + sheet + "'!"
	return f.AddChart(sheet, "D2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       q + "$B$1",
			Categories: fmt.Sprintf("%s$A$2:$A$%d", q, n),
			Values:     fmt.Sprintf("%s$B$2:$B$%d", q, n),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true},
		Dimension: excelize.ChartDimension{Width: 720, Height: uint(120 + 22*len(bars))},
	})
}
