package extract

import (
	"fmt"
	"strings"
)

// renderPDF renders a seed as the text a PDF of it would give ("pdftotext -layout"): the seed's prose as it
// is, its tables column-aligned without separators and with the quirks of real extractions — long labels
// wrapped over two or three lines with the numbers on the first, middle or last of them, row-group labels
// broken into characters in the left margin, one garbled label, blank cells as nothing, and page breaks
// with page numbers inside 表二 and 表三.
func renderPDF(s seed) string {
	prose := seedParts(s.text)
	var b strings.Builder
	b.WriteString(strings.Join(prose[0], "\n") + "\n")
	b.WriteString(pdfTable2(s.want))
	b.WriteString(strings.Join(prose[1], "\n") + "\n")
	b.WriteString(pdfTable3(s.want))
	b.WriteString(strings.Join(prose[2], "\n") + "\n")
	b.WriteString(pdfTable4(s.want))
	b.WriteString(strings.Join(prose[3], "\n"))
	return b.String()
}

// canvas is a page area of text lines written at display columns.
type canvas struct{ lines [][]rune }

func (c *canvas) put(line, x int, s string) {
	for len(c.lines) <= line {
		c.lines = append(c.lines, nil)
	}
	l := c.lines[line]
	for _, r := range s {
		for len(l) < x+width(r) {
			l = append(l, ' ')
		}
		l[x] = r
		if width(r) == 2 {
			l[x+1] = 0 // the second column of a wide rune
		}
		x += width(r)
	}
	c.lines[line] = l
}

// center writes s centred in the columns [x, x+w).
func (c *canvas) center(line, x, w int, s string) { c.put(line, x+max(0, (w-textWidth(s))/2), s) }

func (c *canvas) String() string {
	var b strings.Builder
	for _, l := range c.lines {
		b.WriteString(strings.TrimRight(strings.ReplaceAll(string(l), "\x00", ""), " ") + "\n")
	}
	return b.String()
}

func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n += width(r)
	}
	return n
}

// wrap cuts s into pieces of at most w display columns.
func wrap(s string, w int) []string {
	var out []string
	cur, cw := "", 0
	for _, r := range s {
		if cw+width(r) > w {
			out = append(out, cur)
			cur, cw = "", 0
		}
		cur += string(r)
		cw += width(r)
	}
	return append(out, cur)
}

// pdfRow writes one table row: the label wrapped in [x, x+w) from line at, the values centred in their
// columns on the first, middle or last line of the label (by variant), and returns the lines used.
func pdfRow(c *canvas, at, x, w int, label string, vals []string, colX []int, colW, variant int) int {
	parts := wrap(label, w)
	for i, p := range parts {
		c.put(at+i, x, p)
	}
	vl := at + len(parts) - 1 // last line
	switch variant % 3 {
	case 1:
		vl = at + len(parts)/2 // middle (or last of two)
	case 2:
		vl = at // first
	}
	for i, v := range vals {
		c.center(vl, colX[i], colW, v)
	}
	return len(parts)
}

func pdfTable2(g golden) string {
	t := g.table("t2")
	c := &canvas{}
	const labelW, colW, x0 = 22, 18, 26
	line := 0
	for bi, b := range t.Blocks {
		c.put(line, 0, strings.NewReplacer("（", "(", "）", ")").Replace(b.Heading)) // ASCII brackets
		line++
		colX := make([]int, len(b.Cols))
		c.put(line, 0, b.Corner)
		for i, col := range b.Cols {
			colX[i] = x0 + i*colW
			c.center(line, colX[i], colW, col.Label)
		}
		line++
		for ri, r := range b.Rows {
			var vals []string
			for _, col := range b.Cols {
				vals = append(vals, g.cellText(t.ID+"."+r.Key+"."+col.Key))
			}
			line += pdfRow(c, line, 2, labelW, r.Label, vals, colX, colW, ri)
		}
		if bi == 1 { // a page ends inside the table: page number, form feed
			c.put(line, 40, "7")
			line++
			c.lines = append(c.lines, []rune("\f"))
			line++
		}
	}
	return c.String()
}

func pdfTable3(g golden) string {
	t := g.table("t3")
	b := t.Blocks[0]
	c := &canvas{}
	const colW, x0 = 14, 40
	colX := make([]int, len(b.Cols))
	for i := range b.Cols {
		colX[i] = x0 + i*colW
	}
	for i, p := range wrap(strings.NewReplacer("（", "(", "）", ")", "：", ":", "，", ",").Replace(b.Corner), 30) {
		c.put(i, 0, p)
	}
	c.center(0, x0, colW*7, "申请人情况")
	c.center(1, x0+colW, colW*5, "法人或其他组织")
	for i, col := range b.Cols {
		c.center(2, colX[i], colW, col.Label)
	}
	line := 4
	// Group labels are written in the margin, one character per line of their rows, after the rows.
	type margin struct {
		label    string
		x        int
		from, to int
	}
	var margins []margin
	groupStart := map[string]int{}
	breaks := map[int]bool{}
	for ri, r := range b.Rows {
		label := r.Label
		if r.Key == "withheld2" {
			label = "2.其他法律行政止公开" // garbled by the PDF's font encoding
		}
		x, w := 0, 34
		switch len(r.Groups) {
		case 1:
			x, w = 4, 30
		case 2:
			x, w = 12, 22
		}
		for _, gname := range r.Groups {
			if _, ok := groupStart[gname]; !ok {
				groupStart[gname] = line
			}
		}
		var vals []string
		for _, col := range b.Cols {
			vals = append(vals, g.cellText(t.ID+"."+r.Key+"."+col.Key))
		}
		line += pdfRow(c, line, x, w, label, vals, colX, colW, ri)
		for gi, gname := range r.Groups {
			last := ri+1 == len(b.Rows) || len(b.Rows[ri+1].Groups) <= gi || b.Rows[ri+1].Groups[gi] != gname
			if last {
				margins = append(margins, margin{gname, gi * 4, groupStart[gname], line})
				delete(groupStart, gname)
			}
		}
		if r.Key == "withheld4" { // page break inside the table
			c.put(line, 60, "- 3 -")
			breaks[line], breaks[line+1] = true, true
			line++
			c.lines = append(c.lines, []rune("\f"))
			line++
		}
	}
	for _, m := range margins {
		var at []int
		for l := m.from; l < m.to; l++ {
			if !breaks[l] {
				at = append(at, l)
			}
		}
		chars := []rune(m.label)
		per := (len(chars) + len(at) - 1) / len(at)
		for i := 0; i*per < len(chars); i++ {
			c.put(at[i], m.x, string(chars[i*per:min(len(chars), (i+1)*per)]))
		}
	}
	return c.String()
}

func pdfTable4(g golden) string {
	t := g.table("t4")
	b := t.Blocks[0]
	c := &canvas{}
	const colW = 10
	c.center(0, 0, 5*colW, "行政复议")
	c.center(0, 5*colW, 10*colW, "行政诉讼")
	c.center(1, 5*colW, 5*colW, "未经复议直接起诉")
	c.center(1, 10*colW, 5*colW, "复议后起诉")
	i := 0
	for _, r := range b.Rows {
		for _, col := range b.Cols {
			c.center(2, i*colW, colW, col.Label)
			c.center(3, i*colW, colW, g.cellText(fmt.Sprintf("t4.%s.%s", r.Key, col.Key)))
			i++
		}
	}
	return c.String()
}
