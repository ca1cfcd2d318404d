package summary

import (
	"fmt"

	"nianbao/checks"
	"nianbao/model"
)

// contribution is a report summed into the branch of one roster unit (its anchor) and every branch above.
type contribution struct {
	anchor  string // roster code; "" when only the region total holds it
	report  *model.Report
	code    string // roster code of the unit it reports for, "" for a whole summary
	invalid bool
}

// contributions lists what is summed: the used report of every included roster unit, and every included
// summary workbook, unit by unit when it lists its units, else as one block at the unit it is made for.
func (b *builder) contributions(inputs []Input) []contribution {
	var out []contribution
	seen := map[int]bool{}
	for i, row := range b.res.Units[:len(b.roster.Units)] {
		if !row.Included {
			continue
		}
		if b.covered[i] < 0 {
			out = append(out, contribution{anchor: row.Code, code: row.Code, report: row.Report, invalid: row.Invalid})
			continue
		}
		si := b.covered[i]
		if seen[si] {
			continue
		}
		seen[si] = true
		s := inputs[si]
		anchor := b.summaryAnchor(si, s)
		if len(s.Members) == 0 {
			out = append(out, contribution{anchor: anchor, report: s.Report, invalid: row.Invalid})
			continue
		}
		for _, m := range s.Members {
			c := contribution{anchor: anchor, report: m, invalid: row.Invalid}
			if j, ok := b.m.byCode[m.Unit.Code]; ok && b.covered[j] == si {
				c.anchor, c.code = m.Unit.Code, m.Unit.Code
			}
			out = append(out, c)
		}
	}
	return out
}

// summaryAnchor is the roster unit a summary workbook is made for: its own unit when the roster has it,
// else the lowest unit above all the units it covers.
func (b *builder) summaryAnchor(si int, s Input) string {
	if c := s.Report.Unit.Code; c != "" {
		if i, ok := b.m.byCode[c]; ok && b.covered[i] == si {
			return c
		}
	}
	var chain []string
	for i := range b.roster.Units {
		if b.covered[i] != si {
			continue
		}
		up := b.ancestors(b.roster.Units[i].Code)
		if chain == nil {
			chain = up
			continue
		}
		in := map[string]bool{}
		for _, c := range up {
			in[c] = true
		}
		var keep []string
		for _, c := range chain {
			if in[c] {
				keep = append(keep, c)
			}
		}
		chain = keep
	}
	if len(chain) == 0 {
		return ""
	}
	return chain[0]
}

// unit returns the roster unit of a code (Roster.Unit is a linear search, too slow for a province).
func (b *builder) unit(code string) (model.RosterUnit, bool) {
	if b.units == nil {
		b.units = make(map[string]int, len(b.roster.Units))
		for i, u := range b.roster.Units {
			if _, dup := b.units[u.Code]; !dup {
				b.units[u.Code] = i
			}
		}
	}
	i, ok := b.units[code]
	if !ok {
		return model.RosterUnit{}, false
	}
	return b.roster.Units[i], true
}

// ancestors returns a code followed by the codes above it, nearest first.
func (b *builder) ancestors(code string) []string {
	var out []string
	for c := code; c != "" && len(out) <= len(b.roster.Units); {
		out = append(out, c)
		u, ok := b.unit(c)
		if !ok {
			break
		}
		c = u.Parent
	}
	return out
}

// totals sums every branch of the roster tree and the region, checks the identities on every sum, and runs
// the cross-year check on the region total.
func (b *builder) totals(inputs []Input) {
	res := b.res
	parent := map[string]string{}
	children := map[string][]string{}
	for _, u := range b.roster.Units {
		parent[u.Code] = u.Parent
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	byNode := map[string][]contribution{}
	var all []*model.Report
	invalid := false
	for _, c := range b.contributions(inputs) {
		all = append(all, c.report)
		invalid = invalid || c.invalid
		for a, n := c.anchor, 0; a != "" && n <= len(b.roster.Units); a, n = parent[a], n+1 {
			byNode[a] = append(byNode[a], c)
		}
	}
	rows := map[string]Row{}
	for _, r := range res.Units[:len(b.roster.Units)] {
		rows[r.Code] = r
	}
	var walk func(code string, level int)
	walk = func(code string, level int) {
		ru, _ := b.unit(code)
		n := Node{Unit: model.Unit{Code: ru.Code, Name: ru.Name}, Parent: ru.Parent, Category: ru.Category, Level: level}
		idx := len(res.Nodes)
		res.Nodes = append(res.Nodes, n)
		for _, ch := range children[code] {
			walk(ch, level+1)
		}
		n = res.Nodes[idx]
		n.Units, n.Reported, n.Included, n.Invalid = 1, 0, 0, 0
		r := rows[code]
		if r.Status != Missing {
			n.Reported++
		}
		if r.Included {
			n.Included++
		}
		if r.Invalid {
			n.Invalid++
		}
		for j := idx + 1; j < len(res.Nodes) && res.Nodes[j].Level > level; j++ {
			if res.Nodes[j].Level == level+1 {
				c := res.Nodes[j]
				n.Units += c.Units
				n.Reported += c.Reported
				n.Included += c.Included
				n.Invalid += c.Invalid
			}
		}
		n.Branch = len(children[code]) > 0
		n.Total = b.sum(n.Unit, byNode[code], n.Branch, n.Invalid > 0)
		for _, c := range byNode[code] {
			if c.code == code {
				n.Own = c.report
			}
		}
		res.Nodes[idx] = n
	}
	for _, top := range children[""] {
		walk(top, 0)
	}
	if tops := children[""]; len(tops) == 1 && res.Nodes[0].Total != nil && len(children[tops[0]]) > 0 {
		res.Total = res.Nodes[0].Total
	} else {
		res.Total = b.sum(res.Region, wrap(all), true, invalid)
	}
	b.yoy(b.crossYear())
}

func wrap(rs []*model.Report) []contribution {
	out := make([]contribution, len(rs))
	for i, r := range rs {
		out[i] = contribution{report: r}
	}
	return out
}

// sum adds the contributions of a branch. A unit without units below and with one report keeps that
// report as its total; every real sum has its identities checked again.
func (b *builder) sum(u model.Unit, cs []contribution, branch, invalid bool) *model.Report {
	res := b.res
	if !branch && len(cs) <= 1 {
		if len(cs) == 0 {
			return nil // nothing reported
		}
		return cs[0].report
	}
	reports := make([]*model.Report, len(cs))
	for i, c := range cs {
		reports[i] = c.report
	}
	total, err := model.Sum(u, res.Year, res.Version, reports...)
	if err != nil {
		res.Internal = append(res.Internal, fmt.Sprintf("「%s」的合计无法计算：%v", u.Name, err))
		return nil
	}
	if invalid { // errors of the parts were reported with their files
		return total
	}
	for _, f := range checks.Run(total, nil) {
		if f.Severity == checks.Error {
			res.Internal = append(res.Internal, fmt.Sprintf("「%s」的合计不满足校验规则（程序错误，请报告）：%s", u.Name, f.Message))
		}
	}
	return total
}

// crossYear checks the region total against last year's: the sum of last year's reports of the same
// units when every one of them is known, else last year's summary of the region. It returns that report
// of last year, or nil.
func (b *builder) crossYear() *model.Report {
	res := b.res
	if b.opt.Previous == nil || res.Total == nil {
		return nil
	}
	var prevs []*model.Report
	complete := true
	for _, r := range res.Units[:len(b.roster.Units)] {
		if !r.Included {
			continue
		}
		if r.Report == nil {
			complete = false
			break
		}
		p := b.opt.Previous(r.Report.Unit)
		if p == nil || len(p.Covers) > 0 {
			complete = false
			break
		}
		prevs = append(prevs, p)
	}
	var prev *model.Report
	if complete && len(prevs) > 0 {
		if p, err := model.Sum(res.Region, res.Year-1, prevs[0].Version, prevs...); err == nil {
			prev = p // last year's reports in two versions cannot be summed; the summary may still do
		}
	}
	if prev == nil {
		ps := b.opt.PreviousSummary
		if ps == nil {
			ps = b.opt.Previous
		}
		if p := ps(res.Region); p != nil && len(p.Covers) > 0 {
			prev = p
		}
	}
	if prev == nil {
		return nil
	}
	for _, f := range checks.Run(res.Total, prev) {
		switch f.Rule {
		case checks.XCarry.ID, checks.XProjects.ID, checks.XValid.ID:
			f.Message = "全区合计：" + f.Message
			f.File = ""
			res.Findings = append(res.Findings, f)
		}
	}
	return prev
}
