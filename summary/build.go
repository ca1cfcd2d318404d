package summary

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"nianbao/checks"
	"nianbao/model"
)

// Build consolidates the checked files of a region against its roster. The roster must have no problems
// (model.Roster.Problems); the error says so in Chinese. Files are matched to roster units, the newest file
// of each unit is used, and the totals of every branch and of the region are summed from the used reports
// without errors (all used reports with opt.IncludeInvalid).
func Build(roster *model.Roster, inputs []Input, opt Options) (*Result, error) {
	if roster == nil || len(roster.Units) == 0 {
		return nil, errors.New("名单中没有任何单位")
	}
	if p := roster.Problems(); len(p) > 0 {
		return nil, fmt.Errorf("名单有 %d 处问题：%s", len(p), strings.Join(p, "；"))
	}
	if opt.Year < 1000 {
		return nil, fmt.Errorf("报告年度 %d 不对", opt.Year)
	}
	res := &Result{Year: opt.Year, Version: model.VersionForYear(opt.Year), Made: opt.Made, Tool: opt.Tool,
		IncludeInvalid: opt.IncludeInvalid, Region: region(roster), Name: strings.TrimSpace(opt.Region)}
	if res.Name == "" {
		res.Name = RegionName(roster)
	}
	if res.Made.IsZero() {
		res.Made = time.Now()
	}
	for _, in := range inputs {
		for _, f := range in.Findings {
			if f.File == "" {
				f.File = in.Path
			}
			res.Findings = append(res.Findings, f)
		}
	}
	b := &builder{res: res, roster: roster, m: newMatcher(roster), opt: opt,
		used: make([]int, len(roster.Units)), covered: make([]int, len(roster.Units))}
	for i := range b.used {
		b.used[i], b.covered[i] = -1, -1
	}
	b.assign(inputs)
	b.rows(inputs)
	b.totals(inputs)
	return res, nil
}

// region is the unit a roster's summary is made for: its only top unit, else the roster as a whole.
func region(r *model.Roster) model.Unit {
	tops := r.Children("")
	if len(tops) == 1 {
		return model.Unit{Code: tops[0].Code, Name: tops[0].Name}
	}
	return model.Unit{Name: AllUnits}
}

type builder struct {
	res    *Result
	roster *model.Roster
	m      *matcher
	opt    Options
	// used is, per roster unit, the index of the unit file used for it, or -1; covered the index of the
	// summary workbook that covers it, or -1.
	used, covered []int
	extra         []Row
	order         []int          // roster indexes, children before parents (bottomUp)
	depth         map[string]int // roster code → level (levels)
	// members indexes the members of each summary workbook used, by input index, then code (member)
	members map[int]map[string]*model.Report
}

// assign matches every file to a roster unit and picks the file used for each unit.
func (b *builder) assign(inputs []Input) {
	var summaries []int
	byUnit := map[int][]int{}
	for i, in := range inputs {
		if in.Summary && in.Refused { // never matched to a unit: its own unit did not report by it
			row := b.fileRow(in, Refused)
			row.Note = "标明为汇总表，但明细与合计不符，未采用（见校验问题 R-14）"
			b.extra = append(b.extra, row)
			continue
		}
		if in.Summary && in.Report != nil {
			summaries = append(summaries, i)
			continue
		}
		idx, fs := b.m.match(in)
		b.res.Findings = append(b.res.Findings, fs...)
		if idx < 0 {
			row := b.fileRow(in, OffRoster)
			if row.Name != "" {
				if s := b.m.suggest(row.Name); len(s) > 0 {
					row.Note = "名单中相近的单位：" + strings.Join(s, "；") + "（未自动对应，请核对单位代码或名称）"
				}
			}
			b.extra = append(b.extra, row)
			continue
		}
		byUnit[idx] = append(byUnit[idx], i)
	}
	units := make([]int, 0, len(byUnit))
	for idx := range byUnit {
		units = append(units, idx)
	}
	slices.Sort(units) // roster order, so that rows and findings come out the same in every run
	for _, idx := range units {
		files := byUnit[idx]
		newest := files[0]
		for _, i := range files[1:] {
			if newer(inputs[i], inputs[newest]) {
				newest = i
			}
		}
		b.used[idx] = newest
		for _, i := range files {
			if i == newest {
				continue
			}
			u := b.roster.Units[idx]
			msg := fmt.Sprintf("单位「%s」（%s）报送了多个文件：%s 已被较新的 %s 替代，未采用",
				u.Name, u.Code, filepath.Base(inputs[i].Path), filepath.Base(inputs[newest].Path))
			f := checks.At(checks.RReplaced, nil, "", msg)
			f.File = inputs[i].Path
			b.res.Findings = append(b.res.Findings, f)
			row := b.fileRow(inputs[i], Replaced)
			row.Code, row.Name, row.Parent, row.OnRoster = u.Code, u.Name, u.Parent, true
			row.Note = "未计入合计：已被 " + filepath.Base(inputs[newest].Path) + " 替代"
			b.extra = append(b.extra, row)
		}
	}
	for _, si := range summaries {
		b.assignSummary(inputs, si)
	}
}

// assignSummary marks the roster units a summary workbook covers, unless another summary already does.
func (b *builder) assignSummary(inputs []Input, si int) {
	in := inputs[si]
	covers := in.Covers
	if len(covers) == 0 {
		covers = in.Report.Covers
	}
	var outside []string
	var ids []int
	for _, c := range covers {
		if i, ok := b.m.byCode[c]; ok {
			ids = append(ids, i)
		} else {
			outside = append(outside, c)
		}
	}
	if len(ids) == 0 {
		row := b.fileRow(in, OffRoster)
		row.Note = "汇总表所含单位均不在名单中"
		b.extra = append(b.extra, row)
		return
	}
	if len(outside) > 0 {
		f := checks.At(checks.RUnit, nil, "", fmt.Sprintf("汇总表 %s 所含单位代码 %s 不在名单中，其数据仍计入该汇总表的合计",
			filepath.Base(in.Path), strings.Join(outside, "、")))
		f.File = in.Path
		b.res.Findings = append(b.res.Findings, f)
	}
	for _, i := range ids {
		if o := b.covered[i]; o >= 0 {
			u := b.roster.Units[i]
			f := checks.At(checks.RDouble, nil, "", fmt.Sprintf("汇总表 %s 与汇总表 %s 都包含单位「%s」（%s），重复汇总；已只采用后者",
				filepath.Base(in.Path), filepath.Base(inputs[o].Path), u.Name, u.Code))
			f.File = in.Path
			b.res.Findings = append(b.res.Findings, f)
			row := b.fileRow(in, Double)
			row.Note = "与 " + filepath.Base(inputs[o].Path) + " 重复"
			b.extra = append(b.extra, row)
			return
		}
	}
	for _, i := range ids {
		b.covered[i] = si
	}
}

// fileRow is the 报送情况 row of a file not used for a roster unit.
func (b *builder) fileRow(in Input, st Status) Row {
	row := Row{Status: st, File: in.Path, SHA256: in.SHA256, Counts: checks.Count(in.Findings), Report: in.Report}
	u := unitFromFileName(in.Path)
	if in.Report != nil {
		u = in.Report.Unit
	}
	row.Code, row.Name = u.Code, u.Name
	return row
}

// rows fills the 报送情况 rows: every roster unit in roster order, then the other files.
func (b *builder) rows(inputs []Input) {
	res := b.res
	levels := b.levels()
	for i, u := range b.roster.Units {
		row := Row{Code: u.Code, Name: u.Name, Parent: u.Parent, Category: u.Category, Level: levels[u.Code],
			OnRoster: true, Status: Missing}
		switch {
		case b.covered[i] >= 0:
			s := inputs[b.covered[i]]
			row.Status, row.File, row.SHA256, row.Via = statusOf(s), s.Path, s.SHA256, s.Path
			row.Counts = checks.Count(s.Findings)
			row.Report = b.member(b.covered[i], s, u.Code)
			row.Note = "由汇总表 " + filepath.Base(s.Path) + " 报送"
			if f := b.used[i]; f >= 0 {
				in := inputs[f]
				msg := fmt.Sprintf("单位「%s」（%s）已含在汇总表 %s 中，又单独报送了 %s：重复汇总，单独报送的文件未采用",
					u.Name, u.Code, filepath.Base(s.Path), filepath.Base(in.Path))
				fd := checks.At(checks.RDouble, nil, "", msg)
				fd.File = in.Path
				res.Findings = append(res.Findings, fd)
				dr := b.fileRow(in, Double)
				dr.Code, dr.Name, dr.Parent, dr.OnRoster = u.Code, u.Name, u.Parent, true
				dr.Note = "已含在汇总表 " + filepath.Base(s.Path) + " 中"
				b.extra = append(b.extra, dr)
			}
		case b.used[i] >= 0:
			in := inputs[b.used[i]]
			row.Status, row.File, row.SHA256 = statusOf(in), in.Path, in.SHA256
			row.Counts, row.Report = checks.Count(in.Findings), in.Report
		}
		switch row.Status {
		case Passed, Explained, Warned:
			row.Included = true
		case Failed:
			row.Included, row.Invalid = b.opt.IncludeInvalid, b.opt.IncludeInvalid
		}
		if row.Included && row.Report != nil && !sameVersion(row.Report, res.Version) {
			row.Included, row.Invalid = false, false
			f := checks.At(checks.RYear, nil, "", fmt.Sprintf("单位「%s」（%s）的表格版本与 %d 年度不符，无法汇总，未计入合计", u.Name, u.Code, res.Year))
			f.File = row.File
			res.Findings = append(res.Findings, f)
			row.Note = joinNote(row.Note, fmt.Sprintf("未计入合计：表格版本与 %d 年度不符", res.Year))
		}
		if row.Status != Missing && b.covered[i] < 0 && (!row.Included || row.Invalid) {
			row.Note = joinNote(row.Note, b.whyNot(row, inputs, i))
		}
		b.crossYearOf(row, inputs, i)
		res.Units = append(res.Units, row)
		c := &res.Counts
		c.Expected++
		switch row.Status {
		case Passed:
			c.Passed++
		case Explained:
			c.Passed++
			c.Explained++
		case Warned:
			c.Warned++
		case Failed:
			c.Failed++
		case Unreadable:
			c.Unreadable++
		case Missing:
			c.Missing++
		}
		if row.Status != Missing {
			c.Reported++
		}
		if row.Included {
			c.Included++
		}
	}
	for _, r := range b.extra {
		switch r.Status {
		case OffRoster:
			res.Counts.OffRoster++
		case Replaced:
			res.Counts.Replaced++
		case Double:
			res.Counts.Double++
		case Refused:
			res.Counts.Refused++
		}
	}
	res.Units = append(res.Units, b.extra...)
}

// member returns the report of one unit in the summary workbook inputs[si], or nil when the workbook does
// not list it; the first of its members with that code, as a scan would find. Each workbook's members are
// indexed once: a province looks up 30,000 units among summaries of thousands each.
func (b *builder) member(si int, in Input, code string) *model.Report {
	if b.members == nil {
		b.members = map[int]map[string]*model.Report{}
	}
	idx, ok := b.members[si]
	if !ok {
		idx = make(map[string]*model.Report, len(in.Members))
		for _, m := range in.Members {
			if _, dup := idx[m.Unit.Code]; !dup {
				idx[m.Unit.Code] = m
			}
		}
		b.members[si] = idx
	}
	return idx[code]
}

// sameVersion reports whether every table of a report is of version v, so that it can be summed.
func sameVersion(r *model.Report, v model.Version) bool {
	for _, tv := range r.Tables {
		if tv != v {
			return false
		}
	}
	return true
}

// levelsOf gives each roster unit its depth in the tree (the roster has no cycles), breadth first from the
// top units: linear in the roster.
func levelsOf(r *model.Roster) map[string]int {
	children := make(map[string][]string, len(r.Units))
	for _, u := range r.Units {
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	out := make(map[string]int, len(r.Units))
	queue := append([]string(nil), children[""]...)
	for _, c := range queue {
		out[c] = 0
	}
	for k := 0; k < len(queue); k++ {
		c := queue[k]
		for _, ch := range children[c] {
			if _, seen := out[ch]; !seen {
				out[ch] = out[c] + 1
				queue = append(queue, ch)
			}
		}
	}
	return out
}

// newer reports whether a counts as the newer of two files of one unit: the later modification time, and
// on equal times the later path, so that the choice never depends on the order the files were found in.
func newer(a, b Input) bool {
	if ta, tb := modTime(a), modTime(b); ta != tb {
		return ta > tb
	}
	return a.Path > b.Path
}
