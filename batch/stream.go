package batch

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Stream renders a checked batch while it is being checked, one file at a time, as the Chinese text report
// or as the JSON document, without keeping the files: give it every file in order (File), then Close. Its
// output is what WriteText, or the JSON encoding of NewDocument, would print for the same files, except that
// the JSON fields come in the order tool, schema, files, skipped, odd_years, stats, valid, and that files of
// another year than most (NoteOddYears) are listed at the end instead of being warned in each file.
type Stream struct {
	w       io.Writer
	json    bool
	verbose bool
	stats   Stats
	missing []string
	cover   coverage
	err     error
	// years, when set, tallies the files' years to list those of another year than most at the end.
	years *YearTally
}

// NoteOddYears makes the stream list, at its end, the files whose report year differs from the year most
// files carry: for a batch checked without --year.
func (s *Stream) NoteOddYears() { s.years = &YearTally{} }

// NewTextStream returns a stream of the text report; verbose lists the infos.
func NewTextStream(w io.Writer, verbose bool) *Stream {
	return &Stream{w: w, verbose: verbose}
}

// NewJSONStream returns a stream of the JSON document (indented by two spaces, like `nianbao check --json`).
func NewJSONStream(w io.Writer) *Stream {
	s := &Stream{w: w, json: true}
	s.write(`{` + "\n" + `  "tool": "nianbao",` + "\n" + `  "schema": 1,` + "\n" + `  "files": [`)
	return s
}

// File renders one file and counts it. After a write error it does nothing; Close returns that error.
func (s *Stream) File(f File) {
	if s.json {
		b, err := json.MarshalIndent(f, "    ", "  ")
		if err != nil {
			s.fail(err)
			return
		}
		sep := ",\n    "
		if s.stats.Files == 0 {
			sep = "\n    "
		}
		s.write(sep + string(b))
	} else {
		var b strings.Builder
		writeFileText(&b, f, s.verbose)
		s.write(b.String())
	}
	s.stats.Add(f)
	if s.years != nil {
		s.years.Add(f)
	}
	s.cover.add(f)
	if f.NoPrevious {
		s.missing = append(s.missing, f.Unit.Name)
	}
}

// Close renders the end of the report: the skipped files, the counts and whether the batch is valid. It
// returns the counts and the first write error.
func (s *Stream) Close(skipped []string) (Stats, error) {
	s.stats.Skipped = len(skipped)
	double := s.cover.findings()
	s.stats.Double = len(double)
	s.stats.Errors += len(double)
	var odd []OddYear
	if s.years != nil {
		odd = s.years.Odd()
	}
	if !s.json {
		var b strings.Builder
		writeDoubleText(&b, double)
		if len(odd) > 0 {
			fmt.Fprintf(&b, "警告：以下 %d 个文件的报告年度与本批多数文件（%d 年度）不同，请确认（可用 --year 指定要收集的年度）：\n", len(odd), odd[0].Majority)
			for _, o := range odd {
				fmt.Fprintf(&b, "  %s（%d 年度）\n", Escape(o.Path), o.Year)
			}
		}
		writeClosingText(&b, skipped, s.missing, s.stats)
		s.write(b.String())
		return s.stats, s.err
	}
	var b strings.Builder
	if s.stats.Files > 0 {
		b.WriteString("\n  ],\n")
	} else {
		b.WriteString("],\n")
	}
	if len(double) > 0 {
		d, _ := json.MarshalIndent(double, "  ", "  ")
		fmt.Fprintf(&b, "  \"double\": %s,\n", d)
	}
	if len(skipped) > 0 {
		sk, _ := json.MarshalIndent(skipped, "  ", "  ")
		fmt.Fprintf(&b, "  \"skipped\": %s,\n", sk)
	}
	if len(odd) > 0 {
		oy, _ := json.MarshalIndent(odd, "  ", "  ")
		fmt.Fprintf(&b, "  \"odd_years\": %s,\n", oy)
	}
	st, _ := json.MarshalIndent(s.stats, "  ", "  ")
	fmt.Fprintf(&b, "  \"stats\": %s,\n  \"valid\": %t\n}\n", st, s.stats.Valid())
	s.write(b.String())
	return s.stats, s.err
}

func (s *Stream) write(text string) {
	if s.err == nil {
		_, s.err = io.WriteString(s.w, text)
	}
}

func (s *Stream) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}
