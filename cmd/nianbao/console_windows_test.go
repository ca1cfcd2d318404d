//go:build windows

package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestDocumentsFolderWindows(t *testing.T) {
	dir, err := documentsFolder()
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(dir) {
		t.Errorf("documents folder %q is not absolute", dir)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Errorf("documents folder %q: %v", dir, err)
	}
}

func TestNotDetachedUnderGoTest(t *testing.T) {
	// go test shares its console with the test binary: not a double-click.
	if n := consoleProcesses(); n == 1 {
		t.Errorf("the test binary owns its console (%d processes)", n)
	}
}

func TestWorkbookOpenInExcel(t *testing.T) {
	err := fmt.Errorf("fsx: write 汇总.xlsx: %w", &os.LinkError{Op: "rename", Old: `C:\年报\.汇总.xlsx.123.tmp`,
		New: `C:\年报\汇总.xlsx`, Err: errorAccessDenied})
	if got := describe(err); got != "请先在 Excel/WPS 中关闭 汇总.xlsx 再重试" {
		t.Errorf("rename over an open workbook: %q", got)
	}
	err = &fs.PathError{Op: "open", Path: `C:\年报\汇总.xlsx`, Err: errorSharingViolation}
	if got := describe(err); got != "请先在 Excel/WPS 中关闭 汇总.xlsx 再重试" {
		t.Errorf("open of an open workbook: %q", got)
	}
}

// TestPrepareOutputOpenWorkbook opens a file without sharing it, as Excel does, and expects the Chinese
// message before any work.
func TestPrepareOutputOpenWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "汇总.xlsx")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := openExclusive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = prepareOutput(path, true)
	if err == nil || err.Error() != "无法写入 "+path+"：请先在 Excel/WPS 中关闭 汇总.xlsx 再重试" {
		t.Errorf("prepareOutput: %v", err)
	}
}
