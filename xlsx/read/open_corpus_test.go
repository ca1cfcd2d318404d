package read

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/templates"
)

// go test ./xlsx -run TestGenerateCorpus -gencorpus rewrites the small files of testdata/bad/. Files made
// with LibreOffice (legacy.xls, legacy.et, book.ods) need soffice. Large hostile files (zip bombs, a million
// rows, long strings, deep nesting) are never checked in: the tests build them in a temp directory.
var genCorpus = flag.Bool("gencorpus", false, "rewrite the files of testdata/bad")

const badDir = "testdata/bad"

func TestGenerateCorpus(t *testing.T) {
	if !*genCorpus {
		t.Skip("run with -gencorpus to rewrite testdata/bad")
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(badDir, 0o755))
	put := func(name string, data []byte) { must(os.WriteFile(filepath.Join(badDir, name), data, 0o644)) }

	good := badGoodBook(t)
	put("good.xlsx", good)
	put("empty.xlsx", nil)
	put("random.xlsx", badRandom(1024))
	put("truncated.xlsx", good[:len(good)/2])
	put("csv-renamed.xlsx", []byte("单位,收到申请数,办结数\n甲局,5,4\n乙局,3,3\n"))
	put("oa-export.xls", []byte(badOAHTML))
	put("notable.xls", []byte("<html><head><title>导出失败</title></head><body><p>没有数据</p></body></html>"))
	put("xmlss.xls", []byte(badXMLSS))
	put("report.pdf", []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"))
	put("picture.png", badPNG(t))
	put("letter.docx", badZip(t, map[string]string{"[Content_Types].xml": badCTypes, "word/document.xml": "<w:document/>"}))
	put("fake.xlsb", badZip(t, map[string]string{"[Content_Types].xml": badCTypes, "xl/workbook.bin": "\x83\x01\x00"}))
	put("no-workbook.xlsx", badZip(t, map[string]string{"[Content_Types].xml": badCTypes,
		"xl/worksheets/sheet1.xml": badSheetPart(`<row r="1"><c r="A1"><v>1</v></c></row>`)}))
	put("out-of-order.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
		`<row r="3"><c r="C3"><v>33</v></c><c r="A3" t="inlineStr"><is><t>三</t></is></c></row>` +
			`<row r="1"><c r="B1"><v>12</v></c><c r="A1"><v>11</v></c></row>`)}, nil))
	put("bad-utf8.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
		`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`)}, []string{"自然人\xff\xfe"}))
	put("dup-sheets.xlsx", badRawBook(t, []string{"表三", "表三"}, map[int]string{
		1: badSheetPart(`<row r="1"><c r="A1"><v>1</v></c></row>`), 2: badSheetPart(`<row r="1"><c r="A1"><v>2</v></c></row>`)}, nil))
	put("numbers.xlsx", badNumbersBook(t))
	put("renamed.xlsx", badRenamedBook(t))
	put("bad-sst-index.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
		`<row r="1"><c r="A1" t="s"><v>7</v></c></row>`)}, []string{"只有一项"}))
	put("shared-formula.xlsx", badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><f t="shared" ref="C1:C2" si="0">A1+B1</f><v>3</v></c></row>` +
			`<row r="2"><c r="A2"><v>4</v></c><c r="B2"><v>5</v></c><c r="C2"><f t="shared" si="0"/><v>9</v></c></row>`)}, nil))

	encrypted := &bytes.Buffer{}
	f, err := excelize.OpenReader(bytes.NewReader(good))
	must(err)
	must(f.Write(encrypted, excelize.Options{Password: "123456"}))
	put("encrypted.xlsx", encrypted.Bytes())

	if _, err := exec.LookPath("soffice"); err != nil {
		t.Log("soffice missing: legacy.xls, legacy.et and book.ods not regenerated")
		return
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "legacy.xlsx")
	must(os.WriteFile(src, good, 0o644))
	for _, format := range []string{"xls", "ods"} {
		cmd := exec.Command("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+dir+"/profile",
			"--convert-to", format, "--outdir", dir, src)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("soffice %s: %v %s", format, err, out)
		}
		data, err := os.ReadFile(filepath.Join(dir, "legacy."+format))
		must(err)
		if format == "xls" {
			put("legacy.xls", data)
			put("legacy.et", data)
		} else {
			put("book.ods", data)
		}
	}
}

// badGoodBook is a small template-like workbook: 表三 with merges, numbers, text and formulas, a hidden
// 填报说明, and the very hidden meta sheet.
func badGoodBook(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	check(f.SetSheetName("Sheet1", "表三"))
	check(f.SetCellValue("表三", "A1", "三、收到和处理政府信息公开申请情况"))
	check(f.MergeCell("表三", "A1", "D1"))
	check(f.SetCellValue("表三", "A2", "本年新收政府信息公开申请数量"))
	check(f.SetCellValue("表三", "B2", 5))
	check(f.SetCellValue("表三", "C2", 1))
	check(f.SetCellFormula("表三", "D2", "SUM(B2:C2)"))
	check(f.SetCellValue("表三", "B3", "12"))
	check(f.SetCellValue("表三", "C3", 0.35))
	_, err := f.NewSheet("填报说明")
	check(err)
	check(f.SetCellValue("填报说明", "A1", "请填写本单位数据"))
	check(f.SetSheetVisible("填报说明", false))
	_, err = f.NewSheet(templates.MetaSheet)
	check(err)
	check(f.SetCellValue(templates.MetaSheet, "A1", "version"))
	check(f.SetCellValue(templates.MetaSheet, "B1", "2021"))
	check(f.SetCellValue(templates.MetaSheet, "A2", "unit"))
	check(f.SetCellValue(templates.MetaSheet, "B2", "甲局"))
	check(f.SetSheetVisible(templates.MetaSheet, false, true))
	buf, err := f.WriteToBuffer()
	check(err)
	return buf.Bytes()
}

// badNumbersBook holds texts that look like numbers and extreme numbers.
func badNumbersBook(t testing.TB) []byte {
	return badRawBook(t, []string{"表三"}, map[int]string{1: badSheetPart(
		`<row r="1"><c r="A1" t="inlineStr"><is><t>1e308</t></is></c><c r="B1" t="inlineStr"><is><t>NaN</t></is></c>` +
			`<c r="C1" t="inlineStr"><is><t>Infinity</t></is></c><c r="D1"><v>1E+308</v></c><c r="E1" t="b"><v>1</v></c>` +
			`<c r="F1" t="e"><v>#DIV/0!</v></c><c r="G1" t="str"><v>-0</v></c></row>`)}, nil)
}

// badRenamedBook has its sheets renamed, reordered and one deleted, as a clerk might.
func badRenamedBook(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	for _, s := range []string{"表二", "表三", "表四"} {
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(s, "A1", s+"内容"); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	if err := f.DeleteSheet("表二"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetName("表四", "Sheet4"); err != nil {
		t.Fatal(err)
	}
	if err := f.MoveSheet("Sheet4", "表三"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const badCTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`

// badSheetPart wraps sheetData rows into a worksheet part.
func badSheetPart(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		rows + `</sheetData></worksheet>`
}

// badRawBook builds a minimal xlsx by hand: sheets named names, parts sheetN.xml given by number, and an
// optional shared-string table (items written raw, so they may hold invalid UTF-8).
func badRawBook(t testing.TB, names []string, sheets map[int]string, sst []string) []byte {
	parts := map[string]string{
		"[Content_Types].xml": badCTypes,
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	}
	var wb, rels strings.Builder
	wb.WriteString(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
	rels.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, n := range names {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, n, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	wb.WriteString(`</sheets></workbook>`)
	if sst != nil {
		rels.WriteString(`<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`)
		var s strings.Builder
		s.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		for _, item := range sst {
			s.WriteString("<si><t>" + item + "</t></si>")
		}
		s.WriteString("</sst>")
		parts["xl/sharedStrings.xml"] = s.String()
	}
	rels.WriteString(`</Relationships>`)
	parts["xl/workbook.xml"] = wb.String()
	parts["xl/_rels/workbook.xml.rels"] = rels.String()
	for n, x := range sheets {
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", n)] = x
	}
	return badZip(t, parts)
}

// badZip zips the parts, [Content_Types].xml first.
func badZip(t testing.TB, parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := []string{"[Content_Types].xml"}
	for n := range parts {
		if n != names[0] {
			names = append(names, n)
		}
	}
	sort.Strings(names[1:])
	for _, n := range names {
		body, ok := parts[n]
		if !ok {
			continue
		}
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func badRandom(n int) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(7)).Read(b)
	return b
}

func badPNG(t testing.TB) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// badOAHTML is a table exported by an OA system as "报表.xls", encoded in UTF-8 with Excel's x:num attributes.
const badOAHTML = `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body>
<table border="1">
<tr><td colspan="3">三、收到和处理政府信息公开申请情况</td></tr>
<tr><td rowspan="2">本列数据的勾稽关系为</td><th>自然人</th><th>法人</th></tr>
<tr><td x:num="1234">1,234</td><td>5</td></tr>
<tr><td>说明<br>第二行</td><td x:str>007</td><td></td></tr>
</table><script>var t = "<table><tr><td>x</td></tr></table>";</script></body></html>`

// badXMLSS is an Excel 2003 XML spreadsheet saved as .xls.
const badXMLSS = `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="表三"><Table>
<Row><Cell><Data ss:Type="String">自然人</Data></Cell><Cell><Data ss:Type="Number">5</Data></Cell></Row>
</Table></Worksheet></Workbook>
`
