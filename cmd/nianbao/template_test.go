package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readParts returns the text of every part of an .xlsx.
func readParts(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var b strings.Builder
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		b.Write(data)
	}
	return b.String()
}

func TestTemplateSingle(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "模板.xlsx")
	code, out, errs := run(t, "template", "--year", "2024", "--unit-name", "某市<财政>局", "--unit-code", "A01", "-o", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "2024年度，2021版表格") {
		t.Errorf("stdout %q", out)
	}
	xml := readParts(t, path)
	for _, want := range []string{`name="表三"`, `name="_nianbao"`, `state="veryHidden"`, "某市&lt;财政&gt;局", "A01", "三、收到和处理政府信息公开申请情况"} {
		if !strings.Contains(xml, want) {
			t.Errorf("workbook lacks %q", want)
		}
	}
	before, _ := os.ReadFile(path)
	if code, _, errs := run(t, "template", "--year", "2024", "-o", path); code != 2 || !strings.Contains(errs, "已存在") {
		t.Errorf("overwrite without --force: exit %d %q", code, errs)
	}
	if after, _ := os.ReadFile(path); !slices.Equal(before, after) {
		t.Error("existing file changed")
	}
	if code, _, errs := run(t, "template", "--year", "2020", "--version", "2021", "--force", "-o", path); code != 0 || !strings.Contains(errs, "提示：2020年度按规定使用2019版表格") {
		t.Errorf("forced, other version: exit %d %q", code, errs)
	}
}

func TestTemplateBadArguments(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"year", []string{"--year", "24", "-o", filepath.Join(dir, "a.xlsx")}, "报告年度 24 不对"},
		{"extension", []string{"--year", "2024", "-o", filepath.Join(dir, "a.xls")}, "应以 .xlsx 结尾"},
		{"version", []string{"--year", "2024", "--version", "2022", "-o", filepath.Join(dir, "a.xlsx")}, "应为 2019 或 2021"},
		{"directory", []string{"--year", "2024", "-o", dir + "/sub.xlsx/"}, ""},
		{"folder is a file", []string{"--year", "2024", "-o", filepath.Join(dir, "file", "a.xlsx")}, "是一个文件，不是文件夹"},
		{"roster missing", []string{"--year", "2024", "--roster", filepath.Join(dir, "none.csv"), "-o", dir}, "找不到文件"},
	}
	os.Mkdir(filepath.Join(dir, "sub.xlsx"), 0o755)
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o644)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, append([]string{"template"}, tt.args...)...)
			if code != 2 || !strings.Contains(errs, tt.want) || !strings.HasPrefix(errs, "错误：") {
				t.Errorf("exit %d, stderr %q, want %q", code, errs, tt.want)
			}
		})
	}
}

func TestTemplateRoster(t *testing.T) {
	dir := t.TempDir()
	roster := filepath.Join(dir, "名单.csv")
	os.WriteFile(roster, []byte("\ufeff单位代码,单位名称,上级单位代码,类别\n"+
		"001,某区政府办公室,,本级\n002,../../坏/名字,001,部门\n003,某区财政局,001,部门\n"), 0o644)
	out := filepath.Join(dir, "模板")
	code, stdout, errs := run(t, "template", "--year", "2020", "--roster", roster, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "已为 3 个单位生成模板（2020年度，2019版表格）") {
		t.Errorf("stdout %q", stdout)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"001_某区政府办公室.xlsx", "002_.._.._坏_名字.xlsx", "003_某区财政局.xlsx"}
	if !slices.Equal(names, want) {
		t.Errorf("files %v, want %v", names, want)
	}
	if x := readParts(t, filepath.Join(out, want[2])); !strings.Contains(x, "某区财政局") || !strings.Contains(x, "第二十条第（九）项") {
		t.Error("roster template lacks the unit name or the 2019 表二")
	}
	if all, _ := filepath.Glob(filepath.Join(dir, "*")); len(all) != 2 {
		t.Errorf("files outside the output directory: %v", all)
	}

	bad := filepath.Join(dir, "坏名单.csv")
	os.WriteFile(bad, []byte("单位代码,单位名称,上级单位代码\n1,甲,\n1,乙,\n2,丙,9\n"), 0o644)
	code, _, errs = run(t, "template", "--year", "2024", "--roster", bad, "-o", filepath.Join(dir, "坏"))
	if code != 2 || !strings.Contains(errs, "第3行：单位代码「1」与第2行重复") || !strings.Contains(errs, "第4行：上级单位代码「9」不在名单中") {
		t.Errorf("bad roster: exit %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "坏")); err == nil {
		t.Error("output directory created for a bad roster")
	}
}
