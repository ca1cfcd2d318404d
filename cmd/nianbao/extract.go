package main

import (
	"fmt"
	"os"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "extract",
			Usage:     "从公开发布的年度报告（网页、文本、Word、PDF 文件或 PDF 转出的文本）中提取表二、表三、表四并校验",
			ArgsUsage: "文件...",
			Description: `每个文件的结论为：通过 / 有警告 / 有错误 / 无法读取，输出格式与 nianbao check 相同。
除表格的全部校验外，还核对正文中引用的数字（共收到申请 X 件、行政复议 X 件、结转下年度 X 件）与表格是否一致。
-o 把提取出的数据写入该年度的模板（只能有一个输入文件），可作为 --previous 或参与汇总。
退出码：0 = 没有错误；1 = 有文件存在错误或无法读取；2 = 命令无法执行。

示例：
  nianbao extract 年报.html
  nianbao extract 年报.pdf
  nianbao extract --json 年报/*.txt > 结果.json
  nianbao extract -o 市财政局2023.xlsx 市财政局2023年报.docx
  nianbao extract --previous 去年/汇总.xlsx 年报.html`,
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出（与 nianbao check --json 相同）"},
				&cli.IntFlag{Name: "year", Usage: "报告年度（标题中没有年度时采用；与标题不符时报错）"},
				&cli.StringFlag{Name: "previous", Usage: "上一年度的文件、文件夹或汇总表，用于跨年度核对"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "把提取出的数据写入此模板文件（.xlsx）"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的输出文件"},
				&cli.BoolFlag{Name: "verbose", Usage: "同时列出“提示”"},
			},
			Action: runExtract,
		}
	})
}

func runExtract(c *cli.Context) error {
	if c.NArg() == 0 {
		return fail("请指定要提取的年度报告文件，例如：nianbao extract 年报.html")
	}
	out := c.String("output")
	if out != "" && c.NArg() != 1 {
		return fail("-o 只能用于一个输入文件，现有 %d 个", c.NArg())
	}
	if out != "" && isInput(out, c.Args().First()) {
		return fail("输出文件 %s 就是输入文件，不能覆盖", out)
	}
	if out != "" {
		if err := prepareOutput(out, c.Bool("force")); err != nil {
			return err
		}
	}
	opt := batch.Options{Year: c.Int("year")}
	if y := opt.Year; y != 0 && !model.ValidYear(y) {
		return fail("--year %d 不是有效的报告年度", y)
	}
	if p := c.String("previous"); p != "" {
		prev, err := loadPrevious(p, batch.Options{Year: opt.Year, Limits: read.DefaultLimits()})
		if err != nil {
			return err
		}
		opt.Previous = prev.Lookup
	}
	var files []batch.File
	for _, path := range c.Args().Slice() {
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return fail("%s 是文件夹；请列出要提取的报告文件", path)
		}
		files = append(files, batch.ExtractFile(path, opt))
	}
	if out != "" {
		if err := writeExtracted(c, out, files[0]); err != nil {
			return err
		}
	}
	doc := batch.NewDocument(files, nil)
	return writeDocument(c, doc)
}

// writeExtracted writes the report of f into our template for its year, never over its input.
func writeExtracted(c *cli.Context, out string, f batch.File) error {
	r := f.Report
	if r == nil {
		return fail("%s 无法读取，未生成 %s", f.Path, out)
	}
	if isInput(out, f.Path) {
		return fail("输出文件 %s 就是输入文件，不能覆盖", out)
	}
	if err := checkTarget(out, c.Bool("force")); err != nil {
		return err
	}
	if r.Year == 0 {
		return fail("%s 的标题中找不到报告年度，请用 --year 指定后再生成 %s", f.Path, out)
	}
	v := model.VersionForYear(r.Year)
	for _, t := range model.FormOf(v).Tables {
		if tv, ok := r.Tables[t.ID]; ok && tv != v {
			return fail("%s 的%s使用 %d 版格式，而 %d 年度的模板是 %d 版格式，无法写入 %s",
				f.Path, t.Name, tv, r.Year, v, out)
		}
	}
	err := xlsx.WriteTemplate(out, xlsx.TemplateOptions{Year: r.Year, Version: v, Unit: r.Unit, Report: r})
	if err != nil {
		return fail("生成 %s 失败：%v", out, err)
	}
	fmt.Fprintf(c.App.ErrWriter, "已生成：%s（%s，%d年度，%d版表格）\n", out, r.Unit.Name, r.Year, v)
	return nil
}

// isInput reports whether out names the existing input file in.
func isInput(out, in string) bool {
	ia, err1 := os.Stat(out)
	ib, err2 := os.Stat(in)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}
