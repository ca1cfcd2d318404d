package publish

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// Inline styles only: a CMS keeps what is pasted into the element, not a style sheet in the head.
const (
	htmlTable = `width:100%;table-layout:fixed;border-collapse:collapse;margin:0 auto 16px;font-family:宋体,SimSun,serif;font-size:10.5pt;`
	htmlCell  = `border:1px solid #000;padding:2px 4px;`
)

// WriteHTML writes d as an HTML page: the report title, then each table under its section heading, with
// the merged headers as rowspan and colspan. Everything between <body> and </body> can be pasted into a
// website's editor as is.
func WriteHTML(w io.Writer, d *Document) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n</head>\n<body>\n", html.EscapeString(d.Heading))
	fmt.Fprintf(&b, "<p style=\"text-align:center;font-family:宋体,SimSun,serif;font-size:16pt;font-weight:bold;\">%s</p>\n",
		html.EscapeString(d.Heading))
	for _, t := range d.Tables {
		fmt.Fprintf(&b, "<p style=\"font-family:黑体,SimHei,sans-serif;font-size:14pt;\">%s</p>\n", html.EscapeString(t.Title))
		fmt.Fprintf(&b, "<table style=\"%s\">\n<colgroup>", htmlTable)
		total := 0.0
		for _, w := range t.Widths {
			total += w
		}
		for _, w := range t.Widths {
			fmt.Fprintf(&b, "<col style=\"width:%.1f%%\">", w/total*100)
		}
		b.WriteString("</colgroup>\n")
		for _, row := range t.Rows {
			b.WriteString("<tr>")
			for _, c := range row {
				b.WriteString("<td")
				if c.RowSpan > 1 {
					fmt.Fprintf(&b, " rowspan=\"%d\"", c.RowSpan)
				}
				if c.ColSpan > 1 {
					fmt.Fprintf(&b, " colspan=\"%d\"", c.ColSpan)
				}
				style := htmlCell
				switch {
				case c.Header:
					style += "text-align:center;font-weight:bold;"
				case c.Value:
					style += "text-align:center;"
				}
				fmt.Fprintf(&b, " style=\"%s\">%s</td>", style, html.EscapeString(c.Text))
			}
			b.WriteString("</tr>\n")
		}
		b.WriteString("</table>\n")
	}
	b.WriteString("</body>\n</html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
