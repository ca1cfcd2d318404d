package batch_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"nianbao/demo"
	"nianbao/internal/office"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/xlsx"
)

// shared is the corpus of corpus, built once per test binary into a folder TestMain removes.
var shared struct {
	once  sync.Once
	dir   string
	files []string
	// templates are empty templates of each version (for TestFastPathTakesTemplates), resaved their
	// LibreOffice re-saves (when LibreOffice is installed); both are in files too.
	templates, resaved map[model.Version]string
	ok                 bool
}

// corpus returns the workbooks the differential tests (TestFastPathAgrees, TestStreamMatchesDocument) run
// over, built by the first test that asks: a demo region and LibreOffice conversions cost too much to
// build twice.
func corpus(t *testing.T) []string {
	t.Helper()
	shared.once.Do(func() {
		shared.files = buildCorpus(t, shared.dir)
		shared.ok = true
	})
	if !shared.ok {
		t.Fatal("the test corpus could not be built (see the test that built it first)")
	}
	return shared.files
}

// buildCorpus collects and writes the corpus into dir.
func buildCorpus(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	for _, root := range []string{"../xlsx/read/testdata", "../testdata", "../locate/testdata", "../extract/testdata"} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			// Only OOXML files can take the fast path: legacy and foreign formats would only cost
			// conversions here, and have differential tests of their own.
			if ext := strings.ToLower(filepath.Ext(p)); err == nil && !d.IsDir() && (ext == ".xlsx" || ext == ".xlsm") {
				files = append(files, p)
			}
			return nil
		})
	}
	// A region of 10 units holds every mistake the demo makes (it needs 9) besides correct files.
	out, err := demo.Run(demo.Options{Dir: filepath.Join(dir, "demo"), Units: 10, Seed: 7, NoLegacy: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{demo.ReceivedDir, demo.TemplatesDir, demo.ReturnedDir} {
		ps, _ := filepath.Glob(filepath.Join(dir, "demo", sub, "*.xlsx"))
		files = append(files, ps...)
	}
	files = append(files, filepath.Join(dir, "demo", demo.SummaryFile))
	tpl := out.Plan.Files[0].Path
	files = append(files, damaged(t, tpl, filepath.Join(dir, "damaged"))...)
	files = append(files, explained(t, filepath.Join(dir, "explained.xlsx")))
	shared.templates, shared.resaved = map[model.Version]string{}, map[model.Version]string{}
	var resave []string
	for _, v := range model.Versions {
		year := 2020
		if v == model.V2021 {
			year = 2024
		}
		p := filepath.Join(dir, "templates", fmt.Sprintf("空模板%d.xlsx", int(v)))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := xlsx.WriteTemplate(p, xlsx.TemplateOptions{Year: year, Version: v,
			Unit: model.Unit{Code: "001", Name: "某局 & <测试>"}}); err != nil {
			t.Fatal(err)
		}
		shared.templates[v] = p
		files = append(files, p)
		resave = append(resave, p)
	}
	// Of the demo's files, one a mistake was typed into (a filled template edited as a clerk edits it).
	for _, f := range out.Plan.Files {
		if f.Mistake == demo.MistakeText {
			resave = append(resave, f.Path)
			break
		}
	}
	if office.Available() { // one LibreOffice process re-saves them all
		outs, err := office.ConvertAll(context.Background(), resave, filepath.Join(dir, "lo"), "xlsx")
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range model.Versions {
			shared.resaved[v] = outs[i]
		}
		files = append(files, outs...)
	} else if os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" {
		t.Fatal("NIANBAO_REQUIRE_SOFFICE=1 but LibreOffice (soffice) is not installed")
	}
	if len(files) < 40 {
		t.Fatalf("corpus too small: %d files", len(files))
	}
	return files
}

// damaged writes copies of a template with one part changed in ways the fast path must notice: a cut
// sheet, inline strings, a comment, a shared formula, a cell written twice, a shared string index out of
// range, an entity the scanner does not know, and a flipped byte of compressed data.
func damaged(t *testing.T, src, dir string) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	edits := map[string]func(name string, data []byte) []byte{
		"cut": func(name string, data []byte) []byte {
			if strings.HasSuffix(name, "sheet3.xml") {
				return data[:len(data)/2]
			}
			return data
		},
		"inline": func(name string, data []byte) []byte {
			return bytes.Replace(data, []byte(`t="s"><v>0</v>`), []byte(`t="inlineStr"><is><t>x</t></is>`), 1)
		},
		"comment": func(name string, data []byte) []byte {
			return bytes.Replace(data, []byte("<sheetData>"), []byte("<sheetData><!-- <c r=\"A1\"><v>9</v></c> -->"), 1)
		},
		"shared": func(name string, data []byte) []byte {
			return bytes.Replace(data, []byte("<f>SUM("), []byte(`<f t="shared" si="0"/><v>1</v></c><c r="ZZ1"><f>SUM(`), 1)
		},
		"twice": func(name string, data []byte) []byte {
			i := bytes.Index(data, []byte("<c r="))
			if i < 0 || !strings.Contains(name, "worksheets/") {
				return data
			}
			j := bytes.Index(data[i:], []byte("</c>"))
			if j < 0 || bytes.Contains(data[i:i+j], []byte("/>")) {
				return data
			}
			cell := data[i : i+j+4]
			return bytes.Replace(data, cell, append(append([]byte{}, cell...), cell...), 1)
		},
		"sst": func(name string, data []byte) []byte {
			return bytes.Replace(data, []byte(`t="s"><v>1</v>`), []byte(`t="s"><v>99999</v>`), 1)
		},
		"entity": func(name string, data []byte) []byte {
			return bytes.Replace(data, []byte("<t>"), []byte("<t>&nbsp;"), 1)
		},
	}
	var out []string
	for label, edit := range edits {
		p := filepath.Join(dir, label+".xlsx")
		rewrite(t, src, p, edit)
		out = append(out, p)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []int{len(data) / 3, len(data) / 2, len(data) - 30} {
		b := append([]byte{}, data...)
		b[at] ^= 0x5a
		p := filepath.Join(dir, "flip"+string(rune('a'+i))+".xlsx")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// rewrite copies the zip package src to dst, passing every part through edit.
func rewrite(t *testing.T, src, dst string, edit func(name string, data []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(edit(f.Name, data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// explained writes a template with a warning (more rules issued than in force) and the unit's explanation in
// the 说明 cell beside it, and one in a line whose rule holds.
func explained(t *testing.T, path string) string {
	t.Helper()
	r := model.NewReport(model.Unit{Code: "E1", Name: "说明局"}, 2024, model.V2021)
	r.Values["t2.rules.issued"], r.Values["t2.rules.valid"] = 3, 1
	r.ComputeTotals()
	if err := xlsx.WriteTemplate(path, xlsx.TemplateOptions{Year: 2024, Unit: r.Unit, Report: r}); err != nil {
		t.Fatal(err)
	}
	var edits []xlsx.Edit
	for _, e := range templates.For(model.V2021).Explains[:2] {
		edits = append(edits, xlsx.Edit{Sheet: templates.CheckSheet, Ref: e.Ref, Value: "已于年内废止 " + e.Key})
	}
	if err := xlsx.EditCells(path, path, edits); err != nil {
		t.Fatal(err)
	}
	return path
}
