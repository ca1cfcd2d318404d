package templates

import "nianbao/model"

// The sheets of a summary workbook besides the official tables, the 校验 sheet and the meta sheet.
const (
	SummaryInfoSheet   = "汇总说明"
	SummaryTreeSheet   = "分级汇总"
	SummaryStatusSheet = "报送情况"
	SummaryIssuesSheet = "校验问题"
	SummaryChartSheet  = "图表"
)

// DetailSuffix ends the names of a summary workbook's detail sheets ("表三明细"): row 1 holds Chinese
// headers, row 2 the machine keys (DetailCode, DetailName, DetailParent, DetailStatus, then one cell key per
// column), and every further row one summed unit, numbers as numbers.
const DetailSuffix = "明细"

// DetailSheet is the name of the detail sheet of a table: "表三明细".
func DetailSheet(t *model.Table) string { return t.Name + DetailSuffix }

// Machine keys of the first four columns of the detail sheets.
const (
	DetailCode   = "code"
	DetailName   = "name"
	DetailParent = "parent"
	DetailStatus = "status"
)
