package annotate_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"nianbao/checks"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// TestAnnotateDropsHostileEntries (issue 20): a returned workbook carrying zip entries named ../../…,
// /absolute and with backslashes gets an annotated copy without them, and with every ordinary part.
func TestAnnotateDropsHostileEntries(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "t.xlsx")
	if err := xlsx.WriteTemplate(tpl, xlsx.TemplateOptions{Year: 2024}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(tpl)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := 0
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		w.Write(data)
		parts++
	}
	zr.Close()
	hostile := []string{"../../../../tmp/nianbao-evil.txt", "/etc/nianbao-evil", `xl\..\..\evil.txt`, "C:/evil.txt"}
	for _, n := range hostile {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("evil"))
	}
	zw.Close()
	in := filepath.Join(dir, "in.xlsx")
	os.WriteFile(in, buf.Bytes(), 0o644)
	out := filepath.Join(dir, "out.xlsx")
	fs := []checks.Finding{{Rule: "T3-1", Severity: checks.Error, Sheet: "表三", Cell: "D5", Message: "x"}}
	if err := annotate.File(in, out, "in.xlsx", fs); err != nil {
		t.Fatal(err)
	}
	zr, err = zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	for _, n := range hostile {
		if names[n] {
			t.Errorf("annotated copy carries %q", n)
		}
	}
	if len(names) < parts {
		t.Errorf("annotated copy has %d parts, the template %d", len(names), parts)
	}
}
