package main

import (
	"github.com/urfave/cli/v2"

	"nianbao/demo"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "demo",
			Usage:     "生成一个示例地区（示例市）并走一遍完整流程：名单、模板、收到的文件、校验退回、汇总",
			UsageText: "nianbao demo [-o 文件夹] [--units 40] [--seed 1] [--generate-only]",
			Description: `生成的内容：
  名单.xlsx   示例市的单位名单（市本级部门、各区及其部门和乡镇街道）
  模板/       每个单位一份模板
  收到/       各单位交回的文件：大多数正确，也有常见错误（合计填错、表三差 1、数字格里写文字、
              自制表格、修改后重新报送、名单外单位、有一个单位未报送；装有 LibreOffice 时还有一个 .xls）
  退回/       有错误或警告的文件的带批注副本
  汇总.xlsx   汇总表
同一个 --seed 总是生成相同的文件。`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "示例", Usage: "示例文件夹"},
				&cli.IntFlag{Name: "units", Value: 40, Usage: "单位数"},
				&cli.Int64Flag{Name: "seed", Value: 1, Usage: "随机种子：相同的种子生成相同的文件"},
				&cli.IntFlag{Name: "year", Value: 2024, Usage: "报告年度"},
				&cli.BoolFlag{Name: "generate-only", Usage: "只生成名单、模板和收到的文件，不校验、不汇总"},
				&cli.IntFlag{Name: "workers", Usage: "同时写入的文件数（默认为 CPU 核数）"},
			},
			Action: func(c *cli.Context) error {
				_, err := demo.Run(demo.Options{Dir: c.String("output"), Units: c.Int("units"), Seed: c.Int64("seed"),
					Year: c.Int("year"), GenerateOnly: c.Bool("generate-only"), Workers: c.Int("workers"),
					Tool: toolName(), Out: c.App.Writer})
				if err != nil {
					return fail("%v", err)
				}
				return nil
			},
		}
	})
}
