//go:build !windows

package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestXDGDocuments(t *testing.T) {
	home := "/home/张三"
	for file, want := range map[string]string{
		"# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/桌面\"\nXDG_DOCUMENTS_DIR=\"$HOME/文档\"\n": "/home/张三/文档",
		"XDG_DOCUMENTS_DIR=\"/data/公文\"\n": "/data/公文",
		"XDG_DOCUMENTS_DIR=\"$HOME/\"\n":   "", // the home folder itself switches it off
		"XDG_DOCUMENTS_DIR=\"文档\"\n":       "", // not absolute
		"XDG_MUSIC_DIR=\"$HOME/音乐\"\n":     "",
	} {
		if got := xdgDocuments([]byte(file), home); got != want {
			t.Errorf("%q: %q, want %q", file, got, want)
		}
	}
}

func TestDocumentsFolderUnix(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	got, err := documentsFolder()
	if err != nil || got != filepath.Join(home, "Documents") {
		t.Errorf("fresh home: %q %v", got, err)
	}
	os.Mkdir(filepath.Join(home, "文档"), 0o755)
	if got, _ := documentsFolder(); got != filepath.Join(home, "文档") {
		t.Errorf("Chinese desktop without user-dirs.dirs: %q", got)
	}
	os.MkdirAll(filepath.Join(home, ".config"), 0o755)
	os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"), []byte("XDG_DOCUMENTS_DIR=\"$HOME/我的文档\"\n"), 0o644)
	if got, _ := documentsFolder(); got != filepath.Join(home, "我的文档") {
		t.Errorf("user-dirs.dirs: %q", got)
	}
}
