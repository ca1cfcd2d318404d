// Command nianbao runs the yearly data cycle of 政府信息公开工作年度报告: templates, checks of returned
// workbooks, regional summaries, extraction of published reports, and a local web page.
package main

import (
	"context"
	"os"
	"runtime/debug"
)

// memoryLimit is the soft memory limit set when GOMEMLIMIT is not: the garbage collector works harder as
// the heap nears it, which keeps the peak of a run over tens of thousands of files low. It is soft: a run
// that needs more memory still gets it.
const memoryLimit = 160 << 20

func main() {
	if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
