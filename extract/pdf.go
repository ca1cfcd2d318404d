package extract

import (
	"nianbao/checks"
	"nianbao/extract/pdf"
)

// PDF files are read by package extract/pdf: its ruled tables become grids for package locate, with every
// cell naming its page and line ("第2页第14行"); the text outside tables becomes the document's lines.

// pdfLimits bounds what one PDF may make the reader do.
var pdfLimits = pdf.DefaultLimits()

func readPDF(name string, data []byte) (*document, error) {
	doc, err := pdf.Read(name, data, pdfLimits)
	if err != nil {
		return nil, err
	}
	d := &document{name: name, format: FormatPDF}
	at := make([]string, 0, len(doc.Lines)) // document line → "第p页第n行"
	for _, l := range doc.Lines {
		d.lines = append(d.lines, textLine{N: len(d.lines) + 1, Text: l.Text, Table: l.Grid >= 0})
		at = append(at, pdf.Where(l.Page, l.N))
	}
	d.grids = doc.Grids
	d.where = func(f *checks.Finding) {
		if f.Line > 0 && f.Line <= len(at) && f.Cell == "" {
			f.Cell, f.Line = at[f.Line-1], 0
		}
	}
	return d, nil
}
