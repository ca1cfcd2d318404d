package office

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// need skips a test when LibreOffice is missing, unless NIANBAO_REQUIRE_SOFFICE=1.
func need(t *testing.T) {
	t.Helper()
	if !Available() {
		if os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" {
			t.Fatal("LibreOffice required (NIANBAO_REQUIRE_SOFFICE=1) but soffice not found")
		}
		t.Skip("LibreOffice (soffice) not installed")
	}
}

func TestConvertCSVToXLSXAndBack(t *testing.T) {
	need(t)
	dir := t.TempDir()
	src := filepath.Join(dir, "数据 表.csv")
	if err := os.WriteFile(src, []byte("a,b\n1,2\n3,4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := Convert(context.Background(), src, filepath.Join(dir, "out"), "xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(out) != "数据 表.xlsx" {
		t.Errorf("out = %s", out)
	}
	back, err := Convert(context.Background(), out, filepath.Join(dir, "back"), "csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(back)
	if got := strings.TrimSpace(string(b)); got != "a,b\n1,2\n3,4" {
		t.Errorf("round trip gave %q", got)
	}
}

func TestConvertRefusesToOverwriteSource(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.xlsx")
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !Available() {
		t.Skip("LibreOffice (soffice) not installed")
	}
	if _, err := Convert(context.Background(), src, dir, "xlsx"); err == nil || !strings.Contains(err.Error(), "overwrite") {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(src); string(b) != "x" {
		t.Error("source changed")
	}
}

func TestConvertTimeoutKillsProcess(t *testing.T) {
	dir := t.TempDir()
	// a fake soffice that hangs, with a child that would outlive a plain kill
	fake := filepath.Join(dir, "soffice")
	script := "#!/bin/sh\nsleep 30 &\nsleep 30\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NIANBAO_SOFFICE", fake)
	src := filepath.Join(dir, "a.csv")
	os.WriteFile(src, []byte("1"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Convert(ctx, src, filepath.Join(dir, "out"), "xlsx")
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v: the process group was not killed", d)
	}
}

func TestMissingSource(t *testing.T) {
	if !Available() {
		t.Skip("LibreOffice (soffice) not installed")
	}
	if _, err := Convert(context.Background(), filepath.Join(t.TempDir(), "none.xls"), t.TempDir(), "xlsx"); err == nil {
		t.Error("no error for a missing source")
	}
}

func TestFileURL(t *testing.T) {
	if got := fileURL("/tmp/a b/年"); got != "file:///tmp/a%20b/%E5%B9%B4" {
		t.Errorf("fileURL = %s", got)
	}
}
