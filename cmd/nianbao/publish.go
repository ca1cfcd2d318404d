package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
	"nianbao/publish"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "publish",
			Usage:     "把一份报告的表二、表三、表四按官方格式输出为 Word（.docx）或网页（.html），供年度报告发布",
			ArgsUsage: "文件",
			Description: `文件可以是单位报送的工作簿、公开发布的年度报告（网页、文本、Word、PDF 转出的文本）、
汇总表（输出全地区合计），或汇总表中的一个单位（汇总.xlsx#单位代码）。
表头的合并单元格与官方表格一致；网页文件中 <body> 内的内容可直接粘贴到网站编辑器中。
不加 -o 时输出到输入文件旁，文件名为“原文件名_表格.docx”。

示例：
  nianbao publish -o 市财政局表格.docx 收到/市财政局.xlsx
  nianbao publish -o 全市表格.html 汇总.xlsx
  nianbao publish -o A01表格.docx 汇总.xlsx#A01
  nianbao publish -o 表格.docx 市财政局2023年报.html`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件（.docx 或 .html）"},
				&cli.StringFlag{Name: "unit", Usage: "从汇总表中取此单位代码（或名称）的一行"},
				&cli.StringFlag{Name: "name", Usage: "标题中的单位或地区名称（默认取自报告；汇总表为其最上级单位，可改为地区名，如“示例市”）"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的输出文件"},
			},
			Action: runPublish,
		}
	})
}

func runPublish(c *cli.Context) error {
	if c.NArg() != 1 {
		return fail("请指定一份报告，例如：nianbao publish -o 表格.docx 市财政局.xlsx")
	}
	spec := c.Args().Get(0)
	side, err := batch.LoadSide(spec, c.String("unit"), batch.Options{Workers: 1})
	if err != nil {
		return fail("%v", err)
	}
	out := c.String("output")
	if out == "" {
		stem := strings.TrimSuffix(filepath.Base(side.Path), filepath.Ext(side.Path))
		if side.Member != "" {
			stem += "_" + side.Member
		}
		out = filepath.Join(filepath.Dir(side.Path), stem+"_表格.docx")
	}
	if publish.FormatOf(out) == "" {
		return fail("输出文件 %s 应为 .docx 或 .html", out)
	}
	if isInput(out, side.Path) {
		return fail("输出文件 %s 就是输入文件，不能覆盖", out)
	}
	if err := checkTarget(out, c.Bool("force")); err != nil {
		return err
	}
	r := side.Report
	if side.Member != "" {
		r = publish.WithZeros(r) // a summary keeps a unit's zeros as blanks
	}
	if name := strings.TrimSpace(c.String("name")); name != "" {
		cp := *r
		cp.Unit.Name = name
		r = &cp
	}
	if err := publish.WriteFile(out, r); err != nil {
		return fail("生成 %s 失败：%v", out, err)
	}
	fmt.Fprintf(c.App.ErrWriter, "已生成：%s（%s，%d年度，%d 张表）\n", out, r.Unit.Name, r.Year, len(r.Tables))
	return nil
}
