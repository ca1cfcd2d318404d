package ods

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"nianbao/locate"
	"nianbao/xlsx/read/book"
)

// corpusODS lists the .ods files of the legacy corpus, and of the external one NIANBAO_LEGACY_CORPUS names.
func corpusODS(t testing.TB) []string {
	files, _ := filepath.Glob("../testdata/legacy/*.ods")
	if len(files) == 0 {
		t.Fatal("no .ods in ../testdata/legacy")
	}
	if d := os.Getenv("NIANBAO_LEGACY_CORPUS"); d != "" {
		ext, _ := filepath.Glob(filepath.Join(d, "*.ods"))
		files = append(files, ext...)
	}
	return files
}

// zipContent packs a content.xml into an .ods.
func zipContent(t testing.TB, content []byte) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.CreateHeader(&zip.FileHeader{Name: "content.xml", Method: zip.Store})
	if err == nil {
		_, err = w.Write(content)
	}
	if err == nil {
		err = z.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameVerdict fails unless the scanner and the reference give the same book, or the same error.
func sameVerdict(t *testing.T, data []byte, lim book.Limits) {
	t.Helper()
	got, gerr := Read(data, lim)
	want, werr := readReference(data, lim)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("scanner error %v, reference error %v", gerr, werr)
	}
	if gerr != nil {
		var ge, we *book.Error
		errors.As(gerr, &ge)
		errors.As(werr, &we)
		if ge == nil || we == nil || ge.Kind != we.Kind || ge.Msg != we.Msg || ge.Sheet != we.Sheet || ge.Cell != we.Cell {
			t.Fatalf("scanner error %v, reference error %v", gerr, werr)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("scanner and reference differ:\n scanner   %+v\n reference %+v", flatBook(got), flatBook(want))
	}
}

func flatBook(b *book.Book) string {
	var s strings.Builder
	for _, sh := range b.Sheets {
		s.WriteString(sh.Name + "(" + sh.State + "): ")
		for _, r := range sh.Rows {
			for _, c := range r {
				s.WriteString(c.Text + "|" + c.Formula + ";")
			}
			s.WriteString(" / ")
		}
	}
	return s.String()
}

// The scanner reads every .ods of the corpus (LibreOffice's, and the external one when named) exactly as
// encoding/xml does.
func TestScannerMatchesReferenceOnCorpus(t *testing.T) {
	for _, f := range corpusODS(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sameVerdict(t, data, book.DefaultLimits())
		})
	}
}

const (
	uriOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	uriTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	uriText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
)

// Namespaces are resolved by URI: other prefixes, a default namespace, a prefix redeclared inside the
// document, and the literal prefix table: bound to a foreign namespace. Escapes, CR, CDATA and comments
// read as XML says; damage gets the reference's verdict.
func TestScannerNamespacesAndText(t *testing.T) {
	for _, c := range scannerCases() {
		t.Run(c.name, func(t *testing.T) {
			data := zipContent(t, c.content)
			sameVerdict(t, data, small())
			b, err := Read(data, small())
			got := ""
			switch {
			case err != nil:
			case len(b.Sheets) == 0:
				got = "none"
			default:
				s := b.Sheets[0]
				var rows []string
				for _, cells := range locate.Texts(s.Rows) {
					rows = append(rows, strings.Join(cells, ","))
				}
				got = s.Name + ":" + strings.Join(rows, "/")
			}
			if got != c.want {
				t.Errorf("got %q (err %v), want %q", got, err, c.want)
			}
		})
	}
}

type scannerCase struct {
	name    string
	content []byte
	want    string // the first sheet's name and its rows' texts, "none" without sheets, "" for an error
}

func scannerCases() []scannerCase {
	doc := func(root, body string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + root + `<office:body><office:spreadsheet>` + body +
			`</office:spreadsheet></office:body></office:document-content>`)
	}
	std := `<office:document-content xmlns:office="` + uriOffice + `" xmlns:table="` + uriTable + `" xmlns:text="` + uriText + `">`
	return []scannerCase{
		{"other prefixes", doc(`<office:document-content xmlns:office="`+uriOffice+`" xmlns:t="`+uriTable+`" xmlns:x="`+uriText+`">`,
			`<t:table t:name="表"><t:table-row><t:table-cell><x:p>甲</x:p></t:table-cell><t:table-cell t:number-columns-repeated="2"><x:p>乙</x:p></t:table-cell></t:table-row></t:table>`),
			"表:甲,乙,乙"},
		{"default namespace", doc(`<office:document-content xmlns:office="`+uriOffice+`" xmlns:text="`+uriText+`">`,
			`<table xmlns="`+uriTable+`" name="无前缀" xmlns:table="`+uriTable+`" table:name="表"><table-row><table-cell><text:p>甲</text:p></table-cell></table-row></table>`),
			"表:甲"},
		{"table: bound to a foreign namespace", doc(`<office:document-content xmlns:office="`+uriOffice+`" xmlns:table="urn:other" xmlns:t="`+uriTable+`" xmlns:text="`+uriText+`">`,
			`<t:table t:name="真"><table:table-row><table:table-cell><text:p>假</text:p></table:table-cell></table:table-row><t:table-row><t:table-cell table:number-columns-repeated="3"><text:p>真</text:p></t:table-cell></t:table-row></t:table>`),
			"真:真"}, // the foreign row is no row, the foreign repeat no repeat
		{"prefix redeclared inside", doc(std,
			`<table:table table:name="A"><table:table-row xmlns:table="urn:other"><table:table-cell><text:p>不读</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>读</text:p></table:table-cell></table:table-row></table:table>`),
			"A:读"},
		{"escapes, CR, CDATA, comment", doc(std,
			"<table:table table:name=\"&#x41;&amp;&lt;\"><!-- c --><table:table-row><table:table-cell><text:p>a&#13;b\r\nc\rd<![CDATA[<&>]]>e&quot;&apos;&gt;</text:p></table:table-cell></table:table-row></table:table>"),
			"A&<:a\rb\nc\nd<&>e\"'>"},
		{"unbound prefix", doc(`<office:document-content xmlns:office="`+uriOffice+`">`, `<table:table table:name="A"/>`), "none"},
		{"xml prefix is never ours", doc(std, `<xml:table table:name="A"/>`), "none"},
		{"end tag with another prefix", doc(`<office:document-content xmlns:office="`+uriOffice+`" xmlns:t="`+uriTable+`" xmlns:table="`+uriTable+`">`, `<t:table t:name="A"></table:table>`), ""},
		{"unknown entity", doc(std, `<table:table table:name="&nbsp;"/>`), ""},
		{"character out of range", doc(std, `<table:table table:name="&#1;"/>`), ""},
		{"doctype", append([]byte(`<!DOCTYPE x>`), doc(std, `<table:table table:name="A"/>`)...), ""},
		{"]]> in text", doc(std, `<table:table table:name="A">]]></table:table>`), ""},
		{"truncated", doc(std, `<table:table table:name="A">`)[:200], ""},
		{"two colons", doc(std, `<table:table:x/>`), ""},
		{"latin-1", bytes.Replace(doc(std, `<table:table table:name="A"/>`), []byte("UTF-8"), []byte("ISO-8859-1"), 1), ""},
	}
}

// FuzzScannerMatchesReference mutates the content.xml of corpus files and of small documents, packs it
// into an .ods and requires the scanner's verdict to be the reference's: the same book, or the same error.
func FuzzScannerMatchesReference(f *testing.F) {
	for _, p := range corpusODS(f) {
		if !strings.Contains(p, "foreign") && !strings.Contains(p, "mixed") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		x, err := contentXML(data, book.DefaultLimits())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(x)
	}
	std := `<office:document-content xmlns:office="` + uriOffice + `" xmlns:table="` + uriTable + `" xmlns:text="` + uriText + `">`
	f.Add([]byte(std + `<office:body><office:spreadsheet><table:table table:name="A"><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/><table:table-cell><text:p>a<text:s text:c="2"/>&amp;</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`))
	for _, c := range scannerCases() {
		f.Add(c.content)
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		sameVerdict(t, zipContent(t, content), small())
	})
}
