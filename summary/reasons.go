package summary

import (
	"fmt"

	"nianbao/checks"
)

// whyNot says in Chinese why a roster unit that sent a file is not (or only despite errors) in the totals:
// a wrong report year, errors (the first of them), a file that cannot be read.
func (b *builder) whyNot(row Row, inputs []Input, i int) string {
	f := b.used[i]
	if f < 0 {
		return ""
	}
	in := inputs[f]
	var first *checks.Finding
	for i, x := range in.Findings {
		if x.Fault() && x.Severity == checks.Error {
			if x.Rule == checks.RYear.ID {
				return "未计入合计：报告年度不符（" + x.Message + "）"
			}
			if first == nil {
				first = &in.Findings[i]
			}
		}
	}
	prefix := "未计入合计："
	if row.Included {
		prefix = "有错误，按 --include-invalid 计入合计："
	}
	switch {
	case row.Status == Unreadable && first != nil:
		return prefix + "文件无法读取（" + first.Message + "）"
	case row.Status == Unreadable:
		return prefix + "文件无法读取"
	case first != nil:
		return fmt.Sprintf("%s有错误 %d 条，第一条：%s", prefix, checks.Count(in.Findings).Errors, first.Message)
	}
	return ""
}

// crossYearOf counts a roster unit whose file has cross-year differences, and lists it when it did
// not explain every one of them.
func (b *builder) crossYearOf(row Row, inputs []Input, i int) {
	f := b.used[i]
	if f < 0 || b.covered[i] >= 0 {
		return
	}
	any, unexplained := false, false
	for _, x := range inputs[f].Findings {
		if x.Rule == checks.XCarry.ID && x.Fault() {
			any = true
			unexplained = unexplained || !x.Explained()
		}
	}
	if !any {
		return
	}
	b.res.Counts.CrossYear++
	if unexplained {
		b.res.Unexplained = append(b.res.Unexplained, fmt.Sprintf("%s（%s）", row.Name, row.Code))
	} else {
		b.res.Counts.CrossYearExplained++
	}
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "；" + b
}
