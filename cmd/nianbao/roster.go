package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/xlsx"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "roster",
			Usage:     "生成空白的单位名单（.xlsx）：单位代码、单位名称、上级单位代码、类别",
			UsageText: "nianbao roster -o 名单.xlsx",
			Description: `名单用于按单位生成模板（template --roster）和汇总（summary --roster）。
第2行是示例，请改写或删除；顶层单位的上级单位代码留空。`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件（.xlsx）", Required: true},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的文件"},
			},
			Action: func(c *cli.Context) error {
				out := c.String("output")
				if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
					return fail("输出文件 %s 应以 .xlsx 结尾", out)
				}
				if err := prepareOutput(out, c.Bool("force")); err != nil {
					return err
				}
				if err := xlsx.WriteRoster(out, nil); err != nil {
					return fail("无法写入 %s：%v", out, err)
				}
				fmt.Fprintf(c.App.Writer, "已生成空白名单 %s：请按表头填写各单位，第2行示例可改写或删除。\n", out)
				return nil
			},
		}
	})
}
