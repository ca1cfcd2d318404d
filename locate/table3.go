package locate

import (
	"fmt"

	"nianbao/checks"
	"nianbao/model"
)

// rowHit is a grid row that carries one line of a table: where, and the column of its rightmost label cell.
type rowHit struct{ row, label int }

// scan3 is 表三 of one version as found in one grid, before its columns are known.
type scan3 struct {
	t        *model.Table
	hits     map[string][]rowHit
	problems []checks.Finding
	count    int
}

// subgroup returns the inner group of a line ("（三）不予公开"), "" for a line directly under 三 or at top.
func subgroup(l model.Line) string {
	if len(l.Groups) > 1 {
		return l.Groups[len(l.Groups)-1]
	}
	return ""
}

// scanTable3 walks the rows of a grid and assigns each to a row of 表三 of version ver by its labels. Labels
// like "1.属于国家秘密" may be truncated to what several groups share ("1."); the group context, set by the
// last group label seen ("（三）不予公开"), decides between them.
func scanTable3(v *view, ver model.Version) scan3 {
	t := model.TableOf(ver, "t3")
	s := scan3{t: t, hits: map[string][]rowHit{}}
	rows := t.Blocks[0].Rows
	idx := newIndex(rows)
	groups := map[string]string{} // normalized group label → label
	for _, l := range rows {
		for _, g := range l.Groups {
			groups[model.Normalize(g)] = g
		}
	}
	ctx := ""
	var unknown []int
	first, last := -1, -1
	for r := range v.norm {
		label, cands := -1, []int(nil)
		other, leading := false, true
		for c, txt := range v.norm[r] {
			if txt == "" {
				continue
			}
			if !wordy(txt) && !(leading && numbered(txt)) {
				leading = false
				continue
			}
			tied, score := idx.best(txt)
			group := groups[txt]
			switch {
			case score > 0 && (group == "" || score == 3):
				label, cands = c, tied
			case group != "":
				label = c
				if group != rows[2].Groups[0] { // not 三、本年度办理结果 itself
					ctx = group
				}
			default:
				other, leading = true, false
			}
		}
		if len(cands) == 0 {
			if other {
				unknown = append(unknown, r)
			}
			continue
		}
		if len(cands) > 1 {
			var in []int
			for _, i := range cands {
				if subgroup(rows[i]) == ctx {
					in = append(in, i)
				}
			}
			cands = in
		}
		if len(cands) != 1 {
			s.problems = append(s.problems, v.problem("表三", r, label, "%s的行名%s可能是多个项目，无法确定",
				v.rowName(r), quote(v.raw(r, label))))
			continue
		}
		l := rows[cands[0]]
		ctx = subgroup(l)
		s.hits[l.Key] = append(s.hits[l.Key], rowHit{r, label})
		s.count++
		if first < 0 {
			first = r
		}
		last = r
	}
	for _, r := range unknown {
		if r > first && r < last {
			c := v.first(r)
			s.problems = append(s.problems, v.problem("表三", r, c, "%s%s不是%d版表三的行",
				v.rowName(r), quote(v.raw(r, c)), int(ver)))
		}
	}
	var missing []string
	for _, l := range rows {
		hs := s.hits[l.Key]
		switch {
		case len(hs) == 0:
			missing = append(missing, lineName(l))
		case len(hs) > 1:
			s.problems = append(s.problems, v.problem("表三", hs[1].row, hs[1].label, "“%s”行出现了%d次（%s、%s）",
				lineName(l), len(hs), v.rowName(hs[0].row), v.rowName(hs[1].row)))
		}
	}
	s.problems = append(s.problems, v.missing("表三", missing)...)
	return s
}

// numbered reports whether a normalized text is a bare item number ("1."), what is left of a numbered label
// cut at its line break.
func numbered(t string) bool {
	n := len(t)
	return n >= 2 && n <= 3 && t[0] >= '1' && t[0] <= '9' && t[n-1] == '.' && (n == 2 || t[1] >= '0' && t[1] <= '9')
}

// lineName names a row in messages with its group: "（三）不予公开 1.属于国家秘密".
func lineName(l model.Line) string {
	if g := subgroup(l); g != "" {
		return g + " " + l.Label
	}
	return l.Label
}

// findTable3 locates 表三: its rows by their labels, in the version the shape of （六）其他处理 says, then
// its seven value columns.
func findTable3(v *view) found {
	s19, s21 := scanTable3(v, model.V2019), scanTable3(v, model.V2021)
	s := s19
	for _, k := range []string{"other1", "other2", "other3"} {
		if len(s21.hits[k]) > 0 {
			s = s21
		}
	}
	f := found{version: s.t.Version, score: s.count, problems: s.problems}
	if s.count == 0 || len(f.problems) > 0 {
		return f
	}
	f.places, f.problems = columns3(v, s)
	return f
}

// columns3 finds the value columns of every row of 表三. In a sheet the header (自然人, 商业企业, …, 总计)
// stands above its columns; in text flattened from HTML or Word the merged cells are gone, so each row's
// seven values follow its last label cell. When neither header nor rows tell, it is a problem.
func columns3(v *view, s scan3) (map[string]Place, []checks.Finding) {
	b := s.t.Blocks[0]
	top, minL, maxL := len(v.norm), v.width, -1
	for _, hs := range s.hits {
		top = min(top, hs[0].row)
		minL, maxL = min(minL, hs[0].label), max(maxL, hs[0].label)
	}
	// The header: up to three rows above the first row.
	at := make([]map[int]bool, len(b.Cols))
	for r := max(0, top-3); r < top; r++ {
		for c, txt := range v.norm[r] {
			for j, col := range b.Cols {
				if match(col, txt) >= 2 {
					if at[j] == nil {
						at[j] = map[int]bool{}
					}
					at[j][c] = true
				}
			}
		}
	}
	start, aligned, seen := -1, true, 0
	person := -1
	for j := range b.Cols {
		if len(at[j]) == 0 {
			continue
		}
		if len(at[j]) > 1 {
			aligned = false
			continue
		}
		for c := range at[j] {
			if j == 0 {
				person = c
			}
			seen++
			if start >= 0 && c-j != start {
				aligned = false
			}
			start = c - j
		}
	}
	aligned = aligned && seen >= 3 && start > maxL
	perRow := false
	if !aligned {
		start = maxL + 1
		contradicts := false
		for _, hs := range s.hits {
			for c := hs[0].label + 1; c < start; c++ {
				if v.n(hs[0].row, c) != "" {
					contradicts = true
				}
			}
		}
		switch {
		case minL == maxL:
		case contradicts:
			perRow = true
		case person >= 0 && person == start:
		case person >= 0 && person <= minL:
			perRow = true
		default:
			// No header to tell: in a sheet every numbered row has its label in the same column; flattened
			// text moves the first row of each group one cell right, after its group label.
			col := -1
			for _, l := range b.Rows {
				if h := s.hits[l.Key][0]; subgroup(l) != "" {
					if col >= 0 && h.label != col {
						perRow = true
					}
					col = h.label
				}
			}
		}
	}
	places := map[string]Place{}
	var problems []checks.Finding
	n := len(b.Cols)
	for _, l := range b.Rows {
		h := s.hits[l.Key][0]
		from := start
		if perRow {
			from = h.label + 1
			if got := len(v.norm[h.row]) - from; got < n {
				problems = append(problems, v.problem("表三", h.row, h.label, "“%s”行只有%d个数值格，应有%d个",
					lineName(l), max(got, 0), n))
				continue
			}
		}
		if from+n > v.width {
			problems = append(problems, v.problem("表三", h.row, h.label, "“%s”行的数值列不足%d列", lineName(l), n))
			continue
		}
		for c := h.label + 1; c < from; c++ {
			if v.n(h.row, c) != "" {
				problems = append(problems, v.problem("表三", h.row, c, "“%s”行的%s不在任何一列之下",
					lineName(l), quote(v.raw(h.row, c))))
			}
		}
		if !aligned {
			for c := from + n; c < len(v.norm[h.row]); c++ {
				if v.n(h.row, c) != "" {
					problems = append(problems, v.problem("表三", h.row, c, "“%s”行在总计列之后还有%s，无法确定各列",
						lineName(l), quote(v.raw(h.row, c))))
					break
				}
			}
		}
		for j, col := range b.Cols {
			places[fmt.Sprintf("t3.%s.%s", l.Key, col.Key)] = Place{v.idx, h.row, from + j}
		}
	}
	return places, problems
}
