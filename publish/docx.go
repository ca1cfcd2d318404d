package publish

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
	"time"
)

// The page is A4 landscape (表四 has fifteen columns) with 2 cm margins; sizes in twentieths of a point.
const (
	pageW, pageH = 16838, 11906
	margin       = 1134
	textWidth    = pageW - 2*margin
	// font is the body font of the official tables (宋体); sizes are half-points: 五号 for the title
	// rows, 小五 inside the tables.
	font      = "宋体"
	fontASCII = "SimSun"
)

// docxParts are the fixed parts of the package besides word/document.xml.
var docxParts = []struct{ name, body string }{
	{"[Content_Types].xml", xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`</Types>`},
	{"_rels/.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
		`</Relationships>`},
	{"word/_rels/document.xml.rels", xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`},
	{"word/styles.xml", xmlHeader + `<w:styles xmlns:w="` + wNS + `">` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` +
		`<w:rFonts w:ascii="` + fontASCII + `" w:hAnsi="` + fontASCII + `" w:eastAsia="` + font + `" w:cs="` + fontASCII + `"/>` +
		`<w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/>` +
		`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>` +
		`<w:tblPr><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`},
}

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	wNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
)

// WriteDocx writes d as a Word document: the report title, then each table under its section heading,
// with the merged headers as gridSpan and vMerge.
func WriteDocx(w io.Writer, d *Document) error {
	z := zip.NewWriter(w)
	put := func(name, body string) error {
		// A fixed time keeps the output the same for the same report.
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate,
			Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, body)
		return err
	}
	for _, p := range docxParts {
		if err := put(p.name, p.body); err != nil {
			return err
		}
	}
	if err := put("word/document.xml", DocumentXML(d)); err != nil {
		return err
	}
	return z.Close()
}

// DocumentXML returns word/document.xml of d.
func DocumentXML(d *Document) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:document xmlns:w="` + wNS + `"><w:body>` + "\n")
	para(&b, d.Heading, "center", 32, true)
	for _, t := range d.Tables {
		para(&b, t.Title, "left", 28, true)
		wordTable(&b, t)
		para(&b, "", "left", 21, false)
	}
	fmt.Fprintf(&b, `<w:sectPr><w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`,
		pageW, pageH, margin, margin, margin, margin)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// para writes one paragraph; size is in half-points.
func para(b *strings.Builder, text, jc string, size int, bold bool) {
	fmt.Fprintf(b, `<w:p><w:pPr><w:jc w:val="%s"/></w:pPr>`, jc)
	if text != "" {
		b.WriteString(`<w:r><w:rPr>`)
		if bold {
			b.WriteString(`<w:b/>`)
		}
		fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, size, size, xmlText(text))
	}
	b.WriteString("</w:p>\n")
}

// wordTable writes a table: the grid scaled to the text width, then each row with every grid column
// covered — a cell merged down from the row above is repeated as a vMerge continuation.
func wordTable(b *strings.Builder, t Table) {
	cols := gridWidths(t.Widths)
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + fmt.Sprint(textWidth) + `" w:type="dxa"/><w:jc w:val="center"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, w)
	}
	b.WriteString("</w:tblGrid>\n")
	// below[y][x] is the cell merged down over grid position (y, x) from a row above, if any.
	below := make([]map[int]Cell, len(t.Rows))
	for y := range below {
		below[y] = map[int]Cell{}
	}
	for _, row := range t.Rows {
		for _, c := range row {
			for y := c.Row + 1; y < c.Row+c.RowSpan && y < len(t.Rows); y++ {
				below[y][c.Col] = c
			}
		}
	}
	for y, row := range t.Rows {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if y < t.HeaderRows {
			b.WriteString(`<w:tblHeader/>`)
		}
		b.WriteString(`</w:trPr>`)
		i := 0
		for x := 0; x < len(cols); {
			if c, ok := below[y][x]; ok {
				wordCell(b, c, cols, "continue")
				x += c.ColSpan
				continue
			}
			if i >= len(row) {
				break
			}
			c := row[i]
			i++
			merge := ""
			if c.RowSpan > 1 {
				merge = "restart"
			}
			wordCell(b, c, cols, merge)
			x = c.Col + c.ColSpan
		}
		b.WriteString("</w:tr>\n")
	}
	b.WriteString("</w:tbl>\n")
}

// wordCell writes one cell; merge is "", "restart" or "continue" (a continuation carries no text).
func wordCell(b *strings.Builder, c Cell, cols []int, merge string) {
	w := 0
	for x := c.Col; x < c.Col+c.ColSpan && x < len(cols); x++ {
		w += cols[x]
	}
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, w)
	if c.ColSpan > 1 {
		fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, c.ColSpan)
	}
	switch merge {
	case "restart":
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		b.WriteString(`<w:vMerge/>`)
	}
	b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	jc := "left"
	if c.Header || c.Value {
		jc = "center"
	}
	fmt.Fprintf(b, `<w:p><w:pPr><w:jc w:val="%s"/></w:pPr>`, jc)
	if merge != "continue" && c.Text != "" {
		b.WriteString(`<w:r><w:rPr>`)
		if c.Header {
			b.WriteString(`<w:b/>`)
		}
		fmt.Fprintf(b, `<w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(c.Text))
	}
	b.WriteString(`</w:p></w:tc>`)
}

// gridWidths scales the template's column widths to the text width, in twips.
func gridWidths(widths []float64) []int {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	out := make([]int, len(widths))
	for i, w := range widths {
		out[i] = int(w / total * textWidth)
	}
	return out
}

// xmlText escapes text for an XML element.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\t', '\n', '\r':
			b.WriteByte(' ')
		default:
			if r >= 0x20 && r != 0xFFFE && r != 0xFFFF { // what XML 1.0 cannot hold is dropped
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
