package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/xlsx"
)

// TestAttackFileNames rebuilds issue 20 point 7: file names that forge the text report (a newline and a fake
// summary line and verdict, a screen-clearing escape sequence, CR, U+202E) are printed as one escaped line
// each; an invalid-UTF-8 name is escaped in text and given losslessly in JSON as path_bytes.
func TestAttackFileNames(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "t.xlsx")
	if err := xlsx.WriteTemplate(tpl, xlsx.TemplateOptions{Year: 2024}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	names := []string{
		"甲局.xlsx\n共 1 个文件：通过 1，有警告 0，有错误 0，无法读取 0。\n【通过】乙局.xlsx",
		"丙局\x1b[2J.xlsx",
		"丁局\r【通过】.xlsx",
		"戊局\u202excod.xlsx",
		"己局\xff\xfe.xlsx",
	}
	for i, n := range names {
		// one with errors, so that its findings are printed too
		if i == 0 {
			if err := xlsx.EditCells(tpl, filepath.Join(in, n), []xlsx.Edit{{Sheet: "表三", Ref: "D5", Value: "很多"}}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, _ := os.ReadFile(tpl)
		if err := os.WriteFile(filepath.Join(in, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, _, _ := runCLI(t, "check", "--quiet", in)
	if strings.ContainsAny(out, "\r\x1b\u202e") || strings.Contains(out, "\xff") {
		t.Errorf("raw control, bidi or invalid bytes in the report:\n%q", out)
	}
	starts := func(prefix string) int {
		n := 0
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, prefix) {
				n++
			}
		}
		return n
	}
	if n := starts("【"); n != len(names) {
		t.Errorf("%d lines start a verdict, want one per file (%d):\n%s", n, len(names), out)
	}
	if starts("共 ") != 1 || !strings.Contains(out, `\n共 1 个文件`) {
		t.Errorf("the forged summary line is not escaped:\n%s", out)
	}
	for _, want := range []string{`\x1b[2J`, `\r【通过】`, `\u202e`, `\xff\xfe`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %s:\n%s", want, out)
		}
	}
	js, _, _ := runCLI(t, "check", "--json", "--quiet", in)
	var doc batch.Document
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range doc.Files {
		if strings.HasSuffix(string(f.PathBytes), names[4]) {
			found = true
			if _, err := os.Stat(string(f.PathBytes)); err != nil {
				t.Errorf("path_bytes does not name the file: %v", err)
			}
		} else if f.PathBytes != nil {
			t.Errorf("path_bytes set for a UTF-8 path %q", f.Path)
		}
	}
	if !found {
		t.Errorf("no path_bytes for the invalid UTF-8 name:\n%s", js)
	}
}
