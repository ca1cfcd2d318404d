package main

import (
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"nianbao/xlsx/read"
)

// batchFlags are the flags of a run over many files (check, summary) that progress and batchOptions read:
// --quiet, --workers and the limits.
func batchFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.BoolFlag{Name: "quiet", Usage: "不显示进度"},
		&cli.IntFlag{Name: "workers", Usage: "同时处理的文件数（默认为 CPU 核数）"},
	}, limitFlags()...)
}

// limitFlags are the flags of the reading limits, shared by every command that reads returned files.
func limitFlags() []cli.Flag {
	d := read.DefaultLimits()
	return []cli.Flag{
		&cli.Int64Flag{Name: "max-file-mb", Value: d.MaxFileSize >> 20, Usage: "单个文件大小上限（MB）"},
		&cli.Int64Flag{Name: "max-unzip-mb", Value: d.MaxUnzipSize >> 20, Usage: "工作簿解压后大小上限（MB）"},
		&cli.IntFlag{Name: "max-sheets", Value: d.MaxSheets, Usage: "工作表数上限"},
		&cli.IntFlag{Name: "max-rows", Value: d.MaxRows, Usage: "每个工作表读取的行数上限"},
		&cli.IntFlag{Name: "max-cells", Value: d.MaxCells, Usage: "每个工作簿读取的单元格数上限"},
		&cli.IntFlag{Name: "max-string", Value: d.MaxStringLen, Usage: "单元格文字长度上限（字符）"},
		&cli.DurationFlag{Name: "timeout", Value: d.Timeout, Usage: "单个文件处理时间上限"},
	}
}

// limits reads the limit flags.
func limits(c *cli.Context) read.Limits {
	l := read.DefaultLimits()
	l.MaxFileSize = c.Int64("max-file-mb") << 20
	l.MaxUnzipSize = c.Int64("max-unzip-mb") << 20
	l.MaxSheets = c.Int("max-sheets")
	l.MaxRows = c.Int("max-rows")
	l.MaxCells = c.Int("max-cells")
	l.MaxStringLen = c.Int("max-string")
	l.Timeout = c.Duration("timeout")
	return l
}

// progress returns a progress callback that draws one line on stderr for runs longer than a second, or nil
// when stderr is not a terminal or --quiet is set.
func progress(c *cli.Context, total int) func(done, total, failed int) {
	if c.Bool("quiet") || c.App.ErrWriter != os.Stderr || !isTerminal(os.Stderr) {
		return nil
	}
	start := time.Now()
	var last time.Time
	return func(done, total, failed int) {
		now := time.Now()
		if now.Sub(start) < time.Second || (done < total && now.Sub(last) < 100*time.Millisecond) {
			return
		}
		last = now
		rate := float64(done) / now.Sub(start).Seconds()
		fmt.Fprintf(os.Stderr, "\r已处理 %d/%d 个文件，每秒 %.0f 个，有错误或无法读取 %d 个", done, total, rate, failed)
		if done == total {
			fmt.Fprintln(os.Stderr)
		}
	}
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
