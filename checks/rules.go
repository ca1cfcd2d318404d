// Package checks holds the rules of the 年度报告 tables as data and evaluates them on a model.Report.
//
// A rule has an id, a severity and a Chinese description. Most rules are identities generated from the form
// spec, one instance per column or row where they apply:
//
//	T3-1  表三 each column: 一 + 二 = （七）总计 + 四
//	T3-2  表三 each column: （七）总计 = （一） + （二） + （三）1–8 + （四）1–3 + （五）1–5 + （六）
//	T3-3  表三 each row: 总计 = the six applicant columns
//	T4-1…T4-3  表四 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
//
// The other rules (value kinds, 表二 plausibility, cross-year carry-over, and what the reader notices while
// reading a file) share the same registry, so `nianbao spec --json` lists every rule a finding can name.
package checks

import (
	"encoding/json"
	"fmt"
)

// Severity says what a finding asks of the unit.
type Severity int

// Severities, most serious first.
const (
	// Error must be fixed before the report is accepted (错误).
	Error Severity = iota
	// Warning needs a look and, if right, an explanation (警告).
	Warning
	// Info only informs, e.g. how a text was read (提示).
	Info
)

// String returns the Chinese name clerks see.
func (s Severity) String() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	}
	return "提示"
}

// MarshalJSON writes the Chinese name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// UnmarshalJSON reads the Chinese name.
func (s *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return err
	}
	for _, c := range []Severity{Error, Warning, Info} {
		if c.String() == name {
			*s = c
			return nil
		}
	}
	return fmt.Errorf("checks: unknown severity %q", name)
}

// Rule is one check, with what clerks read about it.
type Rule struct {
	ID          string   `json:"id"`
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
}

// The rules. Identity rules are evaluated by Run; the rules of the reader (R-…) are raised by whoever reads a
// file, with the same ids and severities.
var (
	T3Balance  = Rule{"T3-1", Error, "表三 每一列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理（表中注明的勾稽关系）"}
	T3Results  = Rule{"T3-2", Error, "表三 每一列：（七）总计 = （一）至（六）各项办理结果之和"}
	T3RowTotal = Rule{"T3-3", Error, "表三 每一行：总计 = 自然人 + 法人或其他组织五列之和"}
	T3Kind     = Rule{"T3-4", Error, "表三 所有数值为非负整数"}
	T4Review   = Rule{"T4-1", Error, "表四 行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"}
	T4Suit     = Rule{"T4-2", Error, "表四 未经复议直接起诉：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"}
	T4After    = Rule{"T4-3", Error, "表四 复议后起诉：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"}
	T4Kind     = Rule{"T4-4", Error, "表四 所有数值为非负整数"}
	T2Issued   = Rule{"T2-1", Warning, "表二（2021版）第二十条第（一）项：本年制发件数一般不大于现行有效件数"}
	T2Publish  = Rule{"T2-2", Warning, "表二（2019版）第二十条第（一）项：本年新公开数量一般不大于本年新制作数量"}
	T2Cumul    = Rule{"T2-3", Warning, "表二（2019版）第二十条第（一）项：对外公开总数量（累计）不小于本年新公开数量"}
	T2Kind     = Rule{"T2-4", Error, "表二 数值类型：件数为非负整数，本年增/减为整数，金额（万元）为非负数"}
	T2Projects = Rule{"T2-5", Warning, "表二（2019版）上一年项目数量 + 本年增/减 不应小于 0"}
	XCarry     = Rule{"X-1", Warning, "跨年度：本年“二、上年结转”每一列 = 上年度“四、结转下年度继续办理”同一列；不相等时请在“校验”工作表的说明栏写明原因"}
	XProjects  = Rule{"X-2", Warning, "跨年度（2019版表二）：本年上一年项目数量 = 上年度上一年项目数量 + 上年度本年增/减"}
	XValid     = Rule{"X-3", Info, "跨年度（2021版表二）：现行有效件数 ≈ 上年度现行有效件数 + 本年制发 − 本年废止（口径不同时可不相等）"}

	RText     = Rule{"R-1", Info, "单元格文字已换算为数值（文本数字、全角数字、千位分隔符、单位、“减1”等）"}
	RBlank    = Rule{"R-2", Info, "空白的填报单元格按 0 计"}
	RFormula  = Rule{"R-3", Warning, "合计单元格的公式被改为数值：按填写的数值核对"}
	RUnread   = Rule{"R-4", Error, "单元格内容无法识别为数值"}
	RTable    = Rule{"R-5", Error, "找不到表格或表格结构与官方格式不符"}
	RYear     = Rule{"R-6", Error, "报告年度或表格版本与要求不符"}
	RFile     = Rule{"R-7", Error, "文件无法读取"}
	RDouble   = Rule{"R-8", Error, "同一单位被重复汇总"}
	RReplaced = Rule{"R-9", Warning, "同一单位报送了多个文件，仅采用最新的一个"}
	RUnit     = Rule{"R-10", Warning, "单位代码或名称与名单不符"}
	RLayout   = Rule{"R-11", Warning, "模板的表格结构被改动（插入或删除了行列、改动了标签），已按标签重新定位"}
	RTyped    = Rule{"R-12", Error, "合计单元格的公式被改为数值，且与公式计算的结果不符：应恢复公式"}
	ROddYear  = Rule{"R-13", Warning, "未指定报告年度时，文件的报告年度与本批多数文件不同"}
	RSummary  = Rule{"R-14", Error, "标明为汇总表的文件，其明细与合计不符或不完整，不能作为汇总表采用"}
	RTampered = Rule{"R-15", Warning, "文件已在本工具之外修改（隐藏标记的校验码不符）"}
	RHidden   = Rule{"R-16", Error, "隐藏的工作表中有一份表格，可见的工作表中又有一份，无法确定以哪份为准"}
	RProse    = Rule{"P-1", Warning, "正文中引用的数字与表格不一致"}
	RParts    = Rule{"P-2", Warning, "报告缺少规定的部分或顺序不对"}
	RFee      = Rule{"P-3", Warning, "2021年起第六部分应说明信息处理费的收取情况"}
)

// All lists every rule, in the order `nianbao spec` prints them.
var All = []Rule{
	T2Issued, T2Publish, T2Cumul, T2Kind, T2Projects,
	T3Balance, T3Results, T3RowTotal, T3Kind,
	T4Review, T4Suit, T4After, T4Kind,
	XCarry, XProjects, XValid,
	RText, RBlank, RFormula, RUnread, RTable, RYear, RFile, RDouble, RReplaced, RUnit, RLayout, RTyped, ROddYear,
	RSummary, RTampered, RHidden,
	RProse, RParts, RFee,
}
