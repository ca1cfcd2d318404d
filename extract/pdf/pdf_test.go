package pdf

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"nianbao/locate"
)

// cells returns the texts of a grid.
func cells(d *Doc, g int) [][]string { return locate.Texts(d.Grids[g].Rows) }

// A ruled table whose numbers sit a single space apart across cell lines, with blank cells: every cell is
// read on its own, nothing is merged into thousands and no blank is filled.
func TestRuledTableExact(t *testing.T) {
	xs := []float64{50, 150, 170, 190, 250}
	ys := []float64{700, 680, 660, 640}
	var c strings.Builder
	c.WriteString(ruled(xs, ys))
	c.WriteString(text(55, 686, 10, "Label"))
	c.WriteString(text(158, 686, 10, "21")) // ends at 168, 2 pt before the line at 170
	c.WriteString(text(172, 686, 10, "0"))  // starts 2 pt after it: one space on a text rendering
	c.WriteString(text(55, 666, 10, "Blank"))
	c.WriteString(text(200, 666, 10, "1295"))
	c.WriteString(text(55, 646, 10, "Last"))
	c.WriteString(text(160, 646, 10, "3"))
	c.WriteString(text(60, 720, 12, "Title 2021"))
	d, err := Read("t.pdf", onePage(c.String(), simpleFont), Limits{})
	require.NoError(t, err)
	require.Len(t, d.Grids, 1)
	assert.Equal(t, [][]string{
		{"Label", "21", "0", ""},
		{"Blank", "", "", "1295"},
		{"Last", "3", "", ""},
	}, cells(d, 0))
	src := d.Grids[0].Source(1, 3)
	assert.Equal(t, "t.pdf", src.File)
	assert.Equal(t, "第1页第3行", src.Cell) // Title, Label row, Blank row
	require.Len(t, d.Lines, 2)
	assert.Equal(t, "Title 2021", d.Lines[0].Text)
	assert.Equal(t, -1, d.Lines[0].Grid)
	assert.Equal(t, 0, d.Lines[1].Grid)
}

// A frame around the page's text (a page border or a text box) is not a table: its text stays lines, and
// a table inside it is still found.
func TestFrameIsNoTable(t *testing.T) {
	var c strings.Builder
	c.WriteString("0.5 w 30 30 535 782 re S\n") // the frame
	c.WriteString(text(60, 760, 12, "Report 2021"))
	c.WriteString(ruled([]float64{50, 150, 250}, []float64{700, 680, 660}))
	c.WriteString(text(60, 686, 10, "A") + text(160, 686, 10, "1") + text(60, 666, 10, "B") + text(160, 666, 10, "2"))
	c.WriteString(text(60, 600, 12, "The end."))
	d, err := Read("f.pdf", onePage(c.String(), simpleFont), Limits{})
	require.NoError(t, err)
	require.Len(t, d.Grids, 1)
	assert.Equal(t, [][]string{{"A", "1"}, {"B", "2"}}, cells(d, 0))
	var texts []string
	for _, l := range d.Lines {
		texts = append(texts, l.Text)
	}
	assert.Equal(t, []string{"Report 2021", "表格1", "The end."}, texts)
}

// A cell spanning two columns (the line between them is missing in its row) keeps its text in its first
// column; the other is blank, as locate wants merged cells.
func TestRuledTableMerged(t *testing.T) {
	var c strings.Builder
	c.WriteString("0.5 w\n")
	for _, y := range []float64{700, 680, 660} {
		fmt.Fprintf(&c, "50 %g m 250 %g l S\n", y, y)
	}
	fmt.Fprintf(&c, "50 660 m 50 700 l S\n250 660 m 250 700 l S\n")
	fmt.Fprintf(&c, "150 660 m 150 680 l S\n") // only in the second row
	c.WriteString(text(60, 686, 10, "Spanning"))
	c.WriteString(text(60, 666, 10, "A"))
	c.WriteString(text(160, 666, 10, "B"))
	d, err := Read("m.pdf", onePage(c.String(), simpleFont), Limits{})
	require.NoError(t, err)
	require.Len(t, d.Grids, 1)
	assert.Equal(t, [][]string{{"Spanning", ""}, {"A", "B"}}, cells(d, 0))
}

// Composite fonts: Identity-H with a ToUnicode map and W widths, and the predefined Chinese CMaps without
// a ToUnicode map, whose codes are UCS-2 or GBK.
func TestCompositeFonts(t *testing.T) {
	cid := func(enc, extra string) string {
		return "<< /Type /Font /Subtype /Type0 /BaseFont /F /Encoding /" + enc + extra +
			" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /F /DW 1000" +
			" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /W [16 25 500] >>] >>"
	}
	toUnicode := stream("", "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"+
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"+
		"2 beginbfchar <0001> <884C> <0002> <653F> endbfchar\n"+
		"1 beginbfrange <0010> <0019> <0030> endbfrange\nendcmap end end\n", false)
	for _, tc := range []struct {
		name, font, show, want string
		extra                  []string
	}{
		{"Identity-H", cid("Identity-H", " /ToUnicode 6 0 R"), "<0002000100110012>", "政行12", []string{toUnicode}},
		{"UniGB-UCS2-H", cid("UniGB-UCS2-H", ""), "<653F5E9C00320030>", "政府20", nil},
		{"GBK-EUC-H", cid("GBK-EUC-H", ""), "<D5FEB8AE3231>", "政府21", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			content := "BT /F1 10 Tf 100 700 Td " + tc.show + " Tj ET\n"
			d, err := Read("c.pdf", onePage(content, tc.font, tc.extra...), Limits{})
			require.NoError(t, err)
			require.Len(t, d.Lines, 1)
			assert.Equal(t, tc.want, strings.ReplaceAll(d.Lines[0].Text, " ", ""))
		})
	}
	// Positions follow the W array: ideographs 1000 units, digits 500.
	rd := openForTest(t, onePage("BT /F1 10 Tf 100 700 Td <0002000100110012> Tj ET\n",
		cid("Identity-H", " /ToUnicode 6 0 R"), toUnicode))
	pg := rd.page(t, 0)
	var x0 []float64
	for _, g := range pg.glyphs {
		x0 = append(x0, g.x0)
	}
	assert.InDeltaSlice(t, []float64{100, 110, 120, 125}, x0, 0.01)
}

// Failures each have their own kind and a Chinese message; none panics or runs away.
func TestRefused(t *testing.T) {
	valid := onePage(text(100, 700, 10, "2021"), simpleFont)
	selfTree := &pdfFile{}
	selfTree.add("<< /Type /Catalog /Pages 2 0 R >>")
	selfTree.add("<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1 >>")
	bomb := strings.Repeat(" ", 4<<20)
	small := Limits{Pages: 10, StreamBytes: 1 << 20, TotalBytes: 8 << 20, Ops: 1000, Glyphs: 1000, Time: 10 * time.Second}
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		kind error
	}{
		{"no header", []byte("%!PS-Adobe\n"), Limits{}, ErrDamaged},
		{"truncated", valid[:len(valid)/2], Limits{}, ErrDamaged},
		{"huge size", []byte(strings.Replace(string(valid), "/Size 6", "/Size 999999999", 1)), Limits{}, ErrLimit},
		{"huge xref section", []byte(strings.Replace(string(valid), "xref\n0 6", "xref\n1000000000 6", 1)), Limits{}, ErrLimit},
		{"page tree cycle", selfTree.bytes(), Limits{}, ErrLimit},
		{"deflate bomb", onePage(bomb, simpleFont), small, ErrLimit},
		{"operators", onePage(strings.Repeat("q Q ", 5000), simpleFont), small, ErrLimit},
		{"object stream bomb", onePage(text(100, 700, 10, "Report 2021"), simpleFont,
			stream("/Type /ObjStm /N 1 /First 4", "7 0 "+bomb, true)), small, ErrLimit},
		{"unknown filter", []byte(strings.Replace(string(valid), "/FlateDecode", "/NoSuchDecode", 1)), Limits{}, ErrDamaged},
		{"no text", onePage("0 0 m 100 100 l S", simpleFont), Limits{}, ErrNoText},
		{"image only", onePage("q 500 0 0 700 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q", simpleFont), Limits{}, ErrScanned},
		{"identity without ToUnicode", onePage("BT /F1 10 Tf 100 700 Td <00010002> Tj ET",
			"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [<< /Subtype /CIDFontType2 >>] >>"), Limits{}, ErrNoUnicode},
		{"extends", []byte(strings.Replace(string(valid), "/Type /Catalog", "/Type /Catalog /Extends 1 0 R", 1)), Limits{}, ErrDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("x.pdf", tc.data, tc.lim)
			assert.Nil(t, d)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.kind), "%v", err)
			var pe *Error
			require.ErrorAs(t, err, &pe)
			assert.Regexp(t, `\p{Han}`, err.Error())
		})
	}
}

// Deviations real files have are read: a PDF 2.0 header, bytes after %%EOF, nested forms that draw
// themselves, unbalanced Q, nesting deeper than any real file, and cross-reference tables that point at the
// wrong bytes or loop (rebuilt from the object headers).
func TestTolerated(t *testing.T) {
	valid := onePage(text(100, 700, 10, "Report 2021"), simpleFont)
	prevSelf := func() []byte { // a /Prev pointing at its own cross-reference table
		b := string(valid)
		x := b[strings.LastIndex(b, "startxref\n")+len("startxref\n"):]
		x = x[:strings.IndexByte(x, '\n')]
		return []byte(strings.Replace(b, "/Root 1 0 R", "/Root 1 0 R /Prev "+x, 1))
	}
	selfForm := &pdfFile{}
	selfForm.add("<< /Type /Catalog /Pages 2 0 R >>")
	selfForm.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	selfForm.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>")
	selfForm.add(stream("", "Q Q /X Do", false))
	selfForm.add(simpleFont)
	selfForm.add(stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >>",
		text(100, 700, 10, "Report 2021")+"/X Do /X Do", false))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"pdf 2.0", []byte(strings.Replace(string(valid), "%PDF-1.4", "%PDF-2.0", 1))},
		{"trailing bytes", append(append([]byte(nil), valid...), strings.Repeat("<html></html>\n", 20)...)},
		{"self-drawing form", selfForm.bytes()},
		{"prev cycle (repaired)", prevSelf()},
		{"wrong startxref (repaired)", []byte(strings.Replace(string(valid), "startxref\n", "startxref\n9", 1))},
		{"xref entries off by 3 (repaired)", shiftXref(valid, 3)},
		{"deep nesting", onePage(strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+" pop\n"+text(100, 700, 10, "Report 2021"), simpleFont)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("x.pdf", tc.data, Limits{})
			require.NoError(t, err)
			require.NotEmpty(t, d.Lines)
			assert.Contains(t, d.Lines[0].Text, "Report 2021")
		})
	}
}

// A table continued on the next page is one grid: the header row repeated at the top of the next page is
// dropped, and a row broken across the page break (the end of its label on the next page) is one row.
func TestTableAcrossPages(t *testing.T) {
	f := &pdfFile{}
	f.add("<< /Type /Catalog /Pages 2 0 R >>")
	f.add("<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>")
	res := "/Resources << /Font << /F1 7 0 R >> >>"
	f.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R " + res + " >>")
	xs := []float64{50, 150, 250}
	f.add(stream("", text(50, 800, 12, "Report 2021")+ruled(xs, []float64{120, 100, 60})+
		text(55, 106, 10, "Head")+text(155, 106, 10, "Count")+
		text(55, 86, 10, "Long label")+text(160, 86, 10, "7")+text(55, 66, 10, "goes on"), false))
	f.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R " + res + " >>")
	f.add(stream("", ruled(xs, []float64{800, 780, 760, 740})+
		text(55, 786, 10, "Head")+text(155, 786, 10, "Count")+text(55, 766, 10, "to the end")+
		text(55, 746, 10, "Next")+text(160, 746, 10, "0")+text(60, 60, 9, "- 2 -"), false))
	f.add(simpleFont)
	d, err := Read("p.pdf", f.bytes(), Limits{})
	require.NoError(t, err)
	require.Len(t, d.Grids, 1)
	assert.Equal(t, [][]string{
		{"Head", "Count"},
		{"Long label goes on to the end", "7"},
		{"Next", "0"},
	}, cells(d, 0))
	assert.Equal(t, "第2页第3行", d.Grids[0].Source(2, 1).Cell)
	for _, l := range d.Lines {
		assert.NotContains(t, l.Text, "- 2 -", "page numbers are not text")
	}
}

// shiftXref adds d to every offset of the cross-reference table, as a file edited after writing has them.
func shiftXref(data []byte, d int) []byte {
	s := string(data)
	x := strings.Index(s, "xref\n")
	t := strings.Index(s, "trailer")
	lines := strings.Split(s[x:t], "\n")
	for i, l := range lines {
		var off, gen int
		var kind string
		if n, _ := fmt.Sscanf(l, "%d %d %s", &off, &gen, &kind); n == 3 && kind == "n" {
			lines[i] = fmt.Sprintf("%010d %05d n ", off+d, gen)
		}
	}
	return []byte(s[:x] + strings.Join(lines, "\n") + s[t:])
}
