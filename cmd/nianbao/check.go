package main

import (
	"encoding/json"
	"fmt"
	"nianbao/model"
	"os"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"nianbao/batch"
	"nianbao/xlsx/annotate"
)

func init() {
	register(func() *cli.Command {
		return &cli.Command{
			Name:      "check",
			Usage:     "校验各单位交回的文件，列出每个文件的问题，可生成带批注的退回件",
			ArgsUsage: "文件或文件夹...",
			Description: `文件夹会被逐层查找（.xlsx .xlsm .xls .et .ods），其他文件列为“跳过”。
每个文件的结论为：通过 / 有警告 / 有错误 / 无法读取。
退出码：0 = 没有错误；1 = 有文件存在错误或无法读取；2 = 命令无法执行。

示例：
  nianbao check 收到/
  nianbao check --year 2024 --annotate 退回/ 收到/
  nianbao check --json 收到/ > 结果.json
  nianbao check --previous 去年/汇总.xlsx 收到/`,
			Flags: append([]cli.Flag{
				&cli.IntFlag{Name: "year", Usage: "本次收集的报告年度（与文件中的年度不符时报错）"},
				&cli.BoolFlag{Name: "json", Usage: "以 JSON 输出（格式见 README）"},
				&cli.StringFlag{Name: "annotate", Usage: "为有错误或警告的文件在此文件夹生成带批注的退回件"},
				&cli.StringFlag{Name: "previous", Usage: "上一年度的文件、文件夹或汇总表，用于跨年度核对"},
				&cli.BoolFlag{Name: "verbose", Usage: "同时列出“提示”"},
			}, batchFlags()...),
			Action: runCheck,
		}
	})
}

func runCheck(c *cli.Context) error {
	if c.NArg() == 0 {
		return fail("请指定要校验的文件或文件夹，例如：nianbao check 收到/")
	}
	if err := checkInputs(c.Args().Slice()); err != nil {
		return err
	}
	dir := c.String("annotate")
	if dir != "" {
		// Checked before anything is read or written: copies written into an input folder would mix with
		// the files received and could replace one of them.
		if in := insideInput(dir, c.Args().Slice()); in != "" {
			return fail("退回件文件夹 %s 是输入文件夹 %s 或位于其中：退回件会与交回的文件混在一起，甚至覆盖其中的文件。请换一个文件夹，例如 --annotate 退回/", dir, in)
		}
		if err := prepareFolder(dir); err != nil {
			return err
		}
	}
	opt, err := batchOptions(c)
	if err != nil {
		return err
	}
	files, skipped, err := batch.Collect(c.Args().Slice())
	if err != nil {
		return fail("无法读取输入：%v", err)
	}
	if len(files) == 0 {
		fmt.Fprintf(c.App.ErrWriter, "提示：没有找到要校验的工作簿（%s），跳过了 %d 个其他文件。\n", extensionList(), len(skipped))
	}
	opt.Progress = progress(c, len(files))
	// Files are printed as they are checked and then dropped: only the files that get an annotated copy
	// are kept, without their values.
	var out *batch.Stream
	if c.Bool("json") {
		out = batch.NewJSONStream(c.App.Writer)
	} else {
		out = batch.NewTextStream(c.App.Writer, c.Bool("verbose"))
	}
	if opt.Year == 0 {
		out.NoteOddYears()
	}
	clear := opt.Progress != nil && c.App.Writer == os.Stdout && isTerminal(os.Stdout)
	var returned []batch.File
	opt.Each = func(f batch.File) {
		if clear {
			fmt.Fprint(c.App.ErrWriter, "\r\033[K") // the progress line is drawn again on the next file
		}
		out.File(f)
		if dir != "" && f.Report != nil && (f.Verdict == batch.Failed || f.Verdict == batch.Warned) {
			f.Report.Values, f.Report.Sources, f.Values = nil, nil, nil
			returned = append(returned, f)
		}
	}
	batch.Check(files, opt)
	if dir != "" {
		if err := writeReturned(c, dir, returned, files); err != nil {
			return err
		}
	}
	stats, err := out.Close(skipped)
	if err != nil {
		return err
	}
	if !stats.Valid() {
		return errFindings
	}
	return nil
}

// writeReturned writes the annotated copies of the checked files that need one into dir and names them on stderr.
func writeReturned(c *cli.Context, dir string, results []batch.File, inputs []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail("无法创建退回件文件夹 %s：%v", dir, err)
	}
	written, err := annotate.All(results, dir, inputs...)
	for _, w := range written {
		fmt.Fprintln(c.App.ErrWriter, "已生成退回件："+batch.Escape(w))
	}
	if err != nil {
		return fail("生成退回件失败：%v", err)
	}
	return nil
}

// batchOptions reads the options shared by check and summary.
func batchOptions(c *cli.Context) (batch.Options, error) {
	opt := batch.Options{Year: c.Int("year"), Limits: limits(c), Workers: c.Int("workers")}
	if y := opt.Year; y != 0 && !model.ValidYear(y) {
		return opt, fail("--year %d 不是有效的报告年度", y)
	}
	if p := c.String("previous"); p != "" {
		prev, err := loadPrevious(p, opt)
		if err != nil {
			return opt, err
		}
		opt.Previous, opt.PreviousSummary = prev.Lookup, prev.Summary
	}
	return opt, nil
}

// loadPrevious reads --previous (last year's summary or folder of files), with the clerk's message when it
// is missing or cannot be read.
func loadPrevious(path string, opt batch.Options) (*batch.Previous, error) {
	if err := checkInputs([]string{path}); err != nil {
		return nil, err
	}
	prev, err := batch.LoadPrevious(path, opt)
	if err != nil {
		return nil, fail("无法读取上一年度数据 %s：%v", path, err)
	}
	return prev, nil
}

// writeDocument prints a checked batch as JSON (--json) or as the Chinese text report (--verbose adds the
// infos), and turns a batch with errors into exit code 1.
func writeDocument(c *cli.Context, doc batch.Document) error {
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return err
		}
	} else if err := batch.WriteText(c.App.Writer, doc, c.Bool("verbose")); err != nil {
		return err
	}
	if !doc.Valid {
		return errFindings
	}
	return nil
}

// extensionList names the workbook extensions a folder walk picks up (batch.Extensions), sorted.
func extensionList() string {
	var exts []string
	for e := range batch.Extensions {
		exts = append(exts, e)
	}
	sort.Strings(exts)
	return strings.Join(exts, " ")
}
