package audit

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"nianbao/checks"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/xlsx"
)

// WriteText writes the audit for the clerk: one block per unit (published or not, its findings, each cell
// that differs from the submission), the publications matched to no unit, then the counts.
func WriteText(w io.Writer, a *Audit) error {
	var b strings.Builder
	published, differing := 0, 0
	for _, u := range a.Units {
		fmt.Fprintf(&b, "【%s】%s %s\n", statusText(u), u.Code, u.Name)
		if u.Status == StatusPublished {
			published++
		}
		for i, p := range u.Published {
			fmt.Fprintf(&b, "  公开：%s（%s，%s）\n", p.Path, p.Verdict, p.Match)
			for _, f := range p.Findings {
				if f.Severity != checks.Info {
					fmt.Fprintf(&b, "    %s %s\n", f.Severity, f.Message)
				}
			}
			if i < len(u.Comparisons) {
				c := u.Comparisons[i]
				for _, m := range c.Mismatches {
					fmt.Fprintf(&b, "    注意 %s\n", m)
				}
				for _, d := range c.Differences {
					fmt.Fprintf(&b, "    不同 %s %s / %s：报送 %s%s，公开 %s%s\n", d.Table, d.Row, d.Column,
						value(d.A), where(d.ASource), value(d.B), where(d.BSource))
				}
				if len(c.Differences) > 0 {
					differing++
				}
			}
		}
		if u.Submitted != "" {
			fmt.Fprintf(&b, "  报送：%s\n", u.Submitted)
		}
	}
	for _, p := range a.Unmatched {
		fmt.Fprintf(&b, "【无法对应】%s：%s\n", p.Path, p.Match)
	}
	fmt.Fprintf(&b, "名单共 %d 个单位：已公开 %d，未找到 %d；公开与报送不一致的单位 %d 个；无法对应到名单的文件 %d 个。\n",
		len(a.Units), published, len(a.Units)-published, differing, len(a.Unmatched))
	_, err := io.WriteString(w, b.String())
	return err
}

func statusText(u Unit) string {
	if u.Status == StatusPublished {
		return "已公开"
	}
	return "未找到公开的年报"
}

func value(v *float64) string {
	if v == nil {
		return "（无此格）"
	}
	return model.FormatValue(*v)
}

func where(s model.Source) string {
	if p := s.String(); p != "" {
		return "（" + p + "）"
	}
	return ""
}

// WriteWorkbook writes the audit workbook to path (atomically): sheet 公开情况 (a row per roster unit),
// 不一致 (a row per differing cell, both values and both sources), 问题 (the findings of each publication)
// and 无法对应 (publications tied to no unit).
func WriteWorkbook(path string, a *Audit) error {
	units := sheet("公开情况", "单位代码", "单位名称", "公开情况", "公开的文件", "检查结论", "错误", "警告", "与报送不同的单元格", "报送的文件")
	diffs := sheet("不一致", "单位代码", "单位名称", "表格", "行", "列", "报送值", "报送位置", "公开值", "公开位置")
	problems := sheet("问题", "单位代码", "单位名称", "文件", "级别", "规则", "位置", "说明")
	unmatched := sheet("无法对应", "文件", "标题中的单位", "原因")
	for _, u := range a.Units {
		if len(u.Published) == 0 {
			units.add(u.Code, u.Name, statusText(u), "", "", "", "", "", u.Submitted)
		}
		for i, p := range u.Published {
			errs, warns := 0, 0
			for _, f := range p.Findings {
				switch f.Severity {
				case checks.Error:
					errs++
				case checks.Warning:
					warns++
				}
				problems.add(u.Code, u.Name, p.Path, f.Severity.String(), f.Rule, findingPlace(f), f.Message)
			}
			ndiff := ""
			if i < len(u.Comparisons) {
				c := u.Comparisons[i]
				ndiff = numeric + strconv.Itoa(len(c.Differences))
				for _, d := range c.Differences {
					diffs.add(u.Code, u.Name, d.Table, d.Row, d.Column, num(d.A), d.ASource.String(), num(d.B), d.BSource.String())
				}
			}
			units.add(u.Code, u.Name, statusText(u), p.Path, string(p.Verdict), numeric+strconv.Itoa(errs), numeric+strconv.Itoa(warns), ndiff, u.Submitted)
		}
	}
	for _, p := range a.Unmatched {
		unmatched.add(p.Path, p.Unit.Name, p.Match)
	}
	return xlsx.WriteSheetsFile(path, []xlsx.Sheet{units.done(), diffs.done(), problems.done(), unmatched.done()})
}

// grid builds one sheet: a header row, then rows of texts. Texts are written as text, except the cells
// marked numeric.
type grid struct {
	g      locate.Grid
	widths map[string]float64
}

func sheet(name string, headers ...string) *grid {
	s := &grid{g: locate.Grid{Name: name}, widths: map[string]float64{}}
	s.add(headers...)
	return s
}

// numeric marks a text to be written as a number.
const numeric = "\x00"

func (s *grid) add(texts ...string) {
	row := make([]locate.Cell, len(texts))
	for i, t := range texts {
		if n, ok := strings.CutPrefix(t, numeric); ok {
			row[i] = locate.Cell{Text: n}
		} else {
			row[i] = locate.Cell{Text: t, Str: true}
		}
		col := string(rune('A' + i)) // sheets have at most nine columns
		s.widths[col+":"+col] = min(60, max(s.widths[col+":"+col], float64(len([]rune(t)))*2+2))
	}
	s.g.Rows = append(s.g.Rows, row)
}

func (s *grid) done() xlsx.Sheet { return xlsx.Sheet{Grid: s.g, Widths: s.widths} }

func num(v *float64) string {
	if v == nil {
		return "（无此格）"
	}
	return numeric + strconv.FormatFloat(*v, 'f', -1, 64)
}

func findingPlace(f checks.Finding) string {
	switch {
	case f.Line > 0:
		return "第" + strconv.Itoa(f.Line) + "行"
	case f.Sheet != "" && f.Cell != "":
		return f.Sheet + "!" + f.Cell
	}
	return filepath.Base(f.File)
}
