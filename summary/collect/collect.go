// Package collect runs the whole summary step over files on disk: check every file with package batch,
// then consolidate with package summary. The CLI and the demo share it; package summary itself stays free
// of file reading.
package collect

import (
	"os"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/summary"
)

// Inputs turns checked files into summary inputs, with each file's modification time.
func Inputs(files []batch.File) []summary.Input {
	out := make([]summary.Input, len(files))
	for i, f := range files {
		in := summary.Input{Path: f.Path, SHA256: f.SHA256, Report: f.Report, Summary: f.Summary,
			Covers: f.Covers, Members: f.Members, Findings: f.Findings}
		if st, err := os.Stat(f.Path); err == nil {
			in.ModTime = st.ModTime()
		}
		out[i] = in
	}
	return out
}

// Result is a consolidated region with the checked files behind it.
type Result struct {
	*summary.Result
	// Files are the checked files in the order found; Skipped the other files of the folders.
	Files   []batch.File
	Skipped []string
}

// Run checks the files and folders in args and consolidates them against the roster. Per-unit cross-year
// checks run when check.Previous is set; sopt.Previous, when nil, takes the same function for the totals.
func Run(roster *model.Roster, args []string, check batch.Options, sopt summary.Options) (*Result, error) {
	paths, skipped, err := batch.Collect(args)
	if err != nil {
		return nil, err
	}
	files := batch.Check(paths, check)
	if sopt.Previous == nil {
		sopt.Previous = check.Previous
	}
	if sopt.Year == 0 {
		sopt.Year = check.Year
	}
	res, err := summary.Build(roster, Inputs(files), sopt)
	if err != nil {
		return nil, err
	}
	return &Result{Result: res, Files: files, Skipped: skipped}, nil
}
