package batch_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/xlsx"
)

// FuzzFastPathAgrees is the differential fuzz test of the fast path against the general reader over
// mutated templates: bytes inserted at some offset of one part (a sheet, the shared strings or the
// workbook) of a filled template must give the same File through both paths, whether the fast path reads
// the file or declines it.
func FuzzFastPathAgrees(f *testing.F) {
	dir := f.TempDir()
	tpl := filepath.Join(dir, "t.xlsx")
	r := model.NewReport(model.Unit{Code: "1", Name: "某局"}, 2024, model.V2021)
	r.Values["t3.new.person"] = 31
	r.ComputeTotals()
	if err := xlsx.WriteTemplate(tpl, xlsx.TemplateOptions{Year: 2024, Unit: r.Unit, Report: r}); err != nil {
		f.Fatal(err)
	}
	parts := readParts(f, tpl)
	for _, seed := range []struct {
		part uint8
		at   uint32
		ins  string
	}{
		{2, 900, `<?pi <c r="D5"><v>31</v></c>?>`},
		{2, 1200, `<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="D5"><x:v>100</x:v></x:c>`},
		{0, 400, `<!-- x -->`},
		{1, 300, `<si><t>x</t></si>`},
		{2, 2000, ` t="zzz"`},
		{0, 500, ` id="rId9"`},
	} {
		f.Add(seed.part, seed.at, []byte(seed.ins))
	}
	names := []string{"xl/workbook.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet3.xml"}
	n := 0
	f.Fuzz(func(t *testing.T, part uint8, at uint32, ins []byte) {
		name := names[int(part)%len(names)]
		data := parts[name]
		pos := int(at % uint32(len(data)+1))
		mutated := append(append(append([]byte{}, data[:pos]...), ins...), data[pos:]...)
		n++
		p := filepath.Join(dir, fmt.Sprintf("m%d.xlsx", n))
		writeParts(t, p, parts, name, mutated)
		defer os.Remove(p)
		old := batch.SetFastPath(false)
		general := batch.CheckFile(p, batch.Options{Year: 2024})
		batch.SetFastPath(true)
		quick := batch.CheckFile(p, batch.Options{Year: 2024})
		batch.SetFastPath(old)
		if !reflect.DeepEqual(general, quick) {
			t.Fatalf("%s at %d + %q (%q): fast path differs:\ngeneral: %+v\nfast:    %+v", name, pos, ins, mutated[max(0, pos-80):min(len(mutated), pos+40)], general, quick)
		}
	})
}

func readParts(t testing.TB, p string) map[string][]byte {
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// writeParts writes the package of parts, in a fixed order, with one part replaced.
func writeParts(t *testing.T, p string, parts map[string][]byte, name string, data []byte) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, k := range sortedKeys(parts) {
		w, _ := zw.Create(k)
		if k == name {
			w.Write(data)
		} else {
			w.Write(parts[k])
		}
	}
	zw.Close()
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys(m map[string][]byte) []string {
	keys := []string{"[Content_Types].xml"}
	for k := range m {
		if k != keys[0] {
			keys = append(keys, k)
		}
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 1 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
