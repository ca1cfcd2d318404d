package batch

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx/read"
)

// A workbook is taken as a summary only when it proves itself: its 明细 sheets are there with every column,
// each member row is a consistent report, the rows add up exactly to its tables, and its covers are exactly
// its member codes. Its digest (templates.Digest) tells whether it was edited outside the tool.

// maxProblems is how many problems of a refused summary are spelled out.
const maxProblems = 6

// verifyMeta checks the digest of one of our workbooks and, for one that says it is a summary, the proof.
// members are the summary's member reports; refused is true when the workbook claims to be a summary but
// is not to be used as one.
func verifyMeta(grids []locate.Grid, details []read.Detail, r *model.Report, meta map[string]string) (members []*model.Report, refused bool, fs []checks.Finding) {
	m, _, ours := templates.ParseMeta(meta)
	if !ours {
		return nil, false, nil
	}
	stored := strings.TrimSpace(meta[templates.MetaDigest])
	if !m.IsSummary() {
		if stored != "" && stored != templates.Digest(meta, nil, nil) {
			fs = append(fs, checks.At(checks.RTampered, nil, "",
				"文件的隐藏标记已在本工具之外修改（校验码不符），请使用下发的原模板填报"))
		}
		return nil, false, fs
	}
	sheets := map[string]bool{}
	for _, g := range grids {
		sheets[g.Name] = true
	}
	if details != nil { // read by the summary fast path
		members = MembersOf(details, r)
		for _, d := range details {
			sheets[d.Sheet] = true
		}
	} else {
		members = locate.Members(grids, r)
	}
	problems := proveSummary(sheets, r, members)
	var ms []templates.Member
	for _, mr := range members {
		ms = append(ms, templates.Member{Code: mr.Unit.Code, Name: mr.Unit.Name, Report: mr})
	}
	tampered := stored == "" || stored != templates.Digest(meta, r, ms)
	switch {
	case len(problems) > 0:
		lead := "此文件标明为汇总表，但"
		if tampered {
			lead = "此文件标明为汇总表，已在本工具之外修改，且"
		}
		if len(problems) > maxProblems {
			problems = append(problems[:maxProblems], fmt.Sprintf("等共 %d 处", len(problems)))
		}
		fs = append(fs, checks.At(checks.RSummary, nil, "", lead+strings.Join(problems, "；")+
			"。不能作为汇总表采用，其所含单位按未报送处理"))
		return nil, true, fs
	case tampered:
		fs = append(fs, checks.At(checks.RTampered, nil, "",
			"汇总表已在本工具之外修改（校验码不符）；明细与合计仍相符，已采用，请向报送方核实"))
	}
	return members, false, fs
}

// proveSummary lists, in Chinese, what does not add up in a summary workbook whose sheets are named in
// sheets and whose 明细 rows gave members.
func proveSummary(sheets map[string]bool, r *model.Report, members []*model.Report) []string {
	var out []string
	form := model.FormOf(r.Version)
	for _, t := range form.Tables {
		if _, ok := r.Tables[t.ID]; ok && !sheets[templates.DetailSheet(t)] {
			out = append(out, "缺少明细工作表「"+templates.DetailSheet(t)+"」")
		}
	}
	if len(members) == 0 {
		return append(out, "明细中没有任何单位")
	}
	unbalanced := firstErrors(members)
	seen := map[string]bool{}
	for i, m := range members {
		switch {
		case m.Unit.Code == "":
			out = append(out, "明细中的单位「"+m.Unit.Name+"」没有单位代码")
		case seen[m.Unit.Code]:
			out = append(out, "单位代码 "+m.Unit.Code+" 在明细中出现了多次")
		}
		seen[m.Unit.Code] = true
		if e := unbalanced[i]; e != nil {
			out = append(out, fmt.Sprintf("明细中单位「%s」（%s）本身不平衡：%s", m.Unit.Name, m.Unit.Code, e.Message))
		}
	}
	covers := map[string]bool{}
	var missing []string
	for _, c := range r.Covers {
		covers[c] = true
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	var extra []string
	for _, m := range members {
		if m.Unit.Code != "" && !covers[m.Unit.Code] {
			extra = append(extra, m.Unit.Code)
		}
	}
	if len(missing) > 0 {
		out = append(out, "所含单位 "+clipList(missing)+" 在明细中没有数据")
	}
	if len(extra) > 0 {
		out = append(out, "明细中的单位 "+clipList(extra)+" 不在其所含单位中")
	}
	// Each key's sum adds the members' values in member order, as a sum over the members of Get would;
	// only the values a member holds are visited (a missing one reads as 0, which adds nothing).
	sums := map[string]float64{}
	for _, m := range members {
		for k, v := range m.Values {
			sums[k] += v
		}
	}
	for _, t := range form.Tables {
		if _, ok := r.Tables[t.ID]; !ok {
			continue
		}
		for _, c := range t.Cells() {
			sum := sums[c.Key]
			if got := r.Get(c.Key); math.Abs(model.Round(sum)-model.Round(got)) > 1e-9 {
				where := ""
				if s := r.Sources[c.Key]; s.Cell != "" {
					where = "（" + s.String() + "）"
				}
				out = append(out, fmt.Sprintf("%s %s%s 为 %s，而明细各单位之和为 %s", t.Name, c.Label(), where,
					model.FormatValue(got), model.FormatValue(model.Round(sum))))
			}
		}
	}
	return out
}

// firstErrors returns, for each member, the first error the rules find in it alone, or nil; the members
// are checked on every CPU (a province's summaries hold tens of thousands of them).
func firstErrors(members []*model.Report) []*checks.Finding {
	out := make([]*checks.Finding, len(members))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(1, len(members)/64)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(members); i = int(next.Add(1)) - 1 {
				for _, f := range checks.Run(members[i], nil) {
					if f.Severity == checks.Error {
						out[i] = &f
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// clipList joins codes with 、, at most ten of them.
func clipList(codes []string) string {
	if len(codes) > 10 {
		return strings.Join(codes[:10], "、") + fmt.Sprintf(" 等 %d 个", len(codes))
	}
	return strings.Join(codes, "、")
}
