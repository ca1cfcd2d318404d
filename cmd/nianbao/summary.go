package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "summary",
			Usage:     "按名单汇总各单位的报表：报送情况、分级汇总、全区合计，生成汇总表（.xlsx）",
			ArgsUsage: "文件或文件夹...",
			Description: `先校验每个文件（同 check），再按名单对应单位：先按文件中的单位代码，再按完全一致的单位名称；
名称相近的只提示，不自动对应。同一单位有多个文件时采用修改时间最新的一个，其余列为“被替代”。
只汇总没有错误的报表；加 --include-invalid 时有错误的报表也计入，并在各处标注。
汇总表本身也是一份报表：上级可以把各区县的汇总表作为输入再汇总。
退出码：0 = 没有错误；1 = 有文件存在错误或无法读取；2 = 命令无法执行。

示例：
  nianbao summary --roster 名单.xlsx --year 2024 -o 汇总.xlsx 收到/
  nianbao summary --roster 名单.xlsx --year 2024 --previous 去年/汇总.xlsx -o 汇总.xlsx 收到/
  nianbao summary --roster 名单.xlsx --year 2024 --region 示例市 -o 汇总.xlsx 收到/
  nianbao summary --roster 全市名单.xlsx --year 2024 -o 全市汇总.xlsx 各区汇总/ 市直部门/`,
			Flags: append([]cli.Flag{
				&cli.StringFlag{Name: "roster", Usage: "单位名单（.xlsx，或 Excel/WPS 另存的 .csv）", Required: true},
				&cli.IntFlag{Name: "year", Usage: "报告年度，如 2024", Required: true},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "汇总表输出文件（.xlsx）", Required: true},
				&cli.StringFlag{Name: "previous", Usage: "上一年度的汇总表、文件或文件夹，用于跨年度核对和“同比”工作表"},
				&cli.StringFlag{Name: "region", Usage: "汇总范围的名称（如“示例市”），用于标题、汇总范围和页眉；默认取名单中唯一的顶层单位名称，去掉“人民政府办公室”等后缀"},
				&cli.BoolFlag{Name: "include-invalid", Usage: "有错误的报表也计入合计（会在汇总表中标注）"},
				&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出汇总结果"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的输出文件"},
			}, batchFlags()...),
			Action: runSummary,
		}
	})
}

func runSummary(c *cli.Context) error {
	if c.NArg() == 0 {
		return fail("请指定各单位交回的文件或文件夹，例如：nianbao summary --roster 名单.xlsx --year 2024 -o 汇总.xlsx 收到/")
	}
	out := c.String("output")
	if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return fail("输出文件 %s 应以 .xlsx 结尾", out)
	}
	if err := checkInputs(append([]string{c.String("roster")}, c.Args().Slice()...)); err != nil {
		return err
	}
	if in := insideInput(out, c.Args().Slice()); in != "" {
		return fail("汇总表 %s 位于输入文件夹 %s 之内：下次汇总或校验时它会被当作交回的文件重复计入。请写到输入文件夹以外", out, in)
	}
	if err := prepareOutput(out, c.Bool("force")); err != nil {
		return err
	}
	roster, err := loadRoster(c.String("roster"))
	if err != nil {
		return err
	}
	opt, err := batchOptions(c)
	if err != nil {
		return err
	}
	if err := notAnInput(out, c.Args().Slice()); err != nil {
		return err
	}
	opt.Progress = progress(c, 0)
	res, err := summary.Run(roster, c.Args().Slice(), opt, summary.Options{Year: opt.Year,
		IncludeInvalid: c.Bool("include-invalid"), Tool: toolName(), Region: c.String("region")})
	if err != nil {
		return fail("%v", err)
	}
	if err := xlsx.WriteSummary(out, res.Result); err != nil {
		return fail("无法写入汇总表 %s：%v", out, err)
	}
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.Document()); err != nil {
			return err
		}
	} else if err := writeSummaryText(c.App.Writer, res.Result, out); err != nil {
		return err
	}
	if len(res.Internal) > 0 || res.Counts.Failed+res.Counts.Unreadable+res.Counts.Double+res.Counts.Refused > 0 {
		return errFindings
	}
	return nil
}

// loadRoster reads a roster and refuses it, with every problem and its row, before anything else runs.
func loadRoster(path string) (*model.Roster, error) {
	roster, err := read.ReadRoster(path)
	if err != nil {
		return nil, fail("%v", err)
	}
	if problems := roster.Problems(); len(problems) > 0 {
		return nil, fail("名单 %s 有 %d 处问题，请改正后再汇总：\n  %s", path, len(problems), strings.Join(problems, "\n  "))
	}
	return roster, nil
}

// notAnInput refuses an output path that is one of the input files.
func notAnInput(out string, args []string) error {
	files, _, err := batch.Collect(args)
	if err != nil {
		return nil // reported by the run itself
	}
	for _, f := range files {
		if sameFile(f, out) {
			return fail("输出文件 %s 是输入文件之一，请换一个文件名", out)
		}
	}
	return nil
}

func sameFile(a, b string) bool {
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

// writeSummaryText prints the counts, the units that need attention and where the summary is.
func writeSummaryText(w io.Writer, res *summary.Result, out string) error {
	var b strings.Builder
	c := res.Counts
	explained := ""
	if c.Explained > 0 {
		explained = fmt.Sprintf("，其中警告已说明 %d", c.Explained)
	}
	fmt.Fprintf(&b, "%s %d年度汇总：应报 %d，已报 %d（通过 %d%s，有警告 %d，有错误 %d，无法读取 %d），未报送 %d；计入合计 %d 个单位。\n",
		batch.Escape(res.Name), res.Year, c.Expected, c.Reported, c.Passed, explained, c.Warned, c.Failed, c.Unreadable, c.Missing, c.Included)
	if c.OffRoster+c.Replaced+c.Double+c.Refused > 0 {
		fmt.Fprintf(&b, "另有名单外文件 %d 个，被替代文件 %d 个，重复汇总文件 %d 个，未采用的汇总表 %d 个。\n", c.OffRoster, c.Replaced, c.Double, c.Refused)
	}
	for _, u := range res.Units {
		switch u.Status {
		case summary.Passed, summary.Explained, summary.Warned:
			continue
		}
		fmt.Fprintf(&b, "  【%s】%s %s", u.Status, batch.Escape(u.Code), batch.Escape(u.Name))
		if u.File != "" {
			fmt.Fprintf(&b, "  %s", batch.Escape(filepath.Base(u.File)))
		}
		if u.Note != "" {
			fmt.Fprintf(&b, "  %s", batch.Escape(u.Note))
		}
		b.WriteString("\n")
	}
	if c.CrossYear > 0 {
		fmt.Fprintf(&b, "跨年度核对（X-1）不一致的单位 %d 个，其中已说明原因 %d 个", c.CrossYear, c.CrossYearExplained)
		if len(res.Unexplained) > 0 {
			fmt.Fprintf(&b, "；未说明的：%s", strings.Join(res.Unexplained, "、"))
		}
		b.WriteString("。\n")
	}
	for _, e := range res.Internal {
		fmt.Fprintf(&b, "内部错误：%s\n", e)
	}
	if res.IncludeInvalid {
		b.WriteString("注意：有错误的报表也已计入合计（--include-invalid）。\n")
	}
	fmt.Fprintf(&b, "汇总表已写入 %s\n", batch.Escape(out))
	_, err := io.WriteString(w, b.String())
	return err
}
