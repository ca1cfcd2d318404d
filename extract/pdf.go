package extract

import (
	"nianbao/extract/pdf"
	"nianbao/model"
)

// PDF files are read by package extract/pdf: its ruled tables become grids for package locate, with every
// cell naming its page and line ("第2页第14行"); the text outside tables becomes the document's lines. A PDF
// without ruling lines has no grid: its lines, laid out in columns as "pdftotext -layout" prints them, are
// read as column-aligned text, like PDF text.

// pdfLimits bounds what one PDF may make the reader do.
var pdfLimits = pdf.DefaultLimits()

func readPDF(name string, data []byte) (*document, error) {
	doc, err := pdf.Read(name, data, pdfLimits)
	if err != nil {
		return nil, err
	}
	d := &document{name: name, format: FormatPDF, grids: doc.Grids, aligned: len(doc.Grids) == 0}
	at := make([]string, 0, len(doc.Lines)) // document line → "第p页第n行"
	for _, l := range doc.Lines {
		tl := textLine{N: len(d.lines) + 1, Text: l.Text, Table: l.Grid >= 0}
		if d.aligned {
			tl.Text, tl.Spans = l.Columns, l.Spans
		}
		d.lines = append(d.lines, tl)
		at = append(at, pdf.Where(l.Page, l.N))
	}
	d.where = func(s *model.Source) {
		if s.Line > 0 && s.Line <= len(at) && s.Cell == "" {
			s.Cell, s.Line = at[s.Line-1], 0
		}
	}
	return d, nil
}
