// Package audit checks a region's published 年度报告 against its roster and what the units submitted: which
// units published (matched by the unit name in the report's title, else in the file name), what reading and
// checking each publication found, and every cell where the publication and the submitted workbook differ.
// It is `nianbao audit`; the reading is package extract's, the comparing package compare's.
package audit

import (
	"fmt"
	"os"
	"sort"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/compare"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// Extensions are the files of the publications folder that are read: web pages, text, Word and PDF (read
// by the extract entry point, whatever reads PDF there).
var Extensions = map[string]bool{".html": true, ".htm": true, ".shtml": true, ".txt": true, ".md": true,
	".docx": true, ".pdf": true}

// Options says what to audit.
type Options struct {
	// Roster is the roster file (名单.xlsx or .csv).
	Roster string
	// Submitted, when set, is a summary workbook (汇总.xlsx) or a folder of returned workbooks (收到/).
	Submitted string
	// Published are the folders (or files) of the published reports.
	Published []string
	// Batch are the reading options of check (limits, year).
	Batch batch.Options
}

// Status of a roster unit.
const (
	StatusPublished = "published"
	StatusNotFound  = "not_found"
)

// Publication is one published report read.
type Publication struct {
	Path    string        `json:"path"`
	Format  string        `json:"format,omitempty"`
	Verdict batch.Verdict `json:"verdict"`
	// Unit is the unit as the report's title names it.
	Unit     model.Unit       `json:"unit"`
	Year     int              `json:"year,omitempty"`
	Findings []checks.Finding `json:"findings"`
	// Match says how it was tied to its roster unit (in Chinese), or why it could not be.
	Match  string        `json:"match"`
	report *model.Report // nil when unreadable
}

// Unit is the audit of one roster unit.
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Status string `json:"status"`
	// Published are the publications matched to the unit (usually one).
	Published []*Publication `json:"published"`
	// Submitted is the file (or summary row) the unit submitted; "" when none was found or none was given.
	Submitted string `json:"submitted,omitempty"`
	// Comparisons compare the submitted report (A) with each publication (B), in the order of Published.
	Comparisons []compare.Comparison `json:"comparisons,omitempty"`
}

// Audit is what `nianbao audit` reports.
type Audit struct {
	Roster    string   `json:"roster"`
	Submitted string   `json:"submitted,omitempty"`
	Published []string `json:"published"`
	Units     []Unit   `json:"units"`
	// Unmatched are the publications tied to no roster unit.
	Unmatched []*Publication `json:"unmatched"`
	// Skipped are files of the folders that are not publications.
	Skipped []string `json:"skipped"`
}

// Run audits the publications. The error is a Chinese sentence for the clerk.
func Run(opt Options) (*Audit, error) {
	if _, err := os.Stat(opt.Roster); err != nil {
		return nil, fmt.Errorf("找不到名单文件 %s", opt.Roster)
	}
	ros, err := read.ReadRoster(opt.Roster)
	if err != nil {
		return nil, fmt.Errorf("%s", read.Message(err))
	}
	files, skipped, err := collect(opt.Published)
	if err != nil {
		return nil, err
	}
	a := &Audit{Roster: opt.Roster, Submitted: opt.Submitted, Published: opt.Published, Skipped: skipped,
		Unmatched: []*Publication{}}
	if a.Skipped == nil {
		a.Skipped = []string{}
	}
	var submitted map[string]submission
	if opt.Submitted != "" {
		if submitted, err = loadSubmitted(opt.Submitted, ros, opt.Batch); err != nil {
			return nil, err
		}
	}
	byUnit := map[int][]*Publication{}
	for _, path := range files {
		f := batch.ExtractFile(path, opt.Batch)
		p := &Publication{Path: path, Format: f.Format, Verdict: f.Verdict, Unit: f.Unit, Year: f.Year,
			Findings: f.Findings, report: f.Report}
		i, how := match(ros, f.Unit.Name, path)
		p.Match = how
		if i < 0 {
			a.Unmatched = append(a.Unmatched, p)
			continue
		}
		byUnit[i] = append(byUnit[i], p)
	}
	for i, ru := range ros.Units {
		u := Unit{Code: ru.Code, Name: ru.Name, Status: StatusNotFound, Published: byUnit[i]}
		if len(u.Published) > 0 {
			u.Status = StatusPublished
		} else {
			u.Published = []*Publication{}
		}
		if s, ok := submitted[ru.Code]; ok {
			u.Submitted = s.path
			if s.member != "" {
				u.Submitted += "#" + s.member
			}
			for _, p := range u.Published {
				if p.report == nil {
					continue
				}
				pub := *p.report
				pub.Unit = model.Unit{Code: ru.Code, Name: ru.Name} // matched: the title's wording is not a mismatch
				c := compare.Compare(
					compare.Side{Path: s.path, Member: s.member, Format: s.format, Unit: s.report.Unit,
						Year: s.report.Year, Version: s.report.Version, Report: s.report},
					compare.Side{Path: p.Path, Format: p.Format, Unit: p.Unit, Year: p.Year,
						Version: p.report.Version, Report: &pub})
				u.Comparisons = append(u.Comparisons, unreadLeftOut(c, s.report, &pub))
			}
		}
		a.Units = append(a.Units, u)
	}
	return a, nil
}

// unreadLeftOut drops the differences at cells the publication could not be read at (a row whose numbers
// could not be tied to its columns is reported among the publication's findings and has no values):
// such a cell is not a difference between publication and submission, only one that was not compared.
func unreadLeftOut(c compare.Comparison, sub, pub *model.Report) compare.Comparison {
	kept := c.Differences[:0]
	for _, d := range c.Differences {
		if _, ok := pub.Values[d.Key]; ok {
			kept = append(kept, d)
		}
	}
	for _, cell := range pub.Cells() {
		if _, ok := pub.Values[cell.Key]; !ok {
			if _, both := sub.Cell(cell.Key); both {
				c.Compared--
			}
		}
	}
	c.Differences = kept
	c.Equal = len(c.Mismatches) == 0 && len(c.Differences) == 0
	return c
}

// collect lists the publications in paths (files or folders), sorted, and the other files.
func collect(paths []string) (files, skipped []string, err error) {
	if files, skipped, err = batch.CollectOf(paths, Extensions); err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	return files, skipped, nil
}

// Failed reports whether the audit found anything the office must act on: a unit without a publication, a
// publication unread, unmatched or with errors, or a cell that differs from the submission. It decides the
// exit code as check's errors do.
func (a *Audit) Failed() bool {
	if len(a.Unmatched) > 0 {
		return true
	}
	for _, u := range a.Units {
		if u.Status != StatusPublished {
			return true
		}
		for _, p := range u.Published {
			if p.Verdict == batch.Failed || p.Verdict == batch.Unreadable {
				return true
			}
		}
		for _, c := range u.Comparisons {
			if len(c.Differences) > 0 {
				return true
			}
		}
	}
	return false
}
