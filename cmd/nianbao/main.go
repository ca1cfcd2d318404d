// Command nianbao runs the yearly data cycle of 政府信息公开工作年度报告: templates, checks of returned
// workbooks, regional summaries, extraction of published reports, and a local web page.
package main

import (
	"context"
	"os"
)

func main() {
	os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}
