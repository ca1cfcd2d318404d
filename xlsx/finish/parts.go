package finish

import (
	"encoding/xml"
	"path"
	"strings"
)

// SheetParts maps each worksheet part of a package ("xl/worksheets/sheet2.xml") to its sheet name,
// reading the workbook part and its relationships through read.
func SheetParts(read func(name string) ([]byte, error)) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	data, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(data, &wb); err != nil {
		return nil, err
	}
	if data, err = read("xl/_rels/workbook.xml.rels"); err != nil {
		return nil, err
	}
	if err := xml.Unmarshal(data, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[targets[s.RID]] = s.Name
	}
	return parts, nil
}
