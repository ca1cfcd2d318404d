package main

import (
	"encoding/json"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
	"nianbao/compare"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "compare",
			Usage:     "比较同一单位同一年度的两份报告（报送的工作簿、汇总表中的一行、公开发布的年度报告），列出每个不同的单元格",
			ArgsUsage: "A B",
			Description: `A、B 可以是工作簿（.xlsx .xlsm .xls .et .ods）、汇总表中的一个单位（汇总.xlsx#单位代码），
或公开发布的年度报告（网页、文本、Word、PDF 转出的文本）。
先列出单位、年度或表格版本不一致之处，再列出每个数值不同的单元格及其在两份文件中的位置。
退出码：0 = 两份报告一致；1 = 有不同；2 = 命令无法执行。

示例：
  nianbao compare 收到/市财政局.xlsx 市财政局2023年报.html
  nianbao compare 汇总.xlsx#A01 年报.docx
  nianbao compare --unit A01 汇总.xlsx 年报.txt`,
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出"},
				&cli.StringFlag{Name: "unit", Usage: "从汇总表中取此单位代码（或名称）的一行来比较"},
			},
			Action: runCompare,
		}
	})
}

func runCompare(c *cli.Context) error {
	if c.NArg() != 2 {
		return fail("请指定要比较的两份报告，例如：nianbao compare 市财政局.xlsx 年报.html")
	}
	unit := c.String("unit")
	a, err := batch.LoadSide(c.Args().Get(0), unit, batch.Options{Workers: 1})
	if err != nil {
		return fail("%v", err)
	}
	b, err := batch.LoadSide(c.Args().Get(1), unit, batch.Options{Workers: 1})
	if err != nil {
		return fail("%v", err)
	}
	if unit != "" && a.Member == "" && b.Member == "" {
		return fail("--unit %s：两份文件都不是汇总表", unit)
	}
	cmp := compare.Compare(a, b)
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cmp); err != nil {
			return err
		}
	} else if err := compare.WriteComparison(c.App.Writer, cmp); err != nil {
		return err
	}
	if !cmp.Equal {
		return errFindings
	}
	return nil
}
