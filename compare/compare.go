// Package compare lists the differences between two reports of one unit and year — a returned workbook
// against the published report, or this file against last week's — and renders them for the clerk.
// It knows nothing of files: batch.LoadSide reads a side.
package compare

import (
	"fmt"
	"io"
	"strings"

	"nianbao/model"
)

// Side is one of the two reports a comparison looks at, as the JSON document names it.
type Side struct {
	// Path is the file as given (a summary row adds "#" and the unit's code).
	Path string `json:"path"`
	// Member is the code (or name) of the unit whose row of a summary workbook was taken; "" for a whole file.
	Member  string        `json:"member,omitempty"`
	Format  string        `json:"format,omitempty"`
	Unit    model.Unit    `json:"unit"`
	Year    int           `json:"year,omitempty"`
	Version model.Version `json:"version,omitempty"`
	// Report is the report compared.
	Report *model.Report `json:"-"`
}

// Difference is one cell whose value differs between the two reports, or that only one of them has.
type Difference struct {
	Key    string `json:"key"`
	Table  string `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
	// A and B are the values; nil when that report has no such cell (its table is missing or of the other
	// version).
	A *float64 `json:"a"`
	B *float64 `json:"b"`
	// ASource and BSource say where each value was read.
	ASource model.Source `json:"a_source"`
	BSource model.Source `json:"b_source"`
}

// Comparison is what `nianbao compare` prints.
type Comparison struct {
	A Side `json:"a"`
	B Side `json:"b"`
	// Mismatches say, in Chinese, why the two reports may not be about the same unit, year or tables.
	Mismatches []string `json:"mismatches"`
	// Compared is the number of cells both reports have.
	Compared    int          `json:"compared"`
	Differences []Difference `json:"differences"`
	// Equal is true when there are neither mismatches nor differences.
	Equal bool `json:"equal"`
}

// Compare lists every cell whose value differs between a and b, in the order of the form, after the
// mismatches of unit, year and table versions.
func Compare(a, b Side) Comparison {
	c := Comparison{A: a, B: b, Mismatches: []string{}, Differences: []Difference{}}
	ra, rb := a.Report, b.Report
	if !sameUnit(ra.Unit, rb.Unit) {
		c.Mismatches = append(c.Mismatches, fmt.Sprintf("单位不一致：A 为“%s”，B 为“%s”", unitText(ra.Unit), unitText(rb.Unit)))
	}
	if ra.Year != rb.Year {
		c.Mismatches = append(c.Mismatches, fmt.Sprintf("年度不一致：A 为 %s，B 为 %s", yearText(ra.Year), yearText(rb.Year)))
	}
	for _, t := range model.FormOf(model.V2021).Tables {
		va, oka := ra.Tables[t.ID]
		vb, okb := rb.Tables[t.ID]
		switch {
		case oka && !okb:
			c.Mismatches = append(c.Mismatches, fmt.Sprintf("%s：B 中没有找到此表", t.Name))
		case !oka && okb:
			c.Mismatches = append(c.Mismatches, fmt.Sprintf("%s：A 中没有找到此表", t.Name))
		case oka && va != vb && !sameCells(model.TableOf(va, t.ID), model.TableOf(vb, t.ID)):
			c.Mismatches = append(c.Mismatches, fmt.Sprintf("%s：A 为 %d 版格式，B 为 %d 版格式，只比较两版共有的单元格", t.Name, va, vb))
		}
	}
	seen := map[string]bool{}
	for _, side := range []*model.Report{ra, rb} {
		for _, cell := range side.Cells() {
			if seen[cell.Key] {
				continue
			}
			seen[cell.Key] = true
			ca, inA := ra.Cell(cell.Key)
			_, inB := rb.Cell(cell.Key)
			if !inA || !inB {
				continue // a missing table or a cell of one version only: told once among the mismatches
			}
			c.Compared++
			x, y := ra.Get(cell.Key), rb.Get(cell.Key)
			if model.Round(x-y) == 0 {
				continue
			}
			c.Differences = append(c.Differences, Difference{Key: cell.Key, Table: ca.Table.Name,
				Row: ca.Row.Label, Column: ca.Col.Label, A: &x, B: &y,
				ASource: ra.Sources[cell.Key], BSource: rb.Sources[cell.Key]})
		}
	}
	c.Equal = len(c.Mismatches) == 0 && len(c.Differences) == 0
	return c
}

// sameCells reports whether two versions of a table have the same cells (表四 does).
func sameCells(a, b *model.Table) bool {
	ca, cb := a.Cells(), b.Cells()
	if len(ca) != len(cb) {
		return false
	}
	for i := range ca {
		if ca[i].Key != cb[i].Key {
			return false
		}
	}
	return true
}

// sameUnit matches units by code when both have one, else by name: equal after normalizing, or one name
// containing the other ("市金融发展局" and "某某市金融发展局"). A report without a name matches any.
func sameUnit(a, b model.Unit) bool {
	if a.Code != "" && b.Code != "" {
		return a.Code == b.Code
	}
	na, nb := model.Normalize(a.Name), model.Normalize(b.Name)
	if na == "" || nb == "" {
		return true
	}
	return strings.Contains(na, nb) || strings.Contains(nb, na)
}

func unitText(u model.Unit) string {
	switch {
	case u.Name != "" && u.Code != "":
		return u.Name + "（" + u.Code + "）"
	case u.Code != "":
		return u.Code
	}
	return u.Name
}

func yearText(y int) string {
	if y == 0 {
		return "未知年度"
	}
	return fmt.Sprintf("%d年度", y)
}

// WriteComparison prints a comparison for clerks: both reports, the mismatches, then one line per differing
// cell with both values and where each was read, and a closing verdict.
func WriteComparison(w io.Writer, c Comparison) error {
	var b strings.Builder
	for _, s := range []struct {
		name string
		side Side
	}{{"A", c.A}, {"B", c.B}} {
		path := s.side.Path
		if s.side.Member != "" {
			path += "#" + s.side.Member
		}
		fmt.Fprintf(&b, "%s：%s（%s，%s", s.name, path, unitText(s.side.Unit), yearText(s.side.Year))
		if s.side.Format != "" {
			fmt.Fprintf(&b, "，%s", s.side.Format)
		}
		b.WriteString("）\n")
	}
	for _, m := range c.Mismatches {
		fmt.Fprintf(&b, "  注意 %s\n", m)
	}
	for _, d := range c.Differences {
		fmt.Fprintf(&b, "  不同 %s %s / %s（%s）：A = %s%s，B = %s%s\n", d.Table, d.Row, d.Column, d.Key,
			valueText(d.A), sourceText(d.ASource), valueText(d.B), sourceText(d.BSource))
	}
	switch {
	case c.Equal:
		fmt.Fprintf(&b, "两份报告一致：共比较 %d 个单元格，全部相同。\n", c.Compared)
	case len(c.Differences) == 0:
		fmt.Fprintf(&b, "共比较 %d 个单元格，数值全部相同，但有 %d 处需要注意。\n", c.Compared, len(c.Mismatches))
	default:
		fmt.Fprintf(&b, "共比较 %d 个单元格，%d 个不同。\n", c.Compared, len(c.Differences))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func valueText(v *float64) string {
	if v == nil {
		return "（无此格）"
	}
	return model.FormatValue(*v)
}

// sourceText renders where a value was read: "（表三!D8）", "（第34行）", or nothing; the raw text of a cell
// that was not a plain number follows ("（第12行，原文“247万元”）").
func sourceText(s model.Source) string {
	var parts []string
	if p := s.String(); p != "" {
		parts = append(parts, p)
	}
	if s.Text != "" {
		parts = append(parts, "原文“"+s.Text+"”")
	}
	if len(parts) == 0 {
		return ""
	}
	return "（" + strings.Join(parts, "，") + "）"
}
