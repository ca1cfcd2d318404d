package extract

import (
	"regexp"
	"strings"
)

// Text as people paste it. Three shapes reach the office besides column-aligned PDF text:
//
//	browser copy   select all → copy of a page: every table cell on its own line, the cells of a row
//	               separated by a line holding only a TAB (with blank lines around it), rows by blank lines:
//	               "一、本年新收政府信息公开申请数量⏎⏎\t⏎⏎23⏎⏎\t⏎⏎0…"
//	TAB rows       Word, WPS or a spreadsheet copied as text: one row per line, cells between TABs
//	Markdown       a PDF/OCR converter's output: "| 予以公开 | 290 | 1 | … |", often one small table per
//	               row with generic headers ("类别 | 数据1 | … | 数据6 | 总计"), headings marked "## "
//
// None of them ties a number to its cell by position on a grid, so all three are read like PDF text: the
// official rows are recognised by their labels in the order of the spec and by the count of numbers that
// follow each (align.go). A browser copy is first joined back into one line per row (joinTabCells); a
// Markdown table is turned into TAB rows (markdownLines).

// isTabOnly reports whether a line is a browser's cell separator: a TAB and nothing else but spaces.
func isTabOnly(l string) bool {
	return strings.Contains(l, "\t") && strings.Trim(l, " \t\u00a0\u3000") == ""
}

// isBrowserCopy reports whether text has the browser's one-cell-per-line tables: many TAB-only lines.
func isBrowserCopy(text string) bool {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if isTabOnly(strings.TrimRight(l, "\r")) {
			if n++; n >= 6 {
				return true
			}
		}
	}
	return false
}

// joinTabCells joins the cells of a browser copy back into rows: a TAB-only line glues the last non-blank
// line before it to the next non-blank line after it, with a TAB between them. A blank cell stays a cell: a
// line of only no-break spaces where a cell is due (a page's &nbsp;), a no-break space between TABs on a
// separator's line, or two separators in a row. The joined row keeps the line
// number of its first cell, and the line of every cell in Cells.
func joinTabCells(lines []textLine) []textLine {
	var out []textLine
	last, glue := -1, false
	for _, l := range lines {
		blankCell := l.Text != "" && strings.Trim(l.Text, " \u00a0\u3000") == "" && strings.ContainsAny(l.Text, "\u00a0\u3000")
		switch {
		case isTabOnly(l.Text):
			if last < 0 {
				break
			}
			if glue { // two separators in a row: the cell between them is empty
				out[last].Text += "\t"
				out[last].Cells = append(out[last].Cells, l.N)
			}
			// Blank cells a page wrote as a bare &nbsp; come out on the separator's line: "\t\u00a0\t\u00a0\t".
			parts := strings.Split(l.Text, "\t")
			for i, p := range parts[1:] {
				if i == len(parts)-2 && !strings.ContainsAny(p, "\u00a0\u3000") {
					break // the separator before the next line's cell
				}
				out[last].Text += "\t"
				out[last].Cells = append(out[last].Cells, l.N)
			}
			glue = !strings.ContainsAny(parts[len(parts)-1], "\u00a0\u3000")
		case glue && blankCell: // a cell holding only &nbsp;: blank, but a cell of the row
			out[last].Text += "\t"
			out[last].Cells = append(out[last].Cells, l.N)
			glue = false
		case strings.Trim(l.Text, " \u00a0\u3000") == "":
			if !glue {
				out = append(out, l)
			}
		case glue:
			out[last].Text += "\t" + l.Text
			out[last].Cells = append(out[last].Cells, l.N)
			glue = false
		default:
			l.Cells = []int{l.N}
			out = append(out, l)
			last = len(out) - 1
		}
	}
	return out
}

var (
	mdSeparator = regexp.MustCompile(`^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$`)
	mdHeading   = regexp.MustCompile(`^\s*#{1,6}\s+`)
)

// markdownLines turns Markdown into lines the aligned reader takes: heading marks dropped, separator rows
// ("|---|---|") dropped, every table row made a TAB row (a blank cell keeps its TABs, so it stays a gap and
// never shifts a number into its neighbour's column by count: see columnsOfTabs).
func markdownLines(lines []textLine) []textLine {
	out := make([]textLine, 0, len(lines))
	for _, l := range lines {
		t := mdHeading.ReplaceAllString(l.Text, "")
		if mdSeparator.MatchString(t) && strings.Contains(t, "-") {
			continue
		}
		if strings.Count(t, "|") >= 2 {
			t = strings.TrimSpace(t)
			t = strings.TrimPrefix(t, "|")
			t = strings.TrimSuffix(t, "|")
			cells := strings.Split(t, "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			t = strings.Join(cells, "\t")
		}
		out = append(out, textLine{N: l.N, Text: t})
	}
	return out
}
