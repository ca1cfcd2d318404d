package batch

import (
	"fmt"

	"nianbao/model"
)

// Previous holds last year's reports, found by unit code or, failing that, by exact normalized name.
type Previous struct {
	byCode map[string]*model.Report
	byName map[string]*model.Report
	// sumCode and sumName hold last year's summary workbooks by the unit they are made for, which shares
	// its code with that unit's own report.
	sumCode, sumName map[string]*model.Report
	// Files are last year's files as checked, for listing what could not be read.
	Files []File
}

// LoadPrevious reads last year's workbooks (files, folders or summary workbooks). Files that cannot be read
// are kept in Files with their verdict; they only mean fewer units can be compared.
func LoadPrevious(path string, opt Options) (*Previous, error) {
	files, _, err := Collect([]string{path})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("batch: no workbook in %s", path)
	}
	return LoadPreviousInputs(Files(files), opt), nil
}

// LoadPreviousInputs checks last year's files (of opt.Year-1 when opt.Year is set) and keeps their reports;
// of two files of one unit the later one counts.
func LoadPreviousInputs(files []Input, opt Options) *Previous {
	if opt.Year > 0 {
		opt.Year--
	}
	opt.Previous, opt.Progress = nil, nil
	p := &Previous{byCode: map[string]*model.Report{}, byName: map[string]*model.Report{},
		sumCode: map[string]*model.Report{}, sumName: map[string]*model.Report{}}
	p.Files = CheckInputs(files, opt)
	for _, f := range p.Files {
		for _, r := range f.Units() {
			p.Add(r)
		}
	}
	return p
}

// Add makes a report findable by its unit: a summary (a report with Covers) by Summary, any other by Lookup.
func (p *Previous) Add(r *model.Report) {
	byCode, byName := p.byCode, p.byName
	if len(r.Covers) > 0 {
		if p.sumCode == nil {
			p.sumCode, p.sumName = map[string]*model.Report{}, map[string]*model.Report{}
		}
		byCode, byName = p.sumCode, p.sumName
	}
	if r.Unit.Code != "" {
		byCode[r.Unit.Code] = r
	}
	if r.Unit.Name != "" {
		byName[model.Normalize(r.Unit.Name)] = r
	}
}

// Lookup returns last year's report of a unit, or nil: its own report when known, else last year's summary
// made for it.
func (p *Previous) Lookup(u model.Unit) *model.Report {
	if r := find(p.byCode, p.byName, u); r != nil {
		return r
	}
	return p.Summary(u)
}

// Own returns last year's own report of a unit, nil when it has none or only a summary made for it (what
// its template's 上年结转 is carried over from).
func (p *Previous) Own(u model.Unit) *model.Report {
	if r := p.Lookup(u); r != nil && len(r.Covers) == 0 {
		return r
	}
	return nil
}

// Summary returns last year's summary made for a unit (a region's summary is made for its top unit), or nil.
func (p *Previous) Summary(u model.Unit) *model.Report { return find(p.sumCode, p.sumName, u) }

func find(byCode, byName map[string]*model.Report, u model.Unit) *model.Report {
	if r, ok := byCode[u.Code]; ok && u.Code != "" {
		return r
	}
	return byName[model.Normalize(u.Name)]
}

// Units returns the reports a file holds: its own report, plus, for a summary workbook, the report of every
// unit it lists.
func (f File) Units() []*model.Report {
	if f.Report == nil {
		return nil
	}
	return append([]*model.Report{f.Report}, f.Members...)
}
