package office

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The standard install folders are searched where LibreOffice's installers put soffice.
func TestInstallPaths(t *testing.T) {
	env := map[string]string{"ProgramFiles": `C:\Program Files`, "ProgramFiles(x86)": `C:\Program Files (x86)`}
	win := installPaths("windows", func(k string) string { return env[k] })
	if len(win) != 2 || !strings.HasSuffix(win[0], filepath.Join("LibreOffice", "program", "soffice.exe")) ||
		!strings.HasPrefix(win[1], `C:\Program Files (x86)`) {
		t.Errorf("windows: %q", win)
	}
	if mac := installPaths("darwin", os.Getenv); len(mac) != 1 || mac[0] != "/Applications/LibreOffice.app/Contents/MacOS/soffice" {
		t.Errorf("darwin: %q", mac)
	}
	if installPaths("linux", os.Getenv) != nil {
		t.Error("linux has PATH only")
	}
	for goos, want := range map[string]string{"windows": "Windows 版", "darwin": "macOS 版", "linux": "apt install"} {
		if h := installHint(goos); !strings.Contains(h, want) {
			t.Errorf("%s hint %q", goos, h)
		}
	}
}

// NIANBAO_SOFFICE wins over PATH; naming no file, it means LibreOffice is not there.
func TestBinaryFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "soffice")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", t.TempDir())
	t.Setenv("NIANBAO_SOFFICE", fake)
	if Binary() != fake {
		t.Errorf("Binary() = %q, want %q", Binary(), fake)
	}
	t.Setenv("NIANBAO_SOFFICE", filepath.Join(dir, "missing"))
	if Available() {
		t.Error("a NIANBAO_SOFFICE naming no file counts as installed")
	}
	t.Setenv("NIANBAO_SOFFICE", "")
	t.Setenv("PATH", dir)
	if Binary() != fake {
		t.Errorf("Binary() = %q from PATH, want %q", Binary(), fake)
	}
}
