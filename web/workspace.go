package web

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
	prevNone      = ""
	prevWorkspace = "workspace"
	prevFile      = "file:" // followed by the stored file's digest
)

// workspace is one report year. Its files' check results live in the store (versions and their facts),
// never all in memory: status and summary read them from there for each request, and memory stays flat
// in the number of files stored.
type workspace struct {
	year  int
	store *store.Store
	lim   read.Limits
	tool  string

	mu      sync.Mutex // guards the fields below and serialises changes of the year
	prev    *batch.Previous
	prevSet bool
	// gen counts the re-checks of the year, so that a file checked during one is checked again.
	gen int
}

// options are the check options of the year, with last year's reports when a source is set.
func (w *workspace) options() (batch.Options, error) {
	opt := batch.Options{Year: w.year, Limits: w.lim}
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
func (w *workspace) previous() (*batch.Previous, error) {
	if w.prevSet {
		return w.prev, nil
	}
	src, err := w.store.Setting(w.year, "previous")
	if err != nil {
		return nil, err
	}
	opt := batch.Options{Year: w.year, Limits: w.lim}
	var p *batch.Previous
	switch {
	case src == prevNone:
	case src == prevWorkspace:
		vs, _, err := w.store.Counted(w.year - 1)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			return nil, fmt.Errorf("%d年度的工作区中还没有任何文件，无法跨年度核对", w.year-1)
		}
		at := map[*store.Version]time.Time{}
		for i, t := range counting(vs) {
			at[vs[i]] = t
		}
		sort.SliceStable(vs, func(i, j int) bool { return at[vs[i]].Before(at[vs[j]]) })
		p = batch.LoadPreviousInputs(w.store.Inputs(vs), opt) // a later file of one unit wins, as in a folder walk
	case strings.HasPrefix(src, prevFile):
		sha := strings.TrimPrefix(src, prevFile)
		if !store.IsSHA(sha) {
			return nil, errors.New("上一年度数据的设置已损坏，请重新上传")
		}
		p = batch.LoadPreviousInputs([]batch.Input{w.store.Input(sha, "上年度汇总.xlsx")}, opt)
	}
	w.prev, w.prevSet = p, true
	return p, nil
}

// results returns every version of the year that counts, with its result as the summary needs it
// (findings, and the report and members from its facts); the files are the versions' results. A version
// without facts (recorded by an older nianbao) is checked again from its stored file and its facts
// written, once. Callers hold w.mu.
func (w *workspace) results() ([]*store.Version, []*batch.File, error) {
	vs, missing, err := w.store.Counted(w.year)
	if err != nil {
		return nil, nil, err
	}
	if len(missing) > 0 {
		opt, err := w.options()
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
// results and facts in transactions of refreshBatch versions, and gives the versions the new results.
func (w *workspace) refresh(vs []*store.Version, opt batch.Options) error {
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
		if len(pending) >= storeBatch {
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

// storeBatch is how many versions one transaction of the store records (a variable for a test).
var storeBatch = 250

// recheck checks every file of the year again (the previous-year source changed) and stores the results.
func (w *workspace) recheck() error {
	w.gen++
	if _, err := w.previous(); err != nil {
		return err
	}
	vs, _, err := w.store.Counted(w.year)
	if err != nil {
		return err
	}
	opt, err := w.options()
	if err != nil {
		return err
	}
	return w.refresh(vs, opt)
}

// build consolidates the year as `nianbao summary` does with the same files: inputs in file-name order,
// each used under its own name. Of the versions of a unit the one the clerk chose counts, else the one
// received last (not the file's modification time, which a copy or `touch` changes). Withdrawn versions
// are not among the results.
func (w *workspace) build(roster *model.Roster, includeInvalid bool) (*summary.Result, []*store.Version, error) {
	vs, files, err := w.results()
	if err != nil {
		return nil, nil, err
	}
	res, err := w.summarize(roster, includeInvalid, vs, files)
	return res, vs, err
}

// summarize is build over results already read (workspace.results), so that the status reads them once.
func (w *workspace) summarize(roster *model.Roster, includeInvalid bool, vs []*store.Version, files []*batch.File) (*summary.Result, error) {
	inputs := make([]summary.Input, len(vs))
	order := counting(vs)
	for i, f := range files {
		inputs[i] = summary.InputOf(*f, order[i])
	}
	opt := summary.Options{Year: w.year, IncludeInvalid: includeInvalid, Tool: w.tool}
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
