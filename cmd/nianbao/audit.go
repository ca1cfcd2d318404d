package main

import (
	"encoding/json"

	"github.com/urfave/cli/v2"

	"nianbao/audit"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "audit",
			Usage:     "核查一个地区公开发布的年度报告：哪些单位已公开、公开的报告本身的问题、与报送的数据哪里不同",
			ArgsUsage: "公开的年报文件夹...",
			Description: `逐层读取文件夹中公开发布的年度报告（网页 .html、文本 .txt/.md、Word .docx、PDF），
按标题中的单位名称（其次按文件名）对应到名单中的单位。
对每个单位列出：已公开或未找到、公开的报告本身的错误和警告；给出 --submitted 时，
再逐格比较公开的数值与报送的数值，列出每个不同的单元格（两个值及其各自的位置）。
退出码：0 = 全部已公开且无错误、与报送一致；1 = 有单位未公开、报告有错误、无法对应或与报送不同；2 = 命令无法执行。

示例：
  nianbao audit --roster 名单.xlsx 年报/
  nianbao audit --roster 名单.xlsx --submitted 汇总.xlsx -o 核查.xlsx 年报/
  nianbao audit --roster 名单.xlsx --submitted 收到/ --json 年报/ > 核查.json`,
			Flags: append([]cli.Flag{
				&cli.StringFlag{Name: "roster", Usage: "单位名单（.xlsx 或 .csv）", Required: true},
				&cli.StringFlag{Name: "submitted", Usage: "报送的数据：汇总表（汇总.xlsx）或交回的工作簿所在文件夹（收到/）"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "把核查结果写入此工作簿（.xlsx）"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的输出文件"},
				&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出"},
				&cli.IntFlag{Name: "year", Usage: "报告年度（标题中没有年度时采用；与标题不符时报错）"},
			}, limitFlags()...),
			Action: runAudit,
		}
	})
}

func runAudit(c *cli.Context) error {
	if c.NArg() == 0 {
		return fail("请指定公开的年报所在的文件夹，例如：nianbao audit --roster 名单.xlsx 年报/")
	}
	opt, err := batchOptions(c)
	if err != nil {
		return err
	}
	out := c.String("output")
	if out != "" {
		if err := checkTarget(out, c.Bool("force")); err != nil {
			return err
		}
	}
	a, err := audit.Run(audit.Options{Roster: c.String("roster"), Submitted: c.String("submitted"),
		Published: c.Args().Slice(), Batch: opt})
	if err != nil {
		return fail("%v", err)
	}
	if out != "" {
		if err := audit.WriteWorkbook(out, a); err != nil {
			return fail("无法写入 %s：%v", out, err)
		}
	}
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		if err := enc.Encode(a); err != nil {
			return err
		}
	} else if err := audit.WriteText(c.App.Writer, a); err != nil {
		return err
	}
	if a.Failed() {
		return errFindings
	}
	return nil
}
