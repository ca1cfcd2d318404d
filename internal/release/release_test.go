package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestPackUnpack(t *testing.T) {
	guide := []byte("年报使用说明 {{VERSION}}\n第二行\n")
	for _, goos := range []string{"windows", "linux"} {
		out, bins := t.TempDir(), t.TempDir()
		name := "nianbao"
		if goos == "windows" {
			name += ".exe"
		}
		bin := filepath.Join(bins, name)
		if err := os.WriteFile(bin, []byte("binary"), 0o755); err != nil {
			t.Fatal(err)
		}
		archive, err := pack(out, bin, goos, "amd64", "v1.2.3", guide)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"windows": "nianbao-v1.2.3-windows-amd64.zip", "linux": "nianbao-v1.2.3-linux-amd64.tar.gz"}[goos]
		if filepath.Base(archive) != want {
			t.Errorf("archive %s, want %s", filepath.Base(archive), want)
		}
		files, err := unpack(archive, t.TempDir())
		if err != nil || len(files) != 2 {
			t.Fatalf("unpack: %v %v", files, err)
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			switch filepath.Base(f) {
			case name:
				if string(b) != "binary" {
					t.Errorf("binary changed: %q", b)
				}
				if st, _ := os.Stat(f); goos == "linux" && st.Mode()&0o111 == 0 {
					t.Errorf("binary not executable: %v", st.Mode())
				}
			case guideName:
				wantGuide := "年报使用说明 v1.2.3\n第二行\n"
				if goos == "windows" {
					wantGuide = "\ufeff年报使用说明 v1.2.3\r\n第二行\r\n"
				}
				if string(b) != wantGuide {
					t.Errorf("%s guide %q, want %q", goos, b, wantGuide)
				}
			default:
				t.Errorf("unexpected %s", f)
			}
			if dir := filepath.Base(filepath.Dir(f)); dir+filepath.Ext(archive) != filepath.Base(archive) &&
				dir+".tar.gz" != filepath.Base(archive) {
				t.Errorf("%s is not in the archive's folder", f)
			}
		}
		if entries, _ := os.ReadDir(out); len(entries) != 1 {
			t.Errorf("dist holds %d entries, want the archive alone", len(entries))
		}
	}
}

func TestCheckBinary(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" {
		// The test binary itself is a 64-bit ELF of this machine (with cgo off it is static too, as the
		// release builds are; with cgo it may have an interpreter, which checkBinary refuses).
		err := checkBinary(self, "linux", runtime.GOARCH)
		if err != nil && !bytes.Contains([]byte(err.Error()), []byte("dynamically linked")) {
			t.Errorf("test binary: %v", err)
		}
		if err := checkBinary(self, "linux", map[string]string{"amd64": "arm64"}[runtime.GOARCH]+"x"); err == nil {
			t.Error("an unknown architecture passed")
		}
	}
	if err := checkBinary(self, "windows", "amd64"); err == nil {
		t.Error("an ELF file passed as a Windows executable")
	}
	junk := filepath.Join(t.TempDir(), "nianbao.exe")
	os.WriteFile(junk, []byte("MZ not really"), 0o644)
	if err := checkBinary(junk, "windows", "amd64"); err == nil {
		t.Error("junk passed as a Windows executable")
	}
}
