//go:build !windows

package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// detached reports whether the program was started without a terminal, as a Linux desktop's file manager
// starts it on a double-click: neither stdin nor stdout is a terminal.
func detached(stdin io.Reader, stdout io.Writer) bool {
	in, ok1 := stdin.(*os.File)
	out, ok2 := stdout.(*os.File)
	return ok1 && ok2 && !isTTY(in) && !isTTY(out)
}

// documentsFolder returns the user's documents folder: the desktop's XDG_DOCUMENTS_DIR (文档 on a Chinese
// UOS or Kylin desktop), else ~/Documents or ~/文档 when one exists, else ~/Documents.
func documentsFolder() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	config := os.Getenv("XDG_CONFIG_HOME")
	if config == "" {
		config = filepath.Join(home, ".config")
	}
	if b, err := os.ReadFile(filepath.Join(config, "user-dirs.dirs")); err == nil {
		if dir := xdgDocuments(b, home); dir != "" {
			return dir, nil
		}
	}
	for _, name := range []string{"Documents", "文档"} {
		if st, err := os.Stat(filepath.Join(home, name)); err == nil && st.IsDir() {
			return filepath.Join(home, name), nil
		}
	}
	return filepath.Join(home, "Documents"), nil
}

// xdgDocuments reads XDG_DOCUMENTS_DIR from a user-dirs.dirs file ("" when it is not set, not absolute, or
// the home folder itself, which the XDG spec uses to switch the folder off).
func xdgDocuments(file []byte, home string) string {
	sc := bufio.NewScanner(bytes.NewReader(file))
	for sc.Scan() {
		val, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "XDG_DOCUMENTS_DIR=")
		if !ok {
			continue
		}
		val = strings.Trim(val, `"`)
		if rest, ok := strings.CutPrefix(val, "$HOME"); ok {
			val = home + rest
		}
		val = filepath.Clean(val)
		if !filepath.IsAbs(val) || val == filepath.Clean(home) {
			return ""
		}
		return val
	}
	return ""
}

// stopHint tells the clerk how to stop the page started by a double-click.
const stopHint = "要停止：在终端中按 Ctrl-C；没有终端窗口时，注销或重新启动电脑即可（数据都已保存）。"

// holdWindow does nothing: a double-click on a Linux desktop opens no window to keep.
func holdWindow(io.Reader, io.Writer, bool) {}
