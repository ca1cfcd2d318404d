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
// else the lowest unit above all the units it covers (their lowest common ancestor, found in one pass over
// the roster: the deepest unit whose branch holds every covered unit).
func (b *builder) summaryAnchor(si int, s Input) string {
	if c := s.Report.Unit.Code; c != "" {
		if i, ok := b.m.byCode[c]; ok && b.covered[i] == si {
			return c
		}
	}
	total := 0
	for i := range b.roster.Units {
		if b.covered[i] == si {
			total++
		}
	}
	if total == 0 {
		return ""
	}
	count := make([]int, len(b.roster.Units)) // covered units in each unit's branch
	for _, i := range b.bottomUp() {
		if b.covered[i] == si {
			count[i]++
		}
		if p, ok := b.m.byCode[b.roster.Units[i].Parent]; ok {
			count[p] += count[i]
		}
	}
	best, depth := "", -1
	levels := b.levels()
	for i, u := range b.roster.Units {
		if count[i] == total && levels[u.Code] > depth {
			best, depth = u.Code, levels[u.Code]
		}
	}
	return best
}

// bottomUp returns the roster indexes ordered so that every unit comes before its parent.
func (b *builder) bottomUp() []int {
	if b.order != nil {
		return b.order
	}
	children := make(map[string][]int, len(b.roster.Units))
	for i, u := range b.roster.Units {
		children[u.Parent] = append(children[u.Parent], i)
	}
	order := make([]int, 0, len(b.roster.Units))
	order = append(order, children[""]...)
	for k := 0; k < len(order); k++ { // breadth first from the top, then reversed
		order = append(order, children[b.roster.Units[order[k]].Code]...)
	}
	for l, r := 0, len(order)-1; l < r; l, r = l+1, r-1 {
		order[l], order[r] = order[r], order[l]
	}
	b.order = order
	return order
}

// levels gives each roster unit its depth in the tree, computed once, in linear time.
func (b *builder) levels() map[string]int {
	if b.depth == nil {
		b.depth = levelsOf(b.roster)
	}
	return b.depth
}

// totals sums every branch of the roster tree and the region, checks the identities on every sum, and runs
// the cross-year check on the region total. Each branch is the sum of what is anchored at its unit and of
// the totals of the branches below, so the work is linear in the roster, however deep the tree.
func (b *builder) totals(inputs []Input) {
	res := b.res
	children := map[string][]string{}
	for _, u := range b.roster.Units {
		children[u.Parent] = append(children[u.Parent], u.Code)
	}
	own := map[string][]contribution{}
	var all []*model.Report
	invalid := false
	for _, c := range b.contributions(inputs) {
		all = append(all, c.report)
		invalid = invalid || c.invalid
		if c.anchor != "" {
			own[c.anchor] = append(own[c.anchor], c)
		}
	}
	rows := map[string]Row{}
	for _, r := range res.Units[:len(b.roster.Units)] {
		rows[r.Code] = r
	}
	// Nodes in depth-first order, found without recursion (a deep chain would make a deep stack, which
	// the garbage collector scans on every cycle), then summed from the last to the first: every branch
	// after the branches below it.
	type frame struct {
		code  string
		level int
	}
	stack := make([]frame, 0, len(children[""]))
	for k := len(children[""]) - 1; k >= 0; k-- {
		stack = append(stack, frame{children[""][k], 0})
	}
	index := make(map[string]int, len(b.roster.Units))
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		ru := b.roster.Units[b.m.byCode[f.code]]
		index[f.code] = len(res.Nodes)
		res.Nodes = append(res.Nodes, Node{Unit: model.Unit{Code: ru.Code, Name: ru.Name}, Parent: ru.Parent,
			Category: ru.Category, Level: f.level})
		kids := children[f.code]
		for k := len(kids) - 1; k >= 0; k-- {
			stack = append(stack, frame{kids[k], f.level + 1})
		}
	}
	for idx := len(res.Nodes) - 1; idx >= 0; idx-- {
		node := &res.Nodes[idx]
		code := node.Unit.Code
		cs := append([]contribution(nil), own[code]...)
		node.Units = 1
		for _, ch := range children[code] {
			c := &res.Nodes[index[ch]]
			node.Units += c.Units
			node.Reported += c.Reported
			node.Included += c.Included
			node.Invalid += c.Invalid
			if c.Total != nil {
				// The branch below counts as one part: summing its Covers at every level above would
				// copy the codes of a deep chain once per level (quadratic); the region's are set below.
				part := *c.Total
				part.Covers, part.Unit.Code = nil, ""
				cs = append(cs, contribution{anchor: ch, report: &part, invalid: c.Invalid > 0})
			}
		}
		r := rows[code]
		if r.Status != Missing {
			node.Reported++
		}
		if r.Included {
			node.Included++
		}
		if r.Invalid {
			node.Invalid++
		}
		node.Branch = len(children[code]) > 0
		node.Total = b.sum(node.Unit, cs, node.Branch, node.Invalid > 0)
		for _, c := range own[code] {
			if c.code == code {
				node.Own = c.report
			}
		}
	}
	if tops := children[""]; len(tops) == 1 && res.Nodes[0].Total != nil && len(children[tops[0]]) > 0 {
		res.Total = res.Nodes[0].Total
		var covers []string
		for _, r := range all {
			if len(r.Covers) > 0 {
				covers = append(covers, r.Covers...)
			} else if r.Unit.Code != "" {
				covers = append(covers, r.Unit.Code)
			}
		}
		res.Total.Covers = covers
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
	if invalid || len(cs) <= 1 { // errors of the parts were reported with their files; one part was checked
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
