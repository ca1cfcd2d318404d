package batch

import (
	"fmt"

	"nianbao/checks"
)

// Without --year every file is checked for its own year; a file of another year than most in the batch is
// likely last year's file sent by mistake. Check (without Each) marks such files with an R-13 warning; a
// Stream lists them at its end, since the majority is known only then.

// YearTally counts the report years of a batch.
type YearTally struct {
	counts map[int]int
	files  []OddYear
}

// OddYear is a file whose report year differs from the majority's.
type OddYear struct {
	Path     string `json:"path"`
	Year     int    `json:"year"`
	Majority int    `json:"majority"`
}

// Add counts one file's year (files without a year are not counted).
func (y *YearTally) Add(f File) {
	if f.Year == 0 || f.Verdict == Unreadable {
		return
	}
	if y.counts == nil {
		y.counts = map[int]int{}
	}
	y.counts[f.Year]++
	y.files = append(y.files, OddYear{Path: f.Path, Year: f.Year})
}

// Majority returns the year most files carry, the later one on a tie; 0 when no file has a year.
func (y *YearTally) Majority() int {
	best, n := 0, 0
	for year, c := range y.counts {
		if c > n || c == n && year > best {
			best, n = year, c
		}
	}
	return best
}

// Odd returns the files whose year differs from the majority's, in the order added.
func (y *YearTally) Odd() []OddYear {
	m := y.Majority()
	var out []OddYear
	for _, f := range y.files {
		if f.Year != m {
			f.Majority = m
			out = append(out, f)
		}
	}
	return out
}

// Message is the Chinese warning about one file.
func (o OddYear) Message() string {
	return fmt.Sprintf("文件中的报告年度为 %d 年，本批多数文件为 %d 年度：请确认是否报送了其他年度的文件（可用 --year %d 指定要收集的年度）",
		o.Year, o.Majority, o.Majority)
}

// markOddYears adds the R-13 warning to every file whose year differs from the majority's.
func markOddYears(files []File) {
	var y YearTally
	for _, f := range files {
		y.Add(f)
	}
	odd := map[string]OddYear{}
	for _, o := range y.Odd() {
		odd[o.Path] = o
	}
	if len(odd) == 0 {
		return
	}
	for i := range files {
		o, ok := odd[files[i].Path]
		if !ok {
			continue
		}
		f := checks.At(checks.ROddYear, nil, "", o.Message())
		f.File = files[i].Path
		f.ID = "R-13"
		files[i].Findings = append(files[i].Findings, f)
		checks.Sort(files[i].Findings)
		checks.Renumber(files[i].Findings)
		files[i].Verdict = VerdictOf(files[i].Findings)
	}
}
