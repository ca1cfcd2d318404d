// Command nianbao runs the yearly data cycle of 政府信息公开工作年度报告: templates, checks of returned
// workbooks, regional summaries, extraction of published reports, and a local web page.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"nianbao/internal/office"
)

// No soft memory limit is set: check streams its files and stays flat without one, and for summary a limit
// below its live heap made the collector run constantly (35% slower) without bringing the peak under 200 MB.
// GOMEMLIMIT still works as usual for whoever wants the trade.
func main() {
	cleanupOnSignal(serving(os.Args[1:]))
	os.Exit(Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// serving reports whether args start the web page (serve, start, or no arguments: a double-click start),
// which shuts down by itself on a signal and removes its running file.
func serving(args []string) bool {
	return len(args) == 0 || args[0] == "serve" || args[0] == "start"
}

// cleanupOnSignal kills running LibreOffice conversions and removes their temp folders (copies of agencies'
// files) and the temp files of unfinished atomic writes (internal/fsx) on Ctrl-C or SIGTERM, then exits
// with 130 or 143. The web server shuts down by itself on the same signals (serve.go), finishing the
// uploads in progress, so there only the conversions are stopped.
func cleanupOnSignal(serve bool) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		if serve {
			office.StopConversions()
			return
		}
		office.Cleanup()
		if sig == syscall.SIGTERM {
			os.Exit(143)
		}
		os.Exit(130)
	}()
}
