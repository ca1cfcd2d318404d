package templates

import "nianbao/model"

// The sheets of a summary workbook besides the official tables, the 校验 sheet and the meta sheet.
const (
	SummaryInfoSheet   = "汇总说明"
	SummaryTreeSheet   = "分级汇总"
	SummaryStatusSheet = "报送情况"
	SummaryIssuesSheet = "校验问题"
	SummaryChartSheet  = "图表"
	// SummaryYoYSheet compares the summary with last year's; written only when last year's figures are known.
	SummaryYoYSheet = "同比"
)

// DetailSuffix ends the names of a summary workbook's detail sheets ("表三明细"). Row 1 (hidden) holds the
// machine keys (DetailCode, DetailName, DetailParent, DetailStatus, then one cell key per column), rows 2
// and 3 the Chinese headers (the row group, merged over its columns, then the column; DetailCodeHeader
// heads the code column), and every further row one summed unit, numbers as numbers. Summaries written
// before had one header row above the key row; readers find the key row in the first DetailKeyRows rows.
const DetailSuffix = "明细"

// DetailCodeHeader heads the code column of a detail sheet; DetailKeyRows is how many top rows may hold
// the key row.
const (
	DetailCodeHeader = "单位代码"
	DetailKeyRows    = 4
)

// DetailSheet is the name of the detail sheet of a table: "表三明细".
func DetailSheet(t *model.Table) string { return t.Name + DetailSuffix }

// Machine keys of the first four columns of the detail sheets.
const (
	DetailCode   = "code"
	DetailName   = "name"
	DetailParent = "parent"
	DetailStatus = "status"
)
