package extract

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"strings"

	"nianbao/model"
)

// The official tables as merged grids (FORMAT.md §1), built from a golden report, and rendered as an HTML
// page with colspan/rowspan and as a minimal Word .docx with gridSpan/vMerge.

// spanTables returns 表二, 表三 and 表四 of a golden report in their official merged layout.
func spanTables(g golden) [3][][]spanCell {
	return [3][][]spanCell{spanTable2(g), spanTable3(g), spanTable4(g)}
}

func sc(text string, cs, rs int) spanCell { return spanCell{text: text, colspan: cs, rowspan: rs} }

func spanTable2(g golden) [][]spanCell {
	t := g.table("t2")
	width := 4
	if t.Version == model.V2019 {
		width = 5
	}
	// spans gives the colspans of n value columns on a grid of width-1 value columns.
	spans := func(n int) []int {
		switch {
		case n == 1:
			return []int{width - 1}
		case n == 2:
			return []int{(width - 1) / 2, width - 1 - (width-1)/2}
		case width == 5:
			return []int{1, 2, 1}
		}
		return []int{1, 1, 1}
	}
	var rows [][]spanCell
	for _, b := range t.Blocks {
		rows = append(rows, []spanCell{sc(b.Heading, width, 1)})
		sp := spans(len(b.Cols))
		h := []spanCell{sc(b.Corner, 1, 1)}
		for i, c := range b.Cols {
			h = append(h, sc(c.Label, sp[i], 1))
		}
		rows = append(rows, h)
		for _, r := range b.Rows {
			row := []spanCell{sc(r.Label, 1, 1)}
			for i, c := range b.Cols {
				row = append(row, sc(g.cellText(t.ID+"."+r.Key+"."+c.Key), sp[i], 1))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func spanTable3(g golden) [][]spanCell {
	t := g.table("t3")
	b := t.Blocks[0]
	rows := [][]spanCell{
		{sc(b.Corner, 3, 3), sc("申请人情况", 7, 1)},
		{sc("自然人", 1, 2), sc("法人或其他组织", 5, 1), sc("总计", 1, 2)},
	}
	var orgs []spanCell
	for _, c := range b.Cols[1:6] {
		orgs = append(orgs, sc(c.Label, 1, 1))
	}
	rows = append(rows, orgs)
	count := map[string]int{} // rows under each group label
	for _, r := range b.Rows {
		for _, gname := range r.Groups {
			count[gname]++
		}
	}
	seen := map[string]bool{}
	for _, r := range b.Rows {
		var row []spanCell
		for _, gname := range r.Groups {
			if !seen[gname] {
				seen[gname] = true
				row = append(row, sc(gname, 1, count[gname]))
			}
		}
		row = append(row, sc(r.Label, 3-len(r.Groups), 1))
		for _, c := range b.Cols {
			row = append(row, sc(g.cellText(t.ID+"."+r.Key+"."+c.Key), 1, 1))
		}
		rows = append(rows, row)
	}
	return rows
}

func spanTable4(g golden) [][]spanCell {
	b := g.table("t4").Blocks[0]
	rows := [][]spanCell{
		{sc("行政复议", 5, 1), sc("行政诉讼", 10, 1)},
		nil,
		nil,
		nil,
	}
	for _, c := range b.Cols {
		rows[1] = append(rows[1], sc(c.Label, 1, 2))
	}
	rows[1] = append(rows[1], sc("未经复议直接起诉", 5, 1), sc("复议后起诉", 5, 1))
	for _, r := range b.Rows {
		for _, c := range b.Cols {
			if r.Key != "review" {
				rows[2] = append(rows[2], sc(c.Label, 1, 1))
			}
			rows[3] = append(rows[3], sc(g.cellText("t4."+r.Key+"."+c.Key), 1, 1))
		}
	}
	return rows
}

// renderHTML renders a seed as a CMS page: prose in <p>, each table with colspan/rowspan, cell text wrapped
// in nested tags, blank cells as &nbsp;, header texts broken by <br> as the official tables print them.
func renderHTML(s seed) string {
	prose := seedParts(s.text)
	tables := spanTables(s.want)
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(strings.TrimSpace(prose[0][0])) + "</title></head>\n<body><div class=\"article\">\n")
	for k, lines := range prose {
		for _, l := range lines {
			if strings.TrimSpace(l) != "" {
				fmt.Fprintf(&b, "<p style=\"text-indent:2em\"><span>%s</span></p>\n", html.EscapeString(l))
			}
		}
		if k == 3 {
			break
		}
		b.WriteString("<table border=\"1\" cellspacing=\"0\"><tbody>\n")
		for _, row := range tables[k] {
			b.WriteString("<tr>")
			for _, c := range row {
				attrs := ""
				if c.colspan > 1 {
					attrs += fmt.Sprintf(" colspan=\"%d\"", c.colspan)
				}
				if c.rowspan > 1 {
					attrs += fmt.Sprintf(" rowspan=\"%d\"", c.rowspan)
				}
				text := html.EscapeString(c.text)
				if text == "" {
					text = "&nbsp;"
				}
				if c.text == "结果维持" || c.text == "尚未审结" { // printed with a line break
					text = strings.Replace(text, "结果", "结果<br/>", 1)
					text = strings.Replace(text, "尚未", "尚未<br/>", 1)
				}
				fmt.Fprintf(&b, "<td%s><p align=\"center\"><span style=\"font-size:12px\">%s</span></p></td>", attrs, text)
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</tbody></table>\n")
	}
	b.WriteString("</div></body></html>\n")
	return b.String()
}

// renderDocx renders a seed as a minimal Word document: paragraphs and tables, merges as w:gridSpan and
// w:vMerge.
func renderDocx(s seed) []byte {
	prose := seedParts(s.text)
	tables := spanTables(s.want)
	var body strings.Builder
	para := func(text string) string {
		return "<w:p><w:r><w:t xml:space=\"preserve\">" + html.EscapeString(text) + "</w:t></w:r></w:p>"
	}
	for k, lines := range prose {
		for _, l := range lines {
			if strings.TrimSpace(l) != "" {
				body.WriteString(para(l))
			}
		}
		if k == 3 {
			break
		}
		body.WriteString("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr><w:tblGrid>")
		// The grid's columns (the schema requires them; without them LibreOffice lays gridSpan cells out on
		// too few columns and the numbers of rows with sub-labels land under the next column's header).
		grid := 0
		for _, row := range tables[k] {
			n := 0
			for _, c := range row {
				n += c.colspan
			}
			grid = max(grid, n)
		}
		for range grid {
			fmt.Fprintf(&body, "<w:gridCol w:w=\"%d\"/>", 9000/max(grid, 1))
		}
		body.WriteString("</w:tblGrid>")
		// Word writes a cell for every row a vertical merge covers: spread the rows on a grid first.
		covered := map[[2]int]int{} // (row, col) → colspan of the merged cell continuing there
		for r, row := range tables[k] {
			body.WriteString("<w:tr>")
			col := 0
			emit := func(text string, span int, vmerge string) {
				body.WriteString("<w:tc><w:tcPr>")
				if span > 1 {
					fmt.Fprintf(&body, "<w:gridSpan w:val=\"%d\"/>", span)
				}
				body.WriteString(vmerge)
				body.WriteString("</w:tcPr>" + para(text) + "</w:tc>")
			}
			flushCovered := func() {
				for covered[[2]int{r, col}] > 0 {
					span := covered[[2]int{r, col}]
					emit("", span, "<w:vMerge/>")
					col += span
				}
			}
			for _, c := range row {
				flushCovered()
				vm := ""
				if c.rowspan > 1 {
					vm = "<w:vMerge w:val=\"restart\"/>"
					for dr := 1; dr < c.rowspan; dr++ {
						covered[[2]int{r + dr, col}] = c.colspan
					}
				}
				emit(c.text, c.colspan, vm)
				col += c.colspan
			}
			flushCovered()
			body.WriteString("</w:tr>")
		}
		body.WriteString("</w:tbl>")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files := [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `<w:sectPr/></w:body></w:document>`},
	}
	for _, f := range files {
		w, _ := zw.Create(f[0])
		w.Write([]byte(f[1]))
	}
	zw.Close()
	return buf.Bytes()
}
