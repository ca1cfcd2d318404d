package model

// 表四「政府信息公开行政复议、行政诉讼情况」: the same in both versions. Printed as one row of 15 cells, it is
// modelled as three rows (行政复议, 未经复议直接起诉, 复议后起诉) of five columns, the last their 总计.
// No total is printed across 复议 and 诉讼 (FORMAT.md T4-4).

func table4() *Table {
	suit := []string{"行政诉讼"}
	return &Table{ID: "t4", Name: "表四", Title: "四、政府信息公开行政复议、行政诉讼情况", Blocks: []Block{{
		Rows: []Line{
			{Key: "review", Label: "行政复议", Short: "行政复议"},
			{Key: "suit", Label: "未经复议直接起诉", Short: "未经复议直接起诉", Groups: suit},
			{Key: "suitafter", Label: "复议后起诉", Short: "复议后起诉", Groups: suit},
		},
		Cols: []Line{
			{Key: "upheld", Label: "结果维持", Short: "结果维持"},
			{Key: "corrected", Label: "结果纠正", Short: "结果纠正"},
			{Key: "other", Label: "其他结果", Short: "其他结果", Aliases: []string{"其他"}},
			{Key: "pending", Label: "尚未审结", Short: "尚未审结", Aliases: []string{"尚未"}},
			{Key: "total", Label: "总计", Short: "总计", Aliases: []string{"合计"}},
		},
		TotalCol: "total",
	}}}
}
