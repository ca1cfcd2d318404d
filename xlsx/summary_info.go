package xlsx

import (
	"fmt"
	"strings"

	"nianbao/model"
	"nianbao/summary"
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
	region := res.Name
	if res.Region.Code != "" {
		region += "（" + res.Region.Name + " " + res.Region.Code + " 及其下属单位）"
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
	if err := sw.setRow(sheet, 1, 1, sw.st.title, fmt.Sprintf("%s%d年度政府信息公开工作年度报告统计表汇总", res.Name, res.Year)); err != nil {
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
		"表二、表三、表四：按官方格式填列的汇总数据，合计为公式；汇总结果已锁定，不能修改；“校验”工作表核对各项勾稽关系。",
		"分级汇总：名单中每个单位按层级缩进；有下属单位的，先列“小计”（加粗、底色：本单位及全部下属单位），再列“本级”（本单位自己的报表）。",
		"表二明细、表三明细、表四明细：计入合计的每个单位一行；第2、3行为表头（行项目、列项目），第1行（隐藏）为数据键名，供程序读取；可筛选。",
		"报送情况：按名单顺序列出每个单位的报送状态、文件和 SHA-256 校验值，以及名单外、被替代、重复汇总的文件。",
		"校验问题：所有文件的全部校验问题，可筛选。",
		"图表：本年新收申请数量最多的单位。",
	}
	if res.YoY != nil {
		notes = append(notes, fmt.Sprintf("同比：与%d年度相比的主要数字、变化最大的单位，以及可用于年度报告第三部分的文字。", res.Year-1))
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

// Values of the 口径 column of 分级汇总.
const (
	TreeSubtotal = "小计" // a unit with units below it: itself and everything below
	TreeOwn      = "本级" // that unit's own report
	TreeUnit     = "单位" // a unit without units below it
	TreeTotal    = "合计" // the region, when the roster has several top units
)

// tree writes 分级汇总: for every roster unit in tree order, indented by level, the key totals; a unit with
// units below it has a 小计 row (bold, filled: itself and everything below) followed by its 本级 row (its own
// report), then the rows of the units below.
func (sw *summaryWriter) tree(sheet string) error {
	res := sw.res
	form := model.FormOf(res.Version)
	head := []any{"单位代码", "单位名称", "口径", "类别", "应报单位数", "已报送", "计入合计"}
	for _, k := range treeKeys {
		c, _ := form.Cell(k)
		head = append(head, fmt.Sprintf("%s %s（%s）", c.Table.Name, c.Row.Label, c.Col.Label))
	}
	several := len(res.Nodes) == 0 || res.Nodes[0].Total != res.Total // several top units: a line for the region
	n := len(res.Nodes)
	for _, nd := range res.Nodes {
		if nd.Branch {
			n++
		}
	}
	if several {
		n++
	}
	widths := []float64{10, 34, 6, 8, 7, 7, 7}
	for len(widths) < len(head) {
		widths = append(widths, 11)
	}
	// Streamed like the 明细 sheets: a roster of ten thousand units is ten thousand rows.
	s, err := sw.newList(sheet, listSheet{headers: [][]any{head}, styles: []int{sw.st.header}, heights: []float64{62},
		n: n, frozenCols: 2, widths: widths})
	if err != nil {
		return err
	}
	rows := map[string]summaryRow{}
	for _, u := range res.Units {
		if u.OnRoster && (u.Status != summary.Replaced && u.Status != summary.Double) {
			rows[u.Code] = summaryRow{reported: u.Status != summary.Missing, included: u.Included}
		}
	}
	add := func(code, name, kind, cat string, units, reported, included int, r *model.Report, level int, sub bool) error {
		vals := []any{code, name, kind, cat, units, reported, included}
		for _, k := range treeKeys {
			if r == nil {
				vals = append(vals, nil)
			} else {
				vals = append(vals, r.Get(k))
			}
		}
		num, txt, nm := sw.st.number, sw.st.text, sw.st.indent
		if sub {
			num, txt, nm = sw.st.subNumber, sw.st.subText, sw.st.subIndent
		}
		styles := make([]int, len(vals))
		for i := range styles {
			styles[i] = num
		}
		styles[0], styles[2], styles[3] = txt, txt, txt
		styles[1] = nm[min(level, len(nm)-1)]
		return s.addStyled(vals, styles)
	}
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	return sw.rows(s, func() error {
		for _, nd := range res.Nodes {
			name := nd.Unit.Name
			if nd.Invalid > 0 {
				name += fmt.Sprintf("（含 %d 个有错误的单位）", nd.Invalid)
			}
			if !nd.Branch {
				if err := add(nd.Unit.Code, name, TreeUnit, nd.Category, nd.Units, nd.Reported, nd.Included, nd.Total, nd.Level, false); err != nil {
					return err
				}
				continue
			}
			if err := add(nd.Unit.Code, name+" 及下属单位", TreeSubtotal, nd.Category, nd.Units, nd.Reported, nd.Included, nd.Total, nd.Level, true); err != nil {
				return err
			}
			own := rows[nd.Unit.Code]
			if err := add(nd.Unit.Code, nd.Unit.Name+"（本级）", TreeOwn, nd.Category, 1, b2i(own.reported), b2i(own.included), nd.Own, nd.Level+1, false); err != nil {
				return err
			}
		}
		if several {
			if err := add(res.Region.Code, res.Name+" 合计", TreeTotal, "", res.Counts.Expected, res.Counts.Reported, res.Counts.Included, res.Total, 0, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// summaryRow is what 分级汇总 needs of a roster unit's 报送情况 row.
type summaryRow struct{ reported, included bool }
