package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/demo"
)

// TestPublish runs the command on a returned workbook: the default output next to it, no overwrite without
// --force, only .docx and .html, options after the file name refused with a hint; and compare finds what
// publish wrote (both formats) equal to the workbook.
func TestPublish(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "示例")
	if _, err := demo.Run(demo.Options{Dir: dir, Units: 3, Seed: 9, GenerateOnly: true, NoLegacy: true}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, demo.ReceivedDir, "*.xlsx"))
	if len(files) == 0 {
		t.Fatal("no returned workbook")
	}
	in := files[0]
	want := strings.TrimSuffix(in, ".xlsx") + "_表格.docx"
	if _, errw, code := runCLI(t, "publish", in); code != 0 || !strings.Contains(errw, "已生成") {
		t.Fatalf("publish: %d %s", code, errw)
	}
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("default output: %v", err)
	}
	before, _ := os.ReadFile(want)
	if _, errw, code := runCLI(t, "publish", in); code != 2 || !strings.Contains(errw, "--force") {
		t.Errorf("second publish: %d %s", code, errw)
	}
	if _, errw, code := runCLI(t, "publish", "--force", in); code != 0 {
		t.Errorf("publish --force: %d %s", code, errw)
	}
	after, _ := os.ReadFile(want)
	if string(before) != string(after) {
		t.Error("the same report gave a different .docx")
	}
	html := filepath.Join(t.TempDir(), "表格.html")
	if _, errw, code := runCLI(t, "publish", "-o", html, in); code != 0 {
		t.Fatalf("publish -o html: %d %s", code, errw)
	}
	for _, out := range []string{want, html} {
		if stdout, errw, code := runCLI(t, "compare", in, out); code != 0 {
			t.Errorf("compare %s: %d\n%s%s", filepath.Base(out), code, stdout, errw)
		}
	}
	named := filepath.Join(t.TempDir(), "示例市.html")
	if _, errw, code := runCLI(t, "publish", "--name", "示例市", "-o", named, in); code != 0 {
		t.Fatalf("publish --name: %d %s", code, errw)
	}
	if b, _ := os.ReadFile(named); !strings.Contains(string(b), "<title>示例市2024年政府信息公开工作年度报告</title>") {
		t.Errorf("--name did not set the title:\n%.300s", b)
	}
	pdf := filepath.Join(t.TempDir(), "表格.pdf")
	if _, errw, code := runCLI(t, "publish", "-o", pdf, in); code != 2 || !strings.Contains(errw, ".docx 或 .html") {
		t.Errorf("publish -o pdf: %d %s", code, errw)
	}
	if _, err := os.Stat(pdf); err == nil {
		t.Error("a .pdf was written")
	}
	late := filepath.Join(t.TempDir(), "选项在后.html")
	if _, errw, code := runCLI(t, "publish", in, "-o", late); code != 0 {
		t.Errorf("option after the file: %d %s", code, errw)
	} else if b, _ := os.ReadFile(late); !bytes.Equal(b, mustRead(t, html)) {
		t.Error("publish FILE -o X wrote another page than publish -o X FILE")
	}
	if _, errw, code := runCLI(t, "publish", filepath.Join(dir, "没有.xlsx")); code != 2 || !strings.Contains(errw, "找不到文件") {
		t.Errorf("missing input: %d %s", code, errw)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
