// Package demo generates a sample region (示例市) and runs the whole yearly cycle on it: roster, templates,
// returned workbooks with realistic figures and the typical mistakes, check with annotated copies, summary.
// It is the README's first command and the end-to-end test of the tool.
//
//	DIR/名单.xlsx   the roster
//	DIR/模板/       one template per unit
//	DIR/收到/       the returned workbooks
//	DIR/退回/       annotated copies of the files with errors or warnings
//	DIR/汇总.xlsx   the summary
//
// The output depends only on the options: the same seed gives the same files.
package demo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"nianbao/model"
)

// Options say what the demo generates.
type Options struct {
	// Dir is the folder written; it must not hold an earlier demo.
	Dir string
	// Units is the number of roster units (default 40).
	Units int
	// Seed makes the figures; the same seed gives the same files.
	Seed int64
	// Year is the report year (default 2024).
	Year int
	// GenerateOnly stops after writing the roster, templates and received files.
	GenerateOnly bool
	// NoLegacy skips the .xls file even when LibreOffice is installed.
	NoLegacy bool
	// Workers is the number of files written at once; 0 means one per CPU.
	Workers int
	// Tool names the program for the summary.
	Tool string
	// Out receives what the demo did, in Chinese.
	Out io.Writer
}

// Folder and file names inside Dir.
const (
	RosterFile    = "名单.xlsx"
	TemplatesDir  = "模板"
	ReceivedDir   = "收到"
	ReturnedDir   = "退回"
	SummaryFile   = "汇总.xlsx"
	defaultUnits  = 40
	defaultYear   = 2024
	minMistakeSet = 9
)

func (o *Options) defaults() error {
	if o.Dir == "" {
		return errors.New("请用 -o 指定示例文件夹")
	}
	if o.Units == 0 {
		o.Units = defaultUnits
	}
	if o.Units < 3 || o.Units > 200000 {
		return fmt.Errorf("单位数 %d 不对：应在 3 到 200000 之间", o.Units)
	}
	if o.Year == 0 {
		o.Year = defaultYear
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if _, err := os.Stat(filepath.Join(o.Dir, RosterFile)); err == nil {
		return fmt.Errorf("文件夹 %s 中已有示例数据（%s），请换一个文件夹或先删除它", o.Dir, RosterFile)
	}
	return nil
}

// parallel runs fn(i) for i in [0, n) on workers goroutines and returns the first error.
func parallel(n, workers int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	jobs := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return first
}

// received is the time the i-th file came in: late January of the following year, a few minutes apart.
func received(year, i int) time.Time {
	return time.Date(year+1, 1, 20, 9, 0, 0, 0, time.Local).Add(time.Duration(i) * 3 * time.Minute)
}

// unitOf turns a roster unit into a report unit.
func unitOf(u model.RosterUnit) model.Unit { return model.Unit{Code: u.Code, Name: u.Name} }
