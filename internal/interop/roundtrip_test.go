package interop

import (
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"nianbao/batch"
	"nianbao/templates"
)

var reMetaState = regexp.MustCompile(`<sheet [^>]*name="` + templates.MetaSheet + `"[^>]*>`)

// TestLibreOfficeRoundTrip: a template or summary that LibreOffice saved again (its meta sheet comes back
// "hidden" instead of "veryHidden", and the workbook's structure lock is gone) is still read as ours: the
// same unit, year, version, values and findings, and a summary still covers the same units.
func TestLibreOfficeRoundTrip(t *testing.T) {
	rd := readCorpus(t)
	for _, it := range rd.c.items {
		if it.kind != "summary" && it.kind != "template-prefilled-filler" {
			continue
		}
		lo := filepath.Join(rd.loX, filepath.Base(it.path))
		b, err := readBook(lo)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s after LibreOffice: %s", it.kind, reMetaState.Find(b.parts["xl/workbook.xml"]))
		want := batch.CheckFile(it.path, batch.Options{Year: year})
		got := batch.CheckFile(lo, batch.Options{Year: year})
		if got.Unit != want.Unit || got.Year != want.Year || got.Version != want.Version || got.Summary != want.Summary ||
			!reflect.DeepEqual(got.Covers, want.Covers) || got.Verdict != want.Verdict {
			t.Errorf("%s: read after LibreOffice as %+v %d %d summary=%v %v %s, before as %+v %d %d summary=%v %v %s", it.kind,
				got.Unit, got.Year, got.Version, got.Summary, got.Covers, got.Verdict,
				want.Unit, want.Year, want.Version, want.Summary, want.Covers, want.Verdict)
		}
		if !reflect.DeepEqual(got.Values, want.Values) {
			t.Errorf("%s: values differ after LibreOffice", it.kind)
		}
		if len(got.Findings) != len(want.Findings) {
			t.Errorf("%s: %d findings after LibreOffice, %d before: %v", it.kind, len(got.Findings), len(want.Findings), got.Findings)
		}
		if it.kind == "summary" && (!want.Summary || len(want.Covers) == 0) {
			t.Errorf("the summary is not read as one: %+v", want)
		}
	}
}
