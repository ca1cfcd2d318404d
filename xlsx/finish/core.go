package finish

import (
	"bytes"
	"encoding/xml"
	"time"
)

// coreProps are the document properties of docProps/core.xml, decoded by local name whatever the prefixes.
type coreProps struct {
	Title          string `xml:"title"`
	Subject        string `xml:"subject"`
	Creator        string `xml:"creator"`
	Keywords       string `xml:"keywords"`
	Description    string `xml:"description"`
	Language       string `xml:"language"`
	Identifier     string `xml:"identifier"`
	Revision       string `xml:"revision"`
	ContentStatus  string `xml:"contentStatus"`
	Category       string `xml:"category"`
	Version        string `xml:"version"`
	LastModifiedBy string `xml:"lastModifiedBy"`
	Created        string `xml:"created"`
}

// coreTool is the last author of every package we write.
const coreTool = "nianbao"

// finishCore rewrites docProps/core.xml with every element in its own namespace prefix (excelize writes
// <lastModifiedBy>, <keywords>, <revision> … unprefixed in the default namespace, which is valid but makes
// exceljs refuse the file) and real W3CDTF dates: modified now, created now for a fresh workbook and kept
// otherwise (excelize's blank workbook says 2006-09-16). A part that does not decode is replaced by one
// holding only the dates.
func finishCore(data []byte, fresh bool, now time.Time) []byte {
	var p coreProps
	_ = xml.Unmarshal(data, &p)
	stamp := now.UTC().Format("2006-01-02T15:04:05Z")
	created := p.Created
	if _, err := time.Parse(time.RFC3339, created); fresh || err != nil {
		created = stamp
	}
	var b bytes.Buffer
	b.WriteString(xml.Header[:len(xml.Header)-1])
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	elem := func(name, text string) {
		if text == "" {
			return
		}
		b.WriteString("<" + name + ">")
		_ = xml.EscapeText(&b, []byte(text))
		b.WriteString("</" + name + ">")
	}
	elem("dc:title", p.Title)
	elem("dc:subject", p.Subject)
	elem("dc:creator", p.Creator)
	elem("cp:keywords", p.Keywords)
	elem("dc:description", p.Description)
	elem("cp:lastModifiedBy", coreTool)
	elem("dc:language", p.Language)
	elem("dc:identifier", p.Identifier)
	elem("cp:revision", p.Revision)
	elem("cp:contentStatus", p.ContentStatus)
	elem("cp:category", p.Category)
	elem("cp:version", p.Version)
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + created + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.Bytes()
}
