package interop

import (
	"encoding/xml"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"nianbao/model"
	"nianbao/templates"
)

var (
	reRGB        = regexp.MustCompile(`\brgb="([^"]*)"`)
	reHex8       = regexp.MustCompile(`^[0-9A-Fa-f]{8}$`)
	reUnprefixed = regexp.MustCompile(`<(lastModifiedBy|keywords|revision|category|contentStatus|version|title|subject|creator|created|modified)\b`)
)

// checkParts checks the package: [Content_Types].xml first, real entry dates, every XML part
// well-formed, every rgb colour of 8 hex digits, core properties prefixed and dated.
func checkParts(t *testing.T, b *book) {
	t.Helper()
	if len(b.entries) == 0 || b.entries[0].Name != "[Content_Types].xml" {
		t.Errorf("[Content_Types].xml is not the first zip entry")
	}
	now := time.Now()
	for _, zf := range b.entries {
		if m := zf.Modified; m.Before(now.AddDate(0, 0, -2)) || m.After(now.Add(24*time.Hour)) {
			t.Errorf("%s: zip entry dated %v (DOS date %#x)", zf.Name, m, zf.ModifiedDate)
		}
		data := b.parts[zf.Name]
		if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") && !strings.HasSuffix(zf.Name, ".vml") {
			continue
		}
		if err := wellFormed(data); err != nil {
			t.Errorf("%s: not well-formed: %v", zf.Name, err)
		}
		for _, m := range reRGB.FindAllSubmatch(data, -1) {
			if !reHex8.Match(m[1]) {
				t.Errorf("%s: colour rgb=%q is not 8 hex digits", zf.Name, m[1])
				break
			}
		}
	}
	core, ok := b.parts["docProps/core.xml"]
	if !ok {
		t.Errorf("no docProps/core.xml")
		return
	}
	if m := reUnprefixed.Find(core); m != nil {
		t.Errorf("docProps/core.xml has the unprefixed element %s", m)
	}
	var p struct {
		Created  string `xml:"created"`
		Modified string `xml:"modified"`
	}
	if err := xml.Unmarshal(core, &p); err != nil {
		t.Errorf("docProps/core.xml: %v", err)
	}
	for _, d := range []string{p.Created, p.Modified} {
		tm, err := time.Parse(time.RFC3339, d)
		if err != nil || tm.Before(now.AddDate(0, 0, -2)) || tm.After(now.Add(time.Hour)) {
			t.Errorf("docProps/core.xml: date %q is not of today", d)
		}
	}
}

// checkSheets checks each worksheet: its dimension is the extent of its cells, its <col> elements are
// ascending, its autoFilter ref has no "$", every formula has a cached value, and the columns that hold
// figures hold numbers.
func checkSheets(t *testing.T, kind string, b *book) {
	t.Helper()
	names := map[string]bool{}
	for _, sh := range b.sheets {
		names[sh.name] = true
		if sh.dimension != sh.extent {
			t.Errorf("sheet %s: dimension %q, cells cover %s", sh.name, sh.dimension, sh.extent)
		}
		if !sort.IntsAreSorted(sh.colMins) {
			t.Errorf("sheet %s: <col> elements not ascending: %v", sh.name, sh.colMins)
		}
		if strings.Contains(sh.autoFilter, "$") {
			t.Errorf("sheet %s: autoFilter ref %q", sh.name, sh.autoFilter)
		}
		for ref, v := range sh.cells {
			if v.formula != "" && !v.cached {
				t.Errorf("sheet %s: %s=%s has no cached value", sh.name, ref, v.formula)
			}
		}
		for _, ref := range numberCells(kind, formOf(b), sh) {
			if v, ok := sh.cells[ref]; ok && v.kind != "n" {
				t.Errorf("sheet %s: %s holds %s, not a number", sh.name, ref, show(v))
			}
		}
	}
	if names[templates.MetaSheet] {
		for _, sh := range b.sheets {
			if sh.name == templates.MetaSheet && sh.state != "veryHidden" {
				t.Errorf("meta sheet is %s", sh.state)
			}
		}
	}
}

// numberCells are the cells of a sheet that must hold numbers when they hold anything: the figures of
// 校验结果 (序号, 应为, 实为), the columns of a summary's list sheets that hold figures, and every key cell of
// the tables of our templates and summaries.
func numberCells(kind string, v model.Version, sh *sheet) []string {
	var cols []string
	first := 2
	switch {
	case sh.name == "校验结果" && strings.HasPrefix(kind, "annotated"):
		cols, first = []string{"A", "I", "J"}, 7
	case kind == "summary" && sh.autoFilter != "":
		// A list sheet: below its header rows (the autoFilter's first row), a column that holds a number
		// holds only numbers.
		first = atoi(strings.TrimLeft(strings.Split(sh.autoFilter, ":")[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 1
		seen := map[string]bool{}
		for ref, v := range sh.cells {
			col := strings.TrimRight(ref, "0123456789")
			if v.kind == "n" && atoi(ref[len(col):]) >= first && !seen[col] {
				seen[col] = true
				cols = append(cols, col)
			}
		}
	case strings.HasPrefix(kind, "template") || kind == "summary":
		var out []string
		if s := templates.For(v).Sheet(sh.name); v != 0 && s != nil && s.Table != nil {
			for _, p := range s.Cells {
				if p.Key != "" {
					out = append(out, p.Ref)
				}
			}
		}
		return out
	}
	var out []string
	for ref := range sh.cells {
		col := strings.TrimRight(ref, "0123456789")
		row := ref[len(col):]
		for _, c := range cols {
			if c == col && atoi(row) >= first {
				out = append(out, ref)
			}
		}
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// formOf is the form version the meta sheet of a book names, 0 without one.
func formOf(b *book) model.Version {
	for _, sh := range b.sheets {
		if sh.name != templates.MetaSheet {
			continue
		}
		for ref, v := range sh.cells {
			if v.text == "form" && strings.HasPrefix(ref, "A") {
				return model.Version(atoi(sh.cells["B"+ref[1:]].text))
			}
		}
	}
	return 0
}
