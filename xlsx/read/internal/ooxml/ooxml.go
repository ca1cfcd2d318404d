// Package ooxml is what the two readers of xlsx/read (the general XML reader and the byte-level fast path
// of xlsx/read/fast) share about a workbook package: the namespaces, relationships, the workbook part's
// sheets (BookOf) and the key/value rows of the meta sheet. Only how they scan the parts differs.
package ooxml

import (
	"path"
	"strings"

	"nianbao/locate"
)

// Namespaces of the parts we read. Elements and attributes are matched by namespace, as Excel does, not by
// prefix: <x:c xmlns:x="…/main"> is a cell, <c xmlns="urn:other"> is not, and a sheet's relationship is its
// r:id in the relationships namespace, never a plain id attribute.
const (
	NsMain       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	NsMainStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
	NsRel        = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	NsRelStrict  = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	NsPkgRel     = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// Sheet is one sheet of workbook.xml: its name, visibility and part.
type Sheet struct {
	Name  string
	State string // "", "visible", "hidden" or "veryHidden"
	Part  string // "" for a sheet whose relationship is missing
	Kind  string // worksheet, chartsheet, dialogsheet…, from the relationship type
}

// Book is what workbook.xml and its relationships say.
type Book struct {
	Part   string
	Sheets []Sheet
	SST    string // shared strings part, "" when absent
}

// BookOf finds the workbook part through _rels/.rels (xl/workbook.xml when absent), its relationships and
// its sheets in order. The general reader and the fast path share it; only how they scan the parts
// differs: rels reads a relationships part (none when missing), sheets calls add with the name, state
// and relationship id of each <sheet> of the workbook part. norm turns a resolved part name into the form
// the reader looks parts up by.
func BookOf(rels func(name string) ([]Rel, error), sheets func(part string, add func(name, state, id string)) error,
	norm func(string) string) (*Book, error) {
	b := &Book{Part: "xl/workbook.xml"}
	pkgRels, err := rels("_rels/.rels")
	if err != nil {
		return nil, err
	}
	for _, r := range pkgRels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			b.Part = norm(Resolve("", r.Target))
		}
	}
	wrels, err := rels(RelsOf(b.Part))
	if err != nil {
		return nil, err
	}
	targets := map[string]Rel{}
	for _, r := range wrels {
		targets[r.ID] = r
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			b.SST = norm(Resolve(b.Part, r.Target))
		}
	}
	err = sheets(b.Part, func(name, state, id string) {
		s := Sheet{Name: name, State: state}
		if r, ok := targets[id]; ok {
			s.Part = norm(Resolve(b.Part, r.Target))
			s.Kind = r.Type[strings.LastIndex(r.Type, "/")+1:]
		}
		b.Sheets = append(b.Sheets, s)
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// resolve turns a relationship target into a part name relative to the package root.
func Resolve(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join(path.Dir(base), target)), "/")
}

// relsOf returns the relationships part of a part: xl/workbook.xml → xl/_rels/workbook.xml.rels.
func RelsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// Rel is one relationship.
type Rel struct{ ID, Type, Target string }

// MetaOf reads key/value rows: column A the key, column B the value, continued in the cells to its right
// when it is longer than a cell holds (templates.MetaCells).
func MetaOf(rows [][]locate.Cell) map[string]string {
	m := map[string]string{}
	for _, row := range rows {
		if len(row) == 0 || strings.TrimSpace(row[0].Text) == "" {
			continue
		}
		var v strings.Builder
		for _, c := range row[1:] {
			v.WriteString(c.Text)
		}
		m[strings.TrimSpace(row[0].Text)] = v.String()
	}
	return m
}
