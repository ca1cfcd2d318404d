package model

// 表二「主动公开政府信息情况」: one block per item of 第二十条, each with its own columns. It has no printed
// totals; its consistency checks are warnings (FORMAT.md §2.1).

const (
	t2Title  = "二、主动公开政府信息情况"
	t2Corner = "信息内容"
)

func table2v2021() *Table {
	decisions := []Line{{Key: "decisions", Label: "本年处理决定数量", Short: "本年处理决定数量", Aliases: []string{"处理决定数量"}}}
	return &Table{ID: "t2", Name: "表二", Title: t2Title, Blocks: []Block{
		{
			Heading: "第二十条第（一）项", Corner: t2Corner,
			Rows: []Line{
				{Key: "rules", Label: "规章", Short: "规章"},
				{Key: "normative", Label: "行政规范性文件", Short: "行政规范性文件", Aliases: []string{"规范性文件"}},
			},
			Cols: []Line{
				{Key: "issued", Label: "本年制发件数", Short: "本年制发件数", Aliases: []string{"本年制发"}},
				{Key: "repealed", Label: "本年废止件数", Short: "本年废止件数", Aliases: []string{"本年废止"}},
				{Key: "valid", Label: "现行有效件数", Short: "现行有效件数", Aliases: []string{"现行有效"}},
			},
		},
		{
			Heading: "第二十条第（五）项", Corner: t2Corner,
			Rows: []Line{{Key: "license", Label: "行政许可", Short: "行政许可"}},
			Cols: decisions,
		},
		{
			Heading: "第二十条第（六）项", Corner: t2Corner,
			Rows: []Line{
				{Key: "penalty", Label: "行政处罚", Short: "行政处罚"},
				{Key: "coercion", Label: "行政强制", Short: "行政强制"},
			},
			Cols: decisions,
		},
		{
			Heading: "第二十条第（八）项", Corner: t2Corner,
			Rows:  []Line{{Key: "fees", Label: "行政事业性收费", Short: "行政事业性收费"}},
			Cols:  []Line{{Key: "amount", Label: "本年收费金额（单位：万元）", Short: "本年收费金额", Aliases: []string{"本年收费金额", "收费金额"}}},
			Kinds: map[string]Kind{"amount": Amount},
		},
	}}
}

func table2v2019() *Table {
	projects := []Line{
		{Key: "previous", Label: "上一年项目数量", Short: "上一年项目数量", Aliases: []string{"上一年"}},
		{Key: "change", Label: "本年增/减", Short: "本年增/减", Aliases: []string{"本年增减", "增/减", "增减"}},
		{Key: "decisions", Label: "处理决定数量", Short: "处理决定数量", Aliases: []string{"本年处理决定数量"}},
	}
	change := map[string]Kind{"change": Change}
	return &Table{ID: "t2", Name: "表二", Title: t2Title, Blocks: []Block{
		{
			Heading: "第二十条第（一）项", Corner: t2Corner,
			Rows: []Line{
				{Key: "rules", Label: "规章", Short: "规章"},
				{Key: "normative", Label: "规范性文件", Short: "规范性文件", Aliases: []string{"行政规范性文件"}},
			},
			Cols: []Line{
				{Key: "made", Label: "本年新制作数量", Short: "本年新制作数量", Aliases: []string{"本年新制作", "新制作数量"}},
				{Key: "published", Label: "本年新公开数量", Short: "本年新公开数量", Aliases: []string{"本年新公开", "新公开数量"}},
				{Key: "total", Label: "对外公开总数量", Short: "对外公开总数量", Aliases: []string{"对外公开总数"}},
			},
		},
		{
			Heading: "第二十条第（五）项", Corner: t2Corner,
			Rows: []Line{
				{Key: "license", Label: "行政许可", Short: "行政许可"},
				{Key: "otherservice", Label: "其他对外管理服务事项", Short: "其他对外管理服务事项"},
			},
			Cols: projects, Kinds: change,
		},
		{
			Heading: "第二十条第（六）项", Corner: t2Corner,
			Rows: []Line{
				{Key: "penalty", Label: "行政处罚", Short: "行政处罚"},
				{Key: "coercion", Label: "行政强制", Short: "行政强制"},
			},
			Cols: projects, Kinds: change,
		},
		{
			Heading: "第二十条第（八）项", Corner: t2Corner,
			Rows: []Line{{Key: "fees", Label: "行政事业性收费", Short: "行政事业性收费"}},
			Cols: projects[:2], Kinds: change,
		},
		{
			Heading: "第二十条第（九）项", Corner: t2Corner,
			Rows: []Line{{Key: "procurement", Label: "政府集中采购", Short: "政府集中采购"}},
			Cols: []Line{
				{Key: "count", Label: "采购项目数量", Short: "采购项目数量", Aliases: []string{"采购项目"}},
				{Key: "amount", Label: "采购总金额", Short: "采购总金额", Aliases: []string{"采购金额"}},
			},
			Kinds: map[string]Kind{"amount": Amount},
		},
	}}
}
