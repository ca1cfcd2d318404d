package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// TestAttackOutputsNeverOverwriteInputs rebuilds the attack of issue 20 point 5: a folder holding 甲局.xlsx
// (with errors) and 甲局_校验结果.xlsx (another input); `check --annotate in in` must not rewrite the second
// one, nor may the output folder lie inside an input folder; given file by file, the copy gets another name.
// A 245-character output name gets a Chinese sentence.
func TestAttackOutputsNeverOverwriteInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	bad := filepath.Join(in, "甲局.xlsx")
	if err := xlsx.WriteTemplate(filepath.Join(dir, "t.xlsx"), xlsx.TemplateOptions{Year: 2024}); err != nil {
		t.Fatal(err)
	}
	if err := xlsx.EditCells(filepath.Join(dir, "t.xlsx"), bad, []xlsx.Edit{{Sheet: "表三", Ref: "D5", Value: "很多"}}); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(in, annotate.Name(bad)) // the very name its annotated copy would get
	if err := xlsx.WriteTemplate(other, xlsx.TemplateOptions{Year: 2024, Unit: model.Unit{Code: "9", Name: "乙局"}}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(other)
	for _, args := range [][]string{
		{"check", "--quiet", "--annotate", in, in},
		{"check", "--quiet", "--annotate", filepath.Join(in, "退回"), in},
		{"check", "--quiet", "--annotate", ".", "."},
	} {
		wd, _ := os.Getwd()
		if args[len(args)-1] == "." {
			os.Chdir(in)
		}
		_, errw, code := runCLI(t, args...)
		os.Chdir(wd)
		if code != exitFailed || !strings.Contains(errw, "输入文件夹") {
			t.Errorf("%v: exit %d, %s", args, code, errw)
		}
	}
	if _, err := os.Stat(filepath.Join(in, "退回")); err == nil {
		t.Error("the refused output folder was created")
	}
	// Files given one by one, the output folder being theirs: the copy must take another name.
	_, errw, code := runCLI(t, "check", "--quiet", "--annotate", in, bad, other)
	if code != exitFindings {
		t.Fatalf("check files: exit %d %s", code, errw)
	}
	if after, _ := os.ReadFile(other); !bytes.Equal(before, after) {
		t.Fatal("an input was overwritten by an annotated copy")
	}
	if _, err := os.Stat(filepath.Join(in, "甲局.xlsx(2)"+annotate.Suffix)); err != nil {
		t.Errorf("annotated copy not written under another name: %v (%s)", err, errw)
	}
	// summary -o inside an input folder
	roster := filepath.Join(dir, "名单.csv")
	if err := os.WriteFile(roster, []byte("单位代码,单位名称,上级单位代码,类别\n9,乙局,,部门\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errw, code = runCLI(t, "summary", "--roster", roster, "--year", "2024", "-o", filepath.Join(in, "汇总.xlsx"), in)
	if code != exitFailed || !strings.Contains(errw, "输入文件夹") {
		t.Errorf("summary -o inside the input folder: exit %d, %s", code, errw)
	}
	// A 245-character name fits the file system (250 bytes with .xlsx) and must be written, temp file and
	// all; a name of more than 255 bytes gets a Chinese sentence.
	ok := filepath.Join(dir, strings.Repeat("a", 245)+".xlsx")
	if _, errw, code := runCLI(t, "template", "--year", "2024", "-o", ok); code != 0 {
		t.Errorf("template -o 245 characters: exit %d, %s", code, errw)
	}
	long := filepath.Join(dir, strings.Repeat("长", 100)+".xlsx")
	for _, args := range [][]string{
		{"template", "--year", "2024", "-o", long},
		{"summary", "--roster", roster, "--year", "2024", "-o", long, in},
	} {
		_, errw, code := runCLI(t, args...)
		if code != exitFailed || !strings.Contains(errw, "文件名过长") || strings.Contains(errw, "too long") {
			t.Errorf("%s -o long name: exit %d, %s", args[0], code, errw)
		}
	}
}
