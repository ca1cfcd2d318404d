// Command nianbao runs the yearly data cycle of 政府信息公开工作年度报告: templates, checks of returned
// workbooks, regional summaries, extraction of published reports, and a local web page.
package main

import (
	"context"
	"os"
)

// No soft memory limit is set: check streams its files and stays flat without one, and for summary a limit
// below its live heap made the collector run constantly (35% slower) without bringing the peak under 200 MB.
// GOMEMLIMIT still works as usual for whoever wants the trade.
func main() {
	os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
