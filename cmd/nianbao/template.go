package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "template",
			Usage:     "生成年度报告统计表模板（.xlsx），可按名单为每个单位生成预填单位信息的模板",
			UsageText: "nianbao template --year 2024 [--version 2021] [--unit-name 名称] [--unit-code 代码] -o 模板.xlsx\n   nianbao template --year 2024 --roster 名单.xlsx [--previous 2023汇总.xlsx] -o 输出目录",
			Description: "表格版本默认按年度确定：2019、2020年度用 2019 版，2021年度起用 2021 版。\n" +
				"不指定 --year 时为正在收集的年度：1–6 月为上一年，7–12 月为本年。\n" +
				"名单（.xlsx，或 Excel/WPS 另存的 .csv）需有“单位代码”“单位名称”“上级单位代码”列，“类别”列可选。\n" +
				"加 --previous（上一年度的汇总表、文件或文件夹）时，上年报送过的单位的表三“二、上年结转”按其上年度\n" +
				"“四、结转下年度继续办理”逐列预填（2019 版另有表二“上一年项目数量”），灰色锁定，批注写明来源；名单中的新单位不预填。",
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
					previous: c.String("previous"), limits: read.DefaultLimits()}
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
	// previous is last year's summary, files or folder; limits bound reading it.
	previous string
	limits   read.Limits
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
	if err := checkInputs([]string{o.roster}); err != nil {
		return err
	}
	roster, err := read.ReadRoster(o.roster)
	if err != nil {
		return fail("%v", err)
	}
	if problems := roster.Problems(); len(problems) > 0 {
		return fail("名单 %s 有 %d 处问题，请改正后再生成：\n  %s", o.roster, len(problems), strings.Join(problems, "\n  "))
	}
	if err := prepareFolder(o.output); err != nil {
		return err
	}
	var prev *batch.Previous
	if o.previous != "" {
		if err := checkInputs([]string{o.previous}); err != nil {
			return err
		}
		if prev, err = batch.LoadPrevious(o.previous, batch.Options{Year: o.year, Limits: o.limits}); err != nil {
			return fail("无法读取上一年度数据 %s：%v", o.previous, err)
		}
	}
	rosterAbs, _ := filepath.Abs(o.roster)
	paths := rosterPaths(o.output, roster)
	for i, p := range paths {
		if abs, _ := filepath.Abs(p); abs == rosterAbs {
			return fail("第%d行单位的模板文件 %s 与名单文件相同，请换一个输出目录", roster.Units[i].Row, p)
		}
		if err := checkTarget(p, o.force); err != nil {
			return err
		}
	}
	fill, err := xlsx.NewTemplateFiller(xlsx.TemplateOptions{Year: o.year, Version: v})
	if err != nil {
		return fail("无法生成模板：%v", err)
	}
	carried := 0
	for i, u := range roster.Units {
		unit := model.Unit{Code: u.Code, Name: u.Name}
		var last *model.Report
		if prev != nil {
			last = prev.Own(unit)
		}
		if last != nil { // the filler has no locked cells: pre-filled from last year, written in full
			carried++
			err = xlsx.WriteTemplate(paths[i], xlsx.CarryOver(xlsx.TemplateOptions{Year: o.year, Version: v, Unit: unit}, last, filepath.Base(o.previous)))
		} else {
			err = fill.Write(paths[i], unit, nil)
		}
		if err != nil {
			return fail("无法写入 %s：%v（已生成 %d 个）", paths[i], err, i)
		}
		if stderrIsTerminal(errw) {
			fmt.Fprintf(errw, "\r已生成 %d/%d", i+1, len(paths))
		}
	}
	if stderrIsTerminal(errw) {
		fmt.Fprintln(errw)
	}
	fmt.Fprintf(out, "已为 %d 个单位生成模板（%d年度，%d版表格），保存在 %s\n", len(paths), o.year, v, o.output)
	if prev != nil {
		fmt.Fprintf(out, "其中 %d 个单位已按上一年度数据预填“二、上年结转”并锁定；%d 个单位没有上年数据（名单中的新单位，或上年未计入汇总），需自行填写。\n",
			carried, len(paths)-carried)
	}
	return nil
}

// rosterPaths are the files of the units' templates in dir, named by xlsx.UnitTemplateNames.
func rosterPaths(dir string, r *model.Roster) []string {
	names := xlsx.UnitTemplateNames(r)
	for i, n := range names {
		names[i] = filepath.Join(dir, n)
	}
	return names
}

// checkTarget refuses to write over an existing file unless forced, and never over a directory.
func checkTarget(path string, force bool) error {
	if err := outputName(path); err != nil {
		return err
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return nil
	case st.IsDir():
		return fail("%s 是一个目录，不能作为输出文件", path)
	case !force:
		return fail("文件 %s 已存在；如需覆盖请加 --force", path)
	}
	return nil
}

// stderrIsTerminal reports whether w is a terminal, where progress is shown.
func stderrIsTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
