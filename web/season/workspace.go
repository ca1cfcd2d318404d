// Package season is one report year of `nianbao serve` (type Season): checking uploads and stored files
// with batch and recording them in the store, the previous-year source for cross-year checks and
// carried-over templates, routing an upload (a report of the year, a lower level's summary, the region's
// own summary, a roster, another year), and the summary of the year as `nianbao summary` builds it from
// the same files. It sits between web/store below and the HTTP layer (web) above.
package season

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

// Previous-year sources of a workspace (setting "previous").
const (
	PreviousNone      = ""
	PreviousWorkspace = "workspace"
	PreviousFile      = "file:" // followed by the stored file's digest
)

// Season is one report year's workspace. Its files' check results live in the store (versions and their
// facts), never all in memory: status and summary read them from there for each request, and memory stays
// flat in the number of files stored. Its lock (Lock, Unlock) serialises the changes of the year; the
// methods that say so are called with it held.
type Season struct {
	// Year is the report year.
	Year  int
	store *store.Store
	lim   read.Limits
	tool  string

	mu      sync.Mutex // guards the fields below and serialises changes of the year
	prev    *batch.Previous
	prevSet bool
	// gen counts the re-checks of the year, so that a file checked during one is checked again.
	gen int
}

// New is the season of a year over a store, its files read within lim; tool names the program in the
// workbooks it writes.
func New(year int, st *store.Store, lim read.Limits, tool string) *Season {
	return &Season{Year: year, store: st, lim: lim, tool: tool}
}

// Lock takes the season's lock.
func (w *Season) Lock() { w.mu.Lock() }

// Unlock releases the season's lock.
func (w *Season) Unlock() { w.mu.Unlock() }

// ForgetPrevious drops last year's reports loaded for the season, so that the next use reads the
// previous-year source set now; callers hold the lock.
func (w *Season) ForgetPrevious() { w.prev, w.prevSet = nil, false }

// Options are the check options of the year, with last year's reports when a source is set.
func (w *Season) Options() (batch.Options, error) {
	opt := batch.Options{Year: w.Year, Limits: w.lim}
	p, err := w.previous()
	if err != nil {
		return opt, err
	}
	if p != nil {
		opt.Previous = p.Lookup
	}
	return opt, nil
}

// previous loads last year's reports from the source set for the year; callers hold w.mu.
func (w *Season) previous() (*batch.Previous, error) {
	if w.prevSet {
		return w.prev, nil
	}
	src, err := w.store.Setting(w.Year, store.SettingPrevious)
	if err != nil {
		return nil, err
	}
	opt := batch.Options{Year: w.Year, Limits: w.lim}
	var p *batch.Previous
	switch {
	case src == PreviousNone:
	case src == PreviousWorkspace:
		vs, _, err := w.store.Counted(w.Year - 1)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			return nil, fmt.Errorf("%d年度的工作区中还没有任何文件，无法跨年度核对", w.Year-1)
		}
		at := map[*store.Version]time.Time{}
		for i, t := range counting(vs) {
			at[vs[i]] = t
		}
		sort.SliceStable(vs, func(i, j int) bool { return at[vs[i]].Before(at[vs[j]]) })
		p = batch.LoadPreviousInputs(w.store.Inputs(vs), opt) // a later file of one unit wins, as in a folder walk
	case strings.HasPrefix(src, PreviousFile):
		sha := strings.TrimPrefix(src, PreviousFile)
		if !store.IsSHA(sha) {
			return nil, errors.New("上一年度数据的设置已损坏，请重新上传")
		}
		p = batch.LoadPreviousInputs([]batch.Input{w.store.Input(sha, "上年度汇总.xlsx")}, opt)
	}
	w.prev, w.prevSet = p, true
	return p, nil
}

// Results returns every version of the year that counts, with its result as the summary needs it
// (findings, and the report and members from its facts); the files are the versions' results. A version
// without facts (recorded by an older nianbao) is checked again from its stored file and its facts
// written, once. Callers hold w.mu.
func (w *Season) Results() ([]*store.Version, []*batch.File, error) {
	vs, missing, err := w.store.Counted(w.Year)
	if err != nil {
		return nil, nil, err
	}
	if len(missing) > 0 {
		opt, err := w.Options()
		if err != nil {
			return nil, nil, err
		}
		if err := w.refresh(missing, opt); err != nil {
			return nil, nil, err
		}
	}
	out := make([]*batch.File, len(vs))
	for i, v := range vs {
		out[i] = &v.File
	}
	return vs, out, nil
}

// refresh checks versions again from their stored files, through batch's worker pool, stores their
// Results and facts in transactions of refreshBatch versions, and gives the versions the new results.
func (w *Season) refresh(vs []*store.Version, opt batch.Options) error {
	var err error
	var pending []*store.Version
	flush := func() {
		if err == nil && len(pending) > 0 {
			err = w.store.UpdateResults(pending)
		}
		pending = pending[:0]
	}
	i := 0
	opt.Each = func(f batch.File) {
		v := vs[i]
		i++
		if err == nil {
			err = w.store.Explained(v.ID, &f) // the explanations recorded in the page, over the workbook's
		}
		v.Verdict, v.File = f.Verdict, f
		pending = append(pending, v)
		if len(pending) >= StoreBatch {
			flush()
		}
	}
	batch.CheckInputs(w.store.Inputs(vs), opt)
	flush()
	for _, v := range vs { // as withFacts gives them: values once, in the report
		if v.File.Report != nil {
			v.File.Report.Values, v.File.Values = store.NonZero(v.File.Values), nil
		}
	}
	return err
}

// StoreBatch is how many versions one transaction of the store records (a variable for a test).
var StoreBatch = 250

// Recheck checks every file of the year again (the previous-year source changed) and stores the results.
func (w *Season) Recheck() error {
	w.gen++
	if _, err := w.previous(); err != nil {
		return err
	}
	vs, _, err := w.store.Counted(w.Year)
	if err != nil {
		return err
	}
	opt, err := w.Options()
	if err != nil {
		return err
	}
	return w.refresh(vs, opt)
}

// Build consolidates the year as `nianbao summary` does with the same files: inputs in file-name order,
// each used under its own name. Of the versions of a unit the one the clerk chose counts, else the one
// received last (not the file's modification time, which a copy or `touch` changes). Withdrawn versions
// are not among the results.
func (w *Season) Build(roster *model.Roster, includeInvalid bool) (*summary.Result, []*store.Version, error) {
	vs, files, err := w.Results()
	if err != nil {
		return nil, nil, err
	}
	res, err := w.Summarize(roster, includeInvalid, vs, files)
	return res, vs, err
}

// Summarize is build over results already read (workspace.results), so that the status reads them once.
func (w *Season) Summarize(roster *model.Roster, includeInvalid bool, vs []*store.Version, files []*batch.File) (*summary.Result, error) {
	inputs := make([]summary.Input, len(vs))
	order := counting(vs)
	for i, f := range files {
		inputs[i] = summary.InputOf(*f, order[i])
	}
	opt := summary.Options{Year: w.Year, IncludeInvalid: includeInvalid, Tool: w.tool}
	var err error
	if opt.Region, err = w.region(); err != nil {
		return nil, err
	}
	prev, err := w.previous()
	if err != nil {
		return nil, err
	}
	if prev != nil {
		opt.Previous, opt.PreviousSummary = prev.Lookup, prev.Summary
	}
	return summary.Build(roster, inputs, opt)
}

// counting returns the time by which the summary picks the newest file of a unit, per version. Batches
// (uploads) count in the order received, the versions within one batch by modification time (as in a
// folder given to `summary`); a chosen version comes after all. The times are ranks, not clock times:
// the summary only compares them.
func counting(vs []*store.Version) []time.Time {
	start := map[string]time.Time{}
	for _, v := range vs {
		if t, ok := start[v.Batch]; !ok || v.Received.Before(t) {
			start[v.Batch] = v.Received
		}
	}
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		x, y := vs[idx[a]], vs[idx[b]]
		if sx, sy := start[x.Batch], start[y.Batch]; !sx.Equal(sy) {
			return sx.Before(sy)
		}
		if x.Batch != y.Batch {
			return x.Batch < y.Batch
		}
		if !x.Modified.Equal(y.Modified) {
			return x.Modified.Before(y.Modified)
		}
		return x.ID < y.ID
	})
	base := time.Unix(0, 0)
	out := make([]time.Time, len(vs))
	for rank, i := range idx {
		out[i] = base.Add(time.Duration(rank+1) * time.Second)
		if vs[i].Chosen {
			out[i] = base.Add(time.Duration(len(vs)+1) * time.Second)
		}
	}
	return out
}

// region is the region's name set for the year, "" for the summary's default.
func (w *Season) region() (string, error) {
	return w.store.Setting(w.Year, store.SettingRegion)
}
