package demo

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"nianbao/batch"
	"nianbao/summary"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
	"nianbao/xlsx/read"
)

// Outcome is what Run did after generating.
type Outcome struct {
	Plan *Plan
	// Result is the consolidated region (nil with GenerateOnly); Files the checked files.
	Result *summary.Collected
	// Returned are the annotated copies written into 退回/.
	Returned []string
}

// Run generates the sample region, then checks 收到/ (annotated copies into 退回/) and writes the summary
// 汇总.xlsx, printing each step and where to look.
func Run(opt Options) (*Outcome, error) {
	start := time.Now()
	plan, err := Generate(opt)
	if err != nil {
		return nil, err
	}
	w := opt.Out
	if w == nil {
		w = io.Discard
	}
	dir := opt.Dir
	fmt.Fprintf(w, "已生成示例地区“%s”（%d年度，%d 个单位，用时 %.1f 秒）：\n", Region, plan.Year, len(plan.Roster.Units), time.Since(start).Seconds())
	fmt.Fprintf(w, "  名单：%s\n", filepath.Join(dir, RosterFile))
	fmt.Fprintf(w, "  模板：%s（每个单位一份，共 %d 份）\n", filepath.Join(dir, TemplatesDir), plan.Templates)
	fmt.Fprintf(w, "  收到的文件：%s（共 %d 个）\n", filepath.Join(dir, ReceivedDir), len(plan.Files))
	for _, f := range plan.Files {
		if f.Mistake != "" {
			fmt.Fprintf(w, "    %s：%s\n", filepath.Base(f.Path), f.Mistake)
		}
	}
	if plan.Missing.Name != "" {
		fmt.Fprintf(w, "    未报送：%s %s\n", plan.Missing.Code, plan.Missing.Name)
	}
	out := &Outcome{Plan: plan}
	if opt.GenerateOnly {
		return out, nil
	}
	check := batch.Options{Year: plan.Year, Workers: opt.Workers, Limits: read.DefaultLimits()}
	res, err := summary.Run(plan.Roster, []string{filepath.Join(dir, ReceivedDir)}, check,
		summary.Options{Year: plan.Year, Tool: opt.Tool})
	if err != nil {
		return nil, err
	}
	out.Result = res
	ret := filepath.Join(dir, ReturnedDir)
	if err := os.MkdirAll(ret, 0o755); err != nil {
		return nil, err
	}
	if out.Returned, err = annotate.All(res.Files, ret); err != nil {
		return nil, err
	}
	doc := batch.NewDocument(res.Files, res.Skipped)
	s := doc.Stats
	fmt.Fprintf(w, "已校验 %d 个文件：通过 %d，有警告 %d，有错误 %d，无法读取 %d；退回件 %d 份在 %s\n",
		s.Files, s.Passed, s.Warned, s.Failed, s.Unreadable, len(out.Returned), ret)
	sumPath := filepath.Join(dir, SummaryFile)
	if err := xlsx.WriteSummary(sumPath, res.Result); err != nil {
		return nil, err
	}
	c := res.Counts
	fmt.Fprintf(w, "已汇总：应报 %d，已报 %d，未报送 %d，计入合计 %d 个单位；名单外 %d，被替代 %d。\n",
		c.Expected, c.Reported, c.Missing, c.Included, c.OffRoster, c.Replaced)
	fmt.Fprintf(w, "汇总表：%s（先看“汇总说明”和“报送情况”，再看表三、分级汇总和校验问题）\n", sumPath)
	fmt.Fprintf(w, "全部用时 %.1f 秒。自己试试：\n  nianbao check %s\n  nianbao summary --roster %s --year %d -o 汇总2.xlsx %s\n",
		time.Since(start).Seconds(), filepath.Join(dir, ReceivedDir), filepath.Join(dir, RosterFile), plan.Year, filepath.Join(dir, ReceivedDir))
	return out, nil
}
