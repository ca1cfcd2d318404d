package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// odsOf zips a content.xml body (the office:spreadsheet's children) into an .ods.
func odsOf(t testing.TB, body string, extra ...string) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, _ := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	w, _ = z.Create("content.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0">` +
		`<office:automatic-styles><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>` +
		`<office:body><office:spreadsheet>` + body + `</office:spreadsheet></office:body></office:document-content>`))
	for i := 0; i+1 < len(extra); i += 2 {
		w, _ = z.Create(extra[i])
		w.Write([]byte(extra[i+1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func small() book.Limits {
	l := book.DefaultLimits()
	l.MaxCells, l.MaxRows, l.MaxXMLSize = 1000, 1000, 1<<20
	return l
}

func TestCellsSpansAndText(t *testing.T) {
	body := `<table:table table:name="表三"><table:table-column table:number-columns-repeated="1024"/>` +
		`<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="string"><text:p>标题<text:s text:c="2"/>甲<text:span>乙</text:span></text:p><text:p>第二段</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="0.30000000000000004"/></table:table-row>` +
		`<table:table-row><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="percentage" office:value="0.35"/><table:table-cell table:formula="of:=SUM([.C1:.C2];[$'a b'.A1])" office:value-type="float" office:value="0.65"/></table:table-row>` +
		`<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="date" office:date-value="2024-01-15T12:00:00"/><table:table-cell office:value-type="boolean" office:boolean-value="true"/><table:table-cell office:value-type="time" office:time-value="PT36H00M00S"/></table:table-row>` +
		`<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>` +
		`</table:table><table:table table:name="隐藏" table:style-name="ta2"/>`
	b, err := Read(odsOf(t, body), small())
	if err != nil {
		t.Fatal(err)
	}
	s := b.Sheets[0]
	want := [][]string{{"标题  甲乙\n第二段", "", "0.3"}, {"", "", "0.35", "0.65"}, {"45306.5", "TRUE", "1.5"}, {"45306.5", "TRUE", "1.5"}}
	got := locate.Texts(s.Rows)
	if strings.Join(flat(got), "|") != strings.Join(flat(want), "|") {
		t.Errorf("cells\n got %q\nwant %q", got, want)
	}
	if f := s.Rows[1][3].Formula; f != "SUM(C1:C2,'a b'!A1)" {
		t.Errorf("formula %q", f)
	}
	if !s.Rows[0][0].Str || s.Rows[0][2].Str || len(s.Merges) != 1 || s.Merges[0] != (book.Range{R1: 0, C1: 0, R2: 1, C2: 1}) {
		t.Errorf("Str/merges wrong: %+v %+v", s.Rows[0], s.Merges)
	}
	if len(b.Sheets) != 2 || b.Sheets[1].State != book.Hidden || s.State != book.Visible {
		t.Errorf("sheets %+v", b.Sheets)
	}
}

func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return out
}

// Repeated-cell bombs count against the cell limit when the cells hold something, and cost nothing when
// they are empty; other hostile packages end in a Chinese verdict, quickly.
func TestHostileSpreadsheets(t *testing.T) {
	bomb := `<table:table table:name="A"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>`
	cases := []struct {
		name string
		ods  []byte
		kind book.Kind
		msg  string
	}{
		{"repeated-cell bomb", odsOf(t, bomb), book.KindTooLarge, "单元格数"},
		{"repeated rows of text", odsOf(t, `<table:table table:name="A"><table:table-row table:number-rows-repeated="2000000000"><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>`), book.KindTooLarge, "行数"},
		{"content beyond the last row", odsOf(t, `<table:table table:name="A"><table:table-row table:number-rows-repeated="5000"/><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>`), book.KindTooLarge, "行数"},
		// Ten merges of 20 rows × 50 columns, one over the other, above 950 stored cells: a thousand cells
		// of the budget, nine thousand walked to blank what the merges cover.
		{"overlapping merges over stored cells", odsOf(t, `<table:table table:name="A"><table:table-row>`+
			strings.Repeat(`<table:table-cell table:number-columns-spanned="50" table:number-rows-spanned="20"/>`, 10)+
			`</table:table-row><table:table-row table:number-rows-repeated="19"><table:table-cell table:number-columns-repeated="50"><text:p>x</text:p></table:table-cell></table:table-row></table:table>`),
			book.KindTooLarge, "单元格数"},
		{"bad XML", odsOf(t, `<table:table table:name="A"><table:table-row>`), book.KindCorrupt, "不是有效的 XML"},
		{"bad number", odsOf(t, `<table:table table:name="A"><table:table-row><table:table-cell office:value-type="float" office:value="x1"/></table:table-row></table:table>`), book.KindCorrupt, "单元格的值"},
		{"too many sheets", odsOf(t, strings.Repeat(`<table:table table:name="A"/>`, 100)), book.KindTooLarge, "工作表数"},
		{"long text in a covered cell", odsOf(t, `<table:table table:name="A"><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>标题</text:p></table:table-cell><table:covered-table-cell><text:p>`+strings.Repeat("长", 40000)+`</text:p></table:covered-table-cell></table:table-row></table:table>`), book.KindTooLarge, "单元格文字长度"},
		{"long text", odsOf(t, `<table:table table:name="A"><table:table-row><table:table-cell><text:p>`+strings.Repeat("长", 40000)+`</text:p></table:table-cell></table:table-row></table:table>`), book.KindTooLarge, "单元格文字长度"},
		{"content.xml over its limit", odsOf(t, `<table:table table:name="A">`+strings.Repeat(`<table:table-row/>`, 70000)+`</table:table>`), book.KindTooLarge, "解压后大小"},
		{"encrypted", odsOf(t, "", "META-INF/manifest.xml", `<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`), book.KindEncrypted, "文件已加密"},
		{"not a zip", []byte("PK\x03\x04garbage"), book.KindCorrupt, "压缩包"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Read(c.ods, small())
			var e *book.Error
			if !errors.As(err, &e) || e.Kind != c.kind || !strings.Contains(e.Msg, c.msg) {
				t.Fatalf("err %v, want kind %d with %q", err, c.kind, c.msg)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	empty := `<table:table table:name="A"><table:table-row table:number-rows-repeated="2000000000"><table:table-cell table:number-columns-repeated="2000000000"/></table:table-row></table:table>`
	if b, err := Read(odsOf(t, strings.Repeat(empty, 3)), small()); err != nil || len(b.Sheets) != 3 || len(b.Sheets[0].Rows) != 0 {
		t.Errorf("empty repeats: %v %+v", err, b)
	}
}

// FuzzODS: any bytes give a workbook within the limits or an error, never a panic or a hang.
func FuzzODS(f *testing.F) {
	files, _ := filepath.Glob("../testdata/legacy/*.ods")
	for _, p := range files {
		if strings.Contains(p, "foreign") || strings.Contains(p, "mixed") {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add(odsOf(f, `<table:table table:name="A"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/></table:table-row></table:table>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := small()
		bk, err := Read(b, lim)
		if err != nil {
			var e *book.Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("error without a Chinese verdict: %v", err)
			}
			return
		}
		n := 0
		for _, s := range bk.Sheets {
			for _, r := range s.Rows {
				n += len(r)
			}
		}
		if n > lim.MaxCells || len(bk.Sheets) > lim.MaxSheets {
			t.Fatalf("%d cells, %d sheets beyond the limits", n, len(bk.Sheets))
		}
	})
}

// A cell covered by a merged range keeps what it holds as Covered (as the .xlsx reader gives it for
// LibreOffice's conversion), a value nobody sees is no error, and a bad value is named at its own cell.
func TestCoveredCellsAndBadValueCell(t *testing.T) {
	body := `<table:table table:name="A"><table:table-row><table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="2"><text:p>标题</text:p></table:table-cell><table:covered-table-cell office:value-type="float" office:value="5"/></table:table-row>` +
		`<table:table-row><table:covered-table-cell><text:p>被覆盖</text:p></table:covered-table-cell><table:covered-table-cell office:value-type="float" office:value="x"/><table:table-cell><text:p>旁</text:p></table:table-cell></table:table-row></table:table>`
	b, err := Read(odsOf(t, body), small())
	if err != nil {
		t.Fatal(err)
	}
	rows := b.Sheets[0].Rows
	if rows[0][0].Text != "标题" || rows[0][1] != (locate.Cell{Covered: "5"}) || rows[1][0] != (locate.Cell{Covered: "被覆盖"}) ||
		rows[1][1] != (locate.Cell{}) || rows[1][2].Text != "旁" {
		t.Errorf("rows %+v", rows)
	}
	_, err = Read(odsOf(t, `<table:table table:name="A"><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="x1"/></table:table-row></table:table>`), small())
	var e *book.Error
	if !errors.As(err, &e) || e.Cell != "C1" {
		t.Errorf("bad value: %v, want it named at C1", err)
	}
}

// Nesting and attribute bombs (a small .ods inflating to millions of elements open at once, or of
// attributes on one element) are refused as damaged XML, quickly and without holding their positions.
func TestNestingAndAttributeBombs(t *testing.T) {
	for name, c := range map[string]struct{ body, why string }{
		"nesting":    {strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000), "nested too deeply"},
		"attributes": {"<a " + strings.Repeat(`b="" `, 100000) + "/>", "too many attributes"},
		"namespaces": {"<a " + strings.Repeat(`xmlns:b="" `, 50000) + "/>", "too many attributes"},
	} {
		t.Run(name, func(t *testing.T) {
			data := odsOf(t, `<table:table table:name="A"><table:table-row><table:table-cell>`+c.body+
				`</table:table-cell></table:table-row></table:table>`)
			start := time.Now()
			_, err := Read(data, small())
			var e *book.Error
			if !errors.As(err, &e) || e.Kind != book.KindCorrupt || !strings.Contains(e.Msg, "不是有效的 XML") ||
				!strings.Contains(err.Error(), c.why) {
				t.Fatalf("err %v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}
