package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/model"
	"nianbao/xlsx"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "template",
			Usage:     "生成年度报告统计表模板（.xlsx），可按名单为每个单位生成预填单位信息的模板",
			UsageText: "nianbao template --year 2024 [--version 2021] [--unit-name 名称] [--unit-code 代码] -o 模板.xlsx\n   nianbao template --year 2024 --roster 名单.xlsx [--previous 2023汇总.xlsx] -o 输出目录",
			Description: `表格版本默认按年度确定：2019、2020年度用 2019 版，2021年度起用 2021 版。
不指定 --year 时为正在收集的年度：1–6 月为上一年，7–12 月为本年。
名单（.xlsx，或 Excel/WPS 另存的 .csv）需有“单位代码”“单位名称”“上级单位代码”列，“类别”列可选。
加 --previous（上一年度的汇总表、文件或文件夹）时，上年报送过的单位的表三“二、上年结转”按其上年度
“四、结转下年度继续办理”逐列预填（2019 版另有表二“上一年项目数量”），灰色锁定，批注写明来源；名单中的新单位不预填。`,
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "year", Usage: "报告年度，如 2024", DefaultText: "正在收集的年度"},
				&cli.StringFlag{Name: "version", Usage: "表格版本：2019 或 2021（默认按年度）"},
				&cli.StringFlag{Name: "unit-name", Usage: "预填的单位名称"},
				&cli.StringFlag{Name: "unit-code", Usage: "预填的单位代码"},
				&cli.StringFlag{Name: "roster", Usage: "单位名单文件：为每个单位生成一个模板"},
				&cli.StringFlag{Name: "previous", Usage: "上一年度的汇总表、文件或文件夹：按上年数据预填并锁定“二、上年结转”（需 --roster）"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出文件（有 --roster 时为输出目录）", Required: true},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的文件"},
			},
			Action: func(c *cli.Context) error {
				year := c.Int("year")
				if !c.IsSet("year") {
					year = defaultYear()
					fmt.Fprintf(c.App.ErrWriter, "未指定 --year：按今天的日期生成 %d年度的模板。\n", year)
				}
				opt := templateOptions{year: year, version: c.String("version"), unit: model.Unit{
					Name: strings.TrimSpace(c.String("unit-name")), Code: strings.TrimSpace(c.String("unit-code"))},
					roster: c.String("roster"), output: c.String("output"), force: c.Bool("force"),
					previous: c.String("previous")}
				return runTemplate(c, opt)
			},
		}
	})
}

type templateOptions struct {
	year           int
	version        string
	unit           model.Unit
	roster, output string
	force          bool
	// previous is last year's summary, files or folder, read within the default limits.
	previous string
}

func runTemplate(c *cli.Context, o templateOptions) error {
	out, errw := c.App.Writer, c.App.ErrWriter
	if o.year < model.FirstFormYear || !model.ValidYear(o.year) {
		return fail("报告年度 %d 不对：应为 2019 年及以后的四位年份", o.year)
	}
	v := model.VersionForYear(o.year)
	if o.version != "" {
		given, err := model.ParseVersion(o.version)
		if err != nil {
			return fail("表格版本“%s”不对：应为 2019 或 2021", o.version)
		}
		if given != v {
			fmt.Fprintf(errw, "提示：%d年度按规定使用%d版表格，现按要求生成%d版。\n", o.year, v, given)
		}
		v = given
	}
	if o.previous != "" && o.roster == "" {
		return fail("--previous 需要与 --roster 一起使用：按名单为每个单位提取上年数据")
	}
	if o.roster == "" {
		if !strings.EqualFold(filepath.Ext(o.output), ".xlsx") {
			return fail("输出文件 %s 应以 .xlsx 结尾", o.output)
		}
		if err := prepareOutput(o.output, o.force); err != nil {
			return err
		}
		if err := xlsx.WriteTemplate(o.output, xlsx.TemplateOptions{Year: o.year, Version: v, Unit: o.unit}); err != nil {
			return fail("无法写入 %s：%v", o.output, err)
		}
		fmt.Fprintf(out, "已生成模板 %s（%d年度，%d版表格）\n", o.output, o.year, v)
		return nil
	}
	if o.unit.Name != "" || o.unit.Code != "" {
		return fail("--roster 与 --unit-name/--unit-code 不能同时使用：单位信息取自名单")
	}
	return writeRosterTemplates(out, errw, o, v)
}
