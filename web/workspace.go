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
	"nianbao/xlsx/read"
)

// Previous-year sources of a workspace (setting "previous").
const (
	prevNone      = ""
	prevWorkspace = "workspace"
	prevFile      = "file:" // followed by the stored file's digest
)

// workspace is one report year: the store's records plus, in memory, the full check results (with the
// reports the summary needs). After a restart the results are rebuilt by checking the stored files again.
type workspace struct {
	year  int
	store *Store
	lim   read.Limits
	tool  string

	mu      sync.Mutex // guards the fields below and serialises changes of the year
	full    map[int64]*batch.File
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
		vs, err := w.store.Versions(w.year - 1)
		if err != nil {
			return nil, err
		}
		if len(vs) == 0 {
			return nil, fmt.Errorf("%d年度的工作区中还没有任何文件，无法跨年度核对", w.year-1)
		}
		at := map[*Version]time.Time{}
		for i, t := range counting(vs) {
			at[vs[i]] = t
		}
		sort.SliceStable(vs, func(i, j int) bool { return at[vs[i]].Before(at[vs[j]]) })
		p = batch.LoadPreviousInputs(w.store.inputs(vs), opt) // a later file of one unit wins, as in a folder walk
	case strings.HasPrefix(src, prevFile):
		sha := strings.TrimPrefix(src, prevFile)
		if !shaPattern.MatchString(sha) {
			return nil, errors.New("上一年度数据的设置已损坏，请重新上传")
		}
		p = batch.LoadPreviousInputs([]batch.Input{w.store.input(sha, "上年度汇总.xlsx")}, opt)
	}
	w.prev, w.prevSet = p, true
	return p, nil
}

// results returns every version of the year with its full result, checking again what is not in memory.
func (w *workspace) results() ([]*Version, []*batch.File, error) {
	vs, err := w.store.Versions(w.year)
	if err != nil {
		return nil, nil, err
	}
	var missing []*Version
	for _, v := range vs {
		if w.full[v.ID] == nil {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		opt, err := w.options()
		if err != nil {
			return nil, nil, err
		}
		for i, f := range w.store.checkAll(missing, opt) {
			f := f
			if err := w.explained(missing[i].ID, &f); err != nil {
				return nil, nil, err
			}
			w.full[missing[i].ID] = &f
		}
	}
	out := make([]*batch.File, len(vs))
	for i, v := range vs {
		out[i] = w.full[v.ID]
	}
	return vs, out, nil
}

// recheck checks every file of the year again (the previous-year source changed) and stores the results.
func (w *workspace) recheck() error {
	w.full = map[int64]*batch.File{}
	w.gen++
	if _, err := w.previous(); err != nil {
		return err
	}
	vs, files, err := w.results()
	if err != nil {
		return err
	}
	for i, v := range vs {
		if err := w.store.UpdateResult(v.ID, *files[i]); err != nil {
			return err
		}
	}
	return nil
}

// add checks and records one uploaded file; a file already received this year is recognised and its
// version returned with dup set. Files are checked outside the lock, so uploads run in parallel. When
// file, given the check result, returns false, the file is not recorded and v comes back with ID 0.
func (w *workspace) add(data []byte, name, batchID string, modified time.Time, file func(batch.File) bool) (v *Version, dup bool, err error) {
	sha, err := w.store.PutBlob(data)
	if err != nil {
		return nil, false, fmt.Errorf("无法保存文件“%s”：%v", name, err)
	}
	w.mu.Lock()
	v, err = w.store.VersionBySHA(w.year, sha)
	var opt batch.Options
	if err == nil && v == nil {
		opt, err = w.options()
	}
	gen := w.gen
	w.mu.Unlock()
	if err == nil && v != nil && v.Withdrawn != nil {
		err = w.store.reinstate(v, name, batchID, actorClerk, time.Now())
	}
	if err != nil || v != nil {
		return v, v != nil, err
	}
	f := w.store.checkStored(sha, name, opt)
	now := time.Now()
	if modified.IsZero() || modified.After(now) {
		modified = now
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if v, err := w.store.VersionBySHA(w.year, sha); err != nil || v != nil { // the same file, uploaded twice at once
		if err == nil && v.Withdrawn != nil {
			err = w.store.reinstate(v, name, batchID, actorClerk, time.Now())
		}
		return v, v != nil, err
	}
	if gen != w.gen { // the previous-year source changed meanwhile
		if opt, err = w.options(); err != nil {
			return nil, false, err
		}
		f = w.store.checkStored(sha, name, opt)
	}
	v = &Version{Year: w.year, SHA256: sha, Name: name, Modified: modified, Received: now, Verdict: f.Verdict, File: f,
		Batch: batchID}
	if file != nil && !file(f) {
		return v, false, nil
	}
	if err := w.store.AddVersion(v); err != nil {
		return nil, false, fmt.Errorf("无法记录文件“%s”：%v", name, err)
	}
	w.full[v.ID] = &f
	return v, false, nil
}

// build consolidates the year as `nianbao summary` does with the same files: inputs in file-name order,
// each used under its own name. Of the versions of a unit the one the clerk chose counts, else the one
// received last (not the file's modification time, which a copy or `touch` changes). Withdrawn versions
// are not among the results.
func (w *workspace) build(roster *model.Roster, includeInvalid bool) (*summary.Result, []*Version, error) {
	vs, files, err := w.results()
	if err != nil {
		return nil, nil, err
	}
	inputs := make([]summary.Input, len(vs))
	order := counting(vs)
	for i, f := range files {
		inputs[i] = summary.InputOf(*f, order[i])
	}
	opt := summary.Options{Year: w.year, IncludeInvalid: includeInvalid, Tool: w.tool}
	if opt.Region, err = w.region(); err != nil {
		return nil, nil, err
	}
	prev, err := w.previous()
	if err != nil {
		return nil, nil, err
	}
	if prev != nil {
		opt.Previous, opt.PreviousSummary = prev.Lookup, prev.Summary
	}
	res, err := summary.Build(roster, inputs, opt)
	return res, vs, err
}

// counting returns the time by which the summary picks the newest file of a unit, per version. Batches
// (uploads) count in the order received, the versions within one batch by modification time (as in a
// folder given to `summary`); a chosen version comes after all. The times are ranks, not clock times:
// the summary only compares them.
func counting(vs []*Version) []time.Time {
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
