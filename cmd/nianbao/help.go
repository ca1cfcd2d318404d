package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/text/width"

	"nianbao/model"
)

// The help is written here, in Chinese, rather than by the cli package's English templates ("show help",
// "(default: false)", "[command options]", durations as "2m0s").

// appHelp writes the program's help: what it is, how to start it, every command.
func appHelp(w io.Writer) {
	var b strings.Builder
	b.WriteString("nianbao（年报）：政府信息公开工作年度报告的模板、校验与汇总\n\n")
	b.WriteString("用法：\n  nianbao 命令 [选项] [文件或文件夹...]\n")
	b.WriteString("  直接双击本程序（或运行 nianbao start）：在浏览器中打开本地网页，数据保存在“文档”中的“年报数据”文件夹\n\n")
	b.WriteString("命令：\n")
	var rows [][2]string
	for _, c := range commands {
		if !c.Hidden {
			rows = append(rows, [2]string{c.Name, c.Usage})
		}
	}
	writeTable(&b, rows)
	b.WriteString("\n每个命令的用法：nianbao 命令 --help，例如 nianbao check --help\n")
	b.WriteString("显示版本：nianbao --version\n")
	io.WriteString(w, b.String())
}

// commandHelp writes the help of one command: usage, description, every flag with its default.
func commandHelp(w io.Writer, c *cli.Command) {
	var b strings.Builder
	fmt.Fprintf(&b, "nianbao %s：%s\n\n用法：\n", c.Name, c.Usage)
	if c.UsageText != "" {
		for _, l := range strings.Split(c.UsageText, "\n") {
			b.WriteString("  " + strings.TrimSpace(l) + "\n")
		}
	} else {
		fmt.Fprintf(&b, "  nianbao %s [选项]", c.Name)
		if c.ArgsUsage != "" {
			b.WriteString(" " + c.ArgsUsage)
		}
		b.WriteString("\n")
	}
	if c.Description != "" {
		b.WriteString("\n说明：\n")
		for _, l := range strings.Split(c.Description, "\n") {
			b.WriteString(strings.TrimRight("  "+l, " ") + "\n")
		}
	}
	b.WriteString("\n选项：\n")
	var rows [][2]string
	for _, f := range c.Flags {
		rows = append(rows, [2]string{flagSynopsis(f), usageOf(f) + defaultOf(f)})
	}
	rows = append(rows, [2]string{"-h, --help", "显示本说明"})
	writeTable(&b, rows)
	io.WriteString(w, b.String())
}

// writeTable writes two columns, the first padded to its widest entry as a terminal shows Chinese (two
// columns per character).
func writeTable(b *strings.Builder, rows [][2]string) {
	wmax := 0
	for _, r := range rows {
		wmax = max(wmax, displayWidth(r[0]))
	}
	for _, r := range rows {
		fmt.Fprintf(b, "  %s%s  %s\n", r[0], strings.Repeat(" ", wmax-displayWidth(r[0])), r[1])
	}
}

// displayWidth is the number of terminal columns of s.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// flagSynopsis is "-o, --output 文件": short names first, then the value it takes.
func flagSynopsis(f cli.Flag) string {
	var short, long []string
	for _, n := range f.Names() {
		if len(n) == 1 {
			short = append(short, flagName(n))
		} else {
			long = append(long, flagName(n))
		}
	}
	s := strings.Join(append(short, long...), ", ")
	if p := placeholder(f); p != "" {
		s += " " + p
	}
	return s
}

// placeholders name the value of a flag in the help, by flag name; other flags by their type.
var placeholders = map[string]string{
	"year": "年份", "output": "文件", "roster": "名单文件", "annotate": "文件夹", "previous": "文件或文件夹",
	"data": "文件夹", "addr": "地址", "token": "令牌", "version": "版本", "unit": "单位代码", "unit-name": "名称",
	"unit-code": "代码", "public-url": "网址",
}

// placeholder names the value a flag takes ("" for a switch).
func placeholder(f cli.Flag) string {
	if p, ok := placeholders[f.Names()[0]]; ok {
		return p
	}
	switch f.(type) {
	case *cli.BoolFlag:
		return ""
	case *cli.IntFlag, *cli.Int64Flag:
		return "数字"
	case *cli.DurationFlag:
		return "时长"
	}
	return "文字"
}

// example is the flag with a value as a clerk would type it.
func example(f cli.Flag) string {
	name := shortName(f)
	switch f.Names()[0] {
	case "year":
		return fmt.Sprintf("%s %d", name, defaultYear())
	case "roster":
		return name + " 名单.xlsx"
	case "output":
		return name + " 汇总.xlsx"
	}
	switch f := f.(type) {
	case *cli.BoolFlag:
		return name
	case *cli.IntFlag:
		return fmt.Sprintf("%s %d", name, max(f.Value, 4))
	case *cli.Int64Flag:
		return fmt.Sprintf("%s %d", name, max(f.Value, 4))
	case *cli.DurationFlag:
		return name + " 5分钟"
	}
	return name + " " + placeholder(f)
}

func usageOf(f cli.Flag) string {
	if d, ok := f.(cli.DocGenerationFlag); ok {
		return d.GetUsage()
	}
	return ""
}

// defaultOf is "（必填）" or "（默认 32）", in Chinese, or "" when there is nothing to say.
func defaultOf(f cli.Flag) string {
	if r, ok := f.(cli.RequiredFlag); ok && r.IsRequired() {
		return "（必填）"
	}
	var s string
	switch f := f.(type) {
	case *cli.IntFlag:
		s = f.DefaultText
		if s == "" && f.Value != 0 {
			s = strconv.Itoa(f.Value)
		}
	case *cli.Int64Flag:
		s = f.DefaultText
		if s == "" && f.Value != 0 {
			s = strconv.FormatInt(f.Value, 10)
		}
	case *cli.StringFlag:
		s = f.DefaultText
		if s == "" {
			s = f.Value
		}
	case *cli.DurationFlag:
		s = f.DefaultText
		if s == "" && f.Value != 0 {
			s = durationText(f.Value)
		}
	}
	if s == "" {
		return ""
	}
	return "（默认 " + s + "）"
}

// durationText writes a duration in Chinese: 2 分钟, 90 秒, 1 小时 30 分钟.
func durationText(d time.Duration) string {
	var parts []string
	if h := d / time.Hour; h > 0 {
		parts = append(parts, fmt.Sprintf("%d 小时", h))
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		parts = append(parts, fmt.Sprintf("%d 分钟", m))
		d -= m * time.Minute
	}
	if d > 0 || len(parts) == 0 {
		parts = append(parts, strconv.FormatFloat(d.Seconds(), 'f', -1, 64)+" 秒")
	}
	return strings.Join(parts, " ")
}

// defaultYear is the report year most likely being collected today (model.CollectingYear).
func defaultYear() int { return model.CollectingYear(time.Now()) }
