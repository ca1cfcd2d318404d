package batch_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
)

// The "what Excel shows" attacks of issue 20, rebuilt on a 2024 template whose 表三!D5 is the cell under
// attack: every file must give Excel's number at D5 or an error, the same through the fast path and the
// general reader.

var d5 = regexp.MustCompile(`<c r="D5"[^>]*?(/>|>.*?</c>)`)

// d5Key is the cell key at 表三!D5.
func d5Key(t *testing.T) string {
	for _, p := range templates.For(model.V2021).Places() {
		if p.Sheet == "表三" && p.Ref == "D5" {
			return p.Key
		}
	}
	t.Fatal("no key at 表三!D5")
	return ""
}

// sheet3 reports whether a part is 表三's worksheet in the template (xl/worksheets/sheet3.xml).
func sheet3(name string) bool { return name == "xl/worksheets/sheet3.xml" }

func attackTemplate(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "template.xlsx")
	if err := xlsx.WriteTemplate(p, xlsx.TemplateOptions{Year: 2024, Unit: model.Unit{Code: "000023", Name: "某局"}}); err != nil {
		t.Fatal(err)
	}
	return p
}

// bothPaths checks a file through the general reader and the fast path and requires the same result.
func bothPaths(t *testing.T, p string) batch.File {
	t.Helper()
	old := batch.SetFastPath(false)
	general := batch.CheckFile(p, batch.Options{Year: 2024})
	batch.SetFastPath(true)
	quick := batch.CheckFile(p, batch.Options{Year: 2024})
	batch.SetFastPath(old)
	if !reflect.DeepEqual(general, quick) {
		t.Fatalf("%s: fast path differs:\ngeneral: %+v\nfast:    %+v", filepath.Base(p), general.Findings, quick.Findings)
	}
	return general
}

func hasFinding(f batch.File, rule, text string) bool {
	for _, x := range f.Findings {
		if x.Rule == rule && strings.Contains(x.Message, text) {
			return true
		}
	}
	return false
}

func TestAttackWhatExcelShows(t *testing.T) {
	dir := t.TempDir()
	tpl := attackTemplate(t, dir)
	key := d5Key(t)
	replaceD5 := func(cell string) func(string, []byte) []byte {
		return func(name string, data []byte) []byte {
			if !sheet3(name) {
				return data
			}
			if !d5.Match(data) {
				t.Fatalf("no D5 in %s", name)
			}
			return d5.ReplaceAll(data, []byte(cell))
		}
	}
	cases := []struct {
		name  string
		edit  func(string, []byte) []byte
		value float64 // D5 as Excel shows it, when the file is read
		rule  string  // a finding the file must have ("" for none)
		text  string
		fail  bool // verdict failed or unreadable
	}{
		{name: "plain 31", edit: replaceD5(`<c r="D5"><v>31</v></c>`), value: 31},
		{name: "processing instruction and prefixed cell",
			edit: replaceD5(`<?fake <c r="D5"><v>31</v></c>?><x:c xmlns:x="` + nsMain + `" r="D5"><x:v>100</x:v></x:c>`), value: 100},
		{name: "comment hiding a cell", edit: replaceD5(`<!-- <c r="D5"><v>31</v></c> --><c r="D5"><v>100</v></c>`), value: 100},
		{name: "cell of a foreign namespace", edit: replaceD5(`<c r="D5"><v>100</v></c><y:c xmlns:y="urn:evil" r="D6"><y:v>31</y:v></y:c>`), value: 100},
		{name: "formula number over a cached value", edit: replaceD5(`<c r="D5"><f>100</f><v>31</v></c>`), value: 100,
			rule: checks.RText.ID, text: "公式"},
		{name: "formula sum of input cells", edit: replaceD5(`<c r="D5"><f>E5+F5</f><v>31</v></c>`), value: 0,
			rule: checks.RText.ID, text: "按公式计算为 0"},
		{name: "formula dividing by zero", edit: replaceD5(`<c r="D5"><f>1/0</f><v>31</v></c>`),
			rule: checks.RUnread.ID, text: "此单元格应填写数字，不应填写公式", fail: true},
		{name: "formula reaching outside the table", edit: replaceD5(`<c r="D5"><f>SUM(Z1:Z9)</f><v>31</v></c>`),
			rule: checks.RUnread.ID, text: "不应填写公式", fail: true},
		{name: "unknown cell type", edit: replaceD5(`<c r="D5" t="zzz"><v>31</v></c>`), rule: checks.RFile.ID, text: "单元格类型", fail: true},
		{name: "utf-16 sheet part", edit: func(name string, data []byte) []byte {
			if !sheet3(name) {
				return data
			}
			data = d5.ReplaceAll(data, []byte(`<c r="D5"><v>31</v></c>`))
			data = bytes.Replace(data, []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1)
			u := utf16.Encode([]rune(string(data)))
			out := []byte{0xFF, 0xFE}
			for _, c := range u {
				out = append(out, byte(c), byte(c>>8))
			}
			return out
		}, value: 31},
		{name: "sheet r:id against a plain id", edit: rIDAttack, value: 100},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".xlsx")
			rewrite(t, tpl, p, tc.edit)
			if tc.name == "sheet r:id against a plain id" {
				addPart(t, p, "xl/worksheets/sheet99.xml", func(data []byte) []byte {
					return bytes.Replace(data, []byte(`<c r="D5"><v>31</v></c>`), []byte(`<c r="D5"><v>100</v></c>`), 1)
				}, "xl/worksheets/sheet3.xml")
			}
			f := bothPaths(t, p)
			failed := f.Verdict == batch.Failed || f.Verdict == batch.Unreadable
			if tc.fail && !failed {
				t.Errorf("verdict %s: %+v", f.Verdict, f.Findings)
			}
			if tc.rule != "" && !hasFinding(f, tc.rule, tc.text) {
				t.Errorf("no %s finding with %q: %+v", tc.rule, tc.text, f.Findings)
			}
			if !tc.fail && f.Values[key] != tc.value {
				t.Errorf("表三!D5 = %v, Excel shows %v", f.Values[key], tc.value)
			}
		})
	}
}

// rIDAttack makes 表三's <sheet> carry a plain id naming the real part and an r:id naming a second part
// where D5 is 100: Excel follows r:id.
func rIDAttack(name string, data []byte) []byte {
	switch name {
	case "xl/workbook.xml":
		return bytes.Replace(data, []byte(`<sheet name="表三" sheetId="3" r:id="rId6"`), []byte(`<sheet name="表三" sheetId="3" id="rId6" r:id="rId99"`), 1)
	case "xl/_rels/workbook.xml.rels":
		return bytes.Replace(data, []byte(`</Relationships>`), []byte(`<Relationship Id="rId99" Target="worksheets/sheet99.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"></Relationship></Relationships>`), 1)
	case "[Content_Types].xml":
		return bytes.Replace(data, []byte(`</Types>`), []byte(`<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"></Override></Types>`), 1)
	case "xl/worksheets/sheet3.xml":
		return d5.ReplaceAll(data, []byte(`<c r="D5"><v>31</v></c>`))
	}
	return data
}

// nsMain is the spreadsheet namespace.
const nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

// TestAttackHiddenCopy: the real 表三 (D5 = 31) hidden, a visible and active copy 表三（修改） with D5 = 100.
// Excel shows 100; the file is an error naming both sheets.
func TestAttackHiddenCopy(t *testing.T) {
	dir := t.TempDir()
	tpl := attackTemplate(t, dir)
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("表三", "D5", 31)
	src, _ := f.GetSheetIndex("表三")
	idx, err := f.NewSheet("表三（修改）")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.CopySheet(src, idx); err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("表三（修改）", "D5", 100)
	f.SetActiveSheet(idx)
	if err := f.SetSheetVisible("表三", false); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "hidden.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got := bothPaths(t, p)
	if got.Verdict != batch.Failed || !hasFinding(got, checks.RHidden.ID, "「表三」") || !hasFinding(got, checks.RHidden.ID, "「表三（修改）」") {
		t.Fatalf("hidden copy: verdict %s, findings %+v", got.Verdict, got.Findings)
	}
}

// addPart adds to the package at p a part made by edit from the part from.
func addPart(t *testing.T, p, name string, edit func([]byte) []byte, from string) {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		w.Write(data)
		if f.Name == from {
			w, _ := zw.Create(name)
			w.Write(edit(data))
		}
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
