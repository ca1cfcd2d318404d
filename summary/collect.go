package summary

import (
	"os"
	"time"

	"nianbao/batch"
	"nianbao/model"
)

// Inputs turns checked files on disk into summary inputs, with each file's modification time.
func Inputs(files []batch.File) []Input {
	out := make([]Input, len(files))
	for i, f := range files {
		var mod time.Time
		if st, err := os.Stat(f.Path); err == nil {
			mod = st.ModTime()
		}
		out[i] = InputOf(f, mod)
	}
	return out
}

// InputOf is the summary input of a checked file that was last changed at mod (the web page gives the time
// the clerk's file was saved; zero means the file's time on disk).
func InputOf(f batch.File, mod time.Time) Input {
	return Input{Path: f.Path, SHA256: f.SHA256, ModTime: mod, Report: f.Report, Summary: f.Summary,
		Covers: f.Covers, Members: f.Members, Findings: f.Findings, Refused: f.Refused}
}

// Collected is a consolidated region with the checked files behind it.
type Collected struct {
	*Result
	// Files are the checked files in the order found; Skipped the other files of the folders.
	Files   []batch.File
	Skipped []string
}

// Run checks the files and folders in args and consolidates them against the roster. Per-unit cross-year
// checks run when check.Previous is set; sopt.Previous, when nil, takes the same function for the totals.
func Run(roster *model.Roster, args []string, check batch.Options, sopt Options) (*Collected, error) {
	paths, skipped, err := batch.Collect(args)
	if err != nil {
		return nil, err
	}
	// Files arrive one by one and keep only what the summary needs: a report's non-zero values (a missing
	// value reads as 0), so that memory stays small per unit in a province-wide run; the members of a summary
	// workbook (thousands of units each) are summed, never checked again, and drop where each value was read.
	files := make([]batch.File, 0, len(paths))
	check.Each = func(f batch.File) {
		if f.Report != nil {
			f.Report.Values = nonZero(f.Report.Values)
		}
		for _, m := range f.Members {
			m.Sources = nil
		}
		f.Values = nil
		files = append(files, f)
	}
	batch.Check(paths, check)
	if sopt.Previous == nil {
		sopt.Previous = check.Previous
	}
	if sopt.PreviousSummary == nil {
		sopt.PreviousSummary = check.PreviousSummary
	}
	if sopt.Year == 0 {
		sopt.Year = check.Year
	}
	res, err := Build(roster, Inputs(files), sopt)
	if err != nil {
		return nil, err
	}
	return &Collected{Result: res, Files: files, Skipped: skipped}, nil
}

// nonZero returns the values that are not 0.
func nonZero(values map[string]float64) map[string]float64 {
	n := 0
	for _, v := range values {
		if v != 0 {
			n++
		}
	}
	out := make(map[string]float64, n)
	for k, v := range values {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}
