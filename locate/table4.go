package locate

import "nianbao/model"

// findTable4 locates 表四: the row holding 行政复议 and then 行政诉讼, its header rows below (结果维持 …
// 总计, 未经复议直接起诉, 复议后起诉, then the five columns twice for the two kinds of suit), and the value row
// of 15 cells under them, starting in the column of 行政复议.
//
// A sheet keeps merged cells in place: 复议's five labels and the ten labels of 诉讼 sit side by side, over
// their values. Text flattened from HTML or Word drops merged-away cells, so the ten labels of 诉讼 start
// again at the left. Both are accepted; anything else is a problem, not a guess.
func findTable4(v *view) found {
	t := model.TableOf(model.V2021, "t4")
	b := t.Blocks[0]
	anchor, a := -1, -1
	var extra []int
	for r := range v.norm {
		ca, cs := -1, -1
		for c, txt := range v.norm[r] {
			switch {
			case ca < 0 && names(txt, b.Rows[0].Label):
				ca = c
			case ca >= 0 && cs < 0 && names(txt, b.Rows[1].Groups[0]):
				cs = c
			}
		}
		if ca >= 0 && cs >= 0 {
			if anchor >= 0 {
				extra = append(extra, r)
				continue
			}
			anchor, a = r, ca
		}
	}
	if anchor < 0 {
		return found{}
	}
	f := found{version: model.V2021, score: 1}
	if len(extra) > 0 {
		f.problems = append(f.problems, v.problem("表四", extra[0], 0, "表头“行政复议、行政诉讼”出现了%d次（%s、%s）",
			len(extra)+1, v.rowName(anchor), v.rowName(extra[0])))
		return f
	}
	// Header rows: the rows below the anchor that hold the labels of 表四.
	vocab := append(append([]model.Line{}, b.Cols...), b.Rows[1], b.Rows[2])
	isHeader := func(r int) bool {
		for _, txt := range v.norm[r] {
			if isLabel4(vocab, txt) {
				return true
			}
		}
		return false
	}
	last := anchor
	for last+1 < len(v.norm) && last-anchor < 3 && isHeader(last+1) {
		last++
	}
	col := func(r, c, j int) bool { return b.Cols[j].Match(v.n(r, c)) >= 2 }
	first := anchor + 1
	okReview := last > anchor
	for j := range b.Cols {
		okReview = okReview && col(first, a+j, j)
	}
	aligned, flat := okReview && last > first, okReview && last > first
	for k := 0; k < 2*len(b.Cols); k++ {
		aligned = aligned && col(last, a+5+k, k%5)
		flat = flat && col(last, a+k, k%5)
	}
	flat = flat && b.Rows[1].Match(v.n(first, a+5)) >= 2 && b.Rows[2].Match(v.n(first, a+6)) >= 2
	f.score += 15
	if !aligned && !flat {
		f.problems = append(f.problems, v.problem("表四", first, a,
			"“行政复议、行政诉讼”下的表头与官方格式不符（应为结果维持、结果纠正、其他结果、尚未审结、总计，诉讼分未经复议直接起诉和复议后起诉）"))
		return f
	}
	val := last + 1
	if val >= len(v.norm) {
		f.problems = append(f.problems, v.problem("表四", last, a, "表头之下没有数值行"))
		return f
	}
	n := 3 * len(b.Cols)
	if flat && !aligned && len(v.norm[val]) < a+n {
		f.problems = append(f.problems, v.problem("表四", val, a, "数值行只有%d格，应有%d格", max(len(v.norm[val])-a, 0), n))
		return f
	}
	if a+n > v.width {
		f.problems = append(f.problems, v.problem("表四", val, a, "数值行不足%d列", n))
		return f
	}
	for c, txt := range v.norm[val] {
		if txt == "" {
			continue
		}
		if c < a || c >= a+n {
			f.problems = append(f.problems, v.problem("表四", val, c, "数值行的%s不在任何一列之下", quote(v.raw(val, c))))
		} else if isLabel4(vocab, txt) {
			f.problems = append(f.problems, v.problem("表四", val, c, "表头之下应是数值行，却是%s", quote(v.raw(val, c))))
			return f
		}
	}
	f.places = map[string]Place{}
	for k := 0; k < n; k++ {
		f.places[t.ID+"."+b.Rows[k/5].Key+"."+b.Cols[k%5].Key] = Place{v.idx, val, a + k}
	}
	return f
}

func isLabel4(vocab []model.Line, txt string) bool {
	for _, l := range vocab {
		if match(l, txt) >= 2 {
			return true
		}
	}
	return false
}
