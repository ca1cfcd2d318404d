package batch

import (
	"fmt"
	"math"
	"strings"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
)

// A workbook is taken as a summary only when it proves itself: its 明细 sheets are there with every column,
// each member row is a consistent report, the rows add up exactly to its tables, and its covers are exactly
// its member codes. Its digest (templates.Digest) tells whether it was edited outside the tool.

// maxProblems is how many problems of a refused summary are spelled out.
const maxProblems = 6

// verifyMeta checks the digest of one of our workbooks and, for one that says it is a summary, the proof.
// members are the summary's member reports; refused is true when the workbook claims to be a summary but
// is not to be used as one.
func verifyMeta(grids []locate.Grid, r *model.Report, meta map[string]string) (members []*model.Report, refused bool, fs []checks.Finding) {
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
	members = locate.Members(grids, r)
	problems := proveSummary(grids, r, members)
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

// proveSummary lists, in Chinese, what does not add up in a summary workbook.
func proveSummary(grids []locate.Grid, r *model.Report, members []*model.Report) []string {
	var out []string
	index := make(map[string]int, len(grids))
	for i, g := range grids {
		index[g.Name] = i
	}
	form := model.FormOf(r.Version)
	invalid := map[string]bool{} // members the summary itself marks as summed with errors
	names, renamed := map[string]string{}, map[string]bool{}
	for _, t := range form.Tables {
		if _, ok := r.Tables[t.ID]; !ok {
			continue
		}
		name := templates.DetailSheet(t)
		i, ok := index[name]
		if !ok {
			out = append(out, "缺少明细工作表「"+name+"」")
			continue
		}
		g := grids[i]
		if len(g.Rows) < 2 {
			out = append(out, "明细工作表「"+name+"」没有列标识行")
			continue
		}
		cols := map[string]int{}
		for ci, c := range g.Rows[1] {
			cols[strings.TrimSpace(c.Text)] = ci
		}
		for _, need := range append([]string{templates.DetailCode, templates.DetailName, templates.DetailStatus}, keysOf(t)...) {
			if _, ok := cols[need]; !ok {
				out = append(out, "明细工作表「"+name+"」缺少列 "+need)
				break
			}
		}
		code, status, uname := cols[templates.DetailCode], cols[templates.DetailStatus], cols[templates.DetailName]
		for _, row := range g.Rows[min(2, len(g.Rows)):] {
			if code >= len(row) {
				continue
			}
			c := strings.TrimSpace(row[code].Text)
			if status < len(row) && strings.Contains(row[status].Text, "含错误") {
				invalid[c] = true
			}
			if n := ""; c != "" {
				if uname < len(row) {
					n = strings.TrimSpace(row[uname].Text)
				}
				if first, ok := names[c]; ok && first != n && !renamed[c] {
					renamed[c] = true
					out = append(out, "单位代码 "+c+" 在各明细工作表中的单位名称不一致（「"+first+"」与「"+n+"」）")
				} else if !ok {
					names[c] = n
				}
			}
		}
	}
	if len(members) == 0 {
		return append(out, "明细中没有任何单位")
	}
	seen := map[string]bool{}
	for _, m := range members {
		switch {
		case m.Unit.Code == "":
			out = append(out, "明细中的单位「"+m.Unit.Name+"」没有单位代码")
		case seen[m.Unit.Code]:
			out = append(out, "单位代码 "+m.Unit.Code+" 在明细中出现了多次")
		}
		seen[m.Unit.Code] = true
		if invalid[m.Unit.Code] {
			continue
		}
		for _, f := range checks.Run(m, nil) {
			if f.Severity == checks.Error {
				out = append(out, fmt.Sprintf("明细中单位「%s」（%s）本身不平衡：%s", m.Unit.Name, m.Unit.Code, f.Message))
				break
			}
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
	for _, t := range form.Tables {
		if _, ok := r.Tables[t.ID]; !ok {
			continue
		}
		for _, c := range t.Cells() {
			var sum float64
			for _, m := range members {
				sum += m.Get(c.Key)
			}
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

// keysOf returns the cell keys of a table.
func keysOf(t *model.Table) []string {
	var out []string
	for _, c := range t.Cells() {
		out = append(out, c.Key)
	}
	return out
}

// clipList joins codes with 、, at most ten of them.
func clipList(codes []string) string {
	if len(codes) > 10 {
		return strings.Join(codes[:10], "、") + fmt.Sprintf(" 等 %d 个", len(codes))
	}
	return strings.Join(codes, "、")
}
