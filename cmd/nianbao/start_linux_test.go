//go:build linux

package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// selfBinary is the test binary, which runs as nianbao with NIANBAO_RUN_MAIN=1 (see TestMain).
func selfBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return self
}

// clerkEnv is a desktop without a terminal: a fresh home folder (no user-dirs.dirs, so the documents folder
// is ~/Documents) and an xdg-open that records the address it is asked to open instead of a browser.
func clerkEnv(t *testing.T) (env []string, home, opened string) {
	t.Helper()
	home = t.TempDir()
	bin := filepath.Join(home, "bin")
	opened = filepath.Join(home, "opened.txt")
	os.Mkdir(bin, 0o755)
	script := "#!/bin/sh\necho \"$1\" >> '" + opened + "'\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return []string{"NIANBAO_RUN_MAIN=1", "HOME=" + home, "PATH=" + bin, "LANG=zh_CN.UTF-8"}, home, opened
}

// startDetached starts the binary with no arguments, in its own session, stdin from /dev/null and stdout
// and stderr into a file: what a file manager's double-click does.
func startDetached(t *testing.T, bin string, env []string, log string) *exec.Cmd {
	t.Helper()
	out, err := os.Create(log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { out.Close() })
	cmd := exec.Command(bin)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

var announced = regexp.MustCompile(`网页已启动：(http://127\.0\.0\.1:\d+/)\n(?s:.*)数据文件夹：([^（\n]+)（`)

// TestDoubleClickStart is issue 14's "done when": started with no arguments and no terminal, the binary
// serves the page on the address it announces, with its data in 文档/年报数据 as the 使用说明 says; a second
// start opens the running page in the browser and exits without error; stopping removes the marker.
func TestDoubleClickStart(t *testing.T) {
	bin := selfBinary(t)
	env, home, opened := clerkEnv(t)
	log1 := filepath.Join(home, "first.log")
	first := startDetached(t, bin, env, log1)
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			first.Process.Kill()
			first.Wait()
		}
	})
	var m []string
	for deadline := time.Now().Add(60 * time.Second); m == nil && time.Now().Before(deadline); {
		time.Sleep(100 * time.Millisecond)
		b, _ := os.ReadFile(log1)
		m = announced.FindStringSubmatch(string(b))
	}
	if m == nil {
		b, _ := os.ReadFile(log1)
		t.Fatalf("no address announced: %s", b)
	}
	url, data := m[1], m[2]
	wantData := filepath.Join(home, "Documents", dataFolderName)
	if data != wantData {
		t.Errorf("data folder %s, want %s", data, wantData)
	}
	guide, err := os.ReadFile(filepath.Join("..", "..", "internal", "release", "guide.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(guide), "Documents/"+dataFolderName) || !strings.Contains(string(guide), "文档/"+dataFolderName) {
		t.Errorf("the 使用说明 does not say where the data is (%s)", wantData)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "第一步") {
		t.Errorf("page: %d %.200s", resp.StatusCode, page)
	}
	if _, err := os.Stat(filepath.Join(wantData, "nianbao.db")); err != nil {
		t.Errorf("no database in the data folder: %v", err)
	}
	var run running
	b, _ := os.ReadFile(filepath.Join(wantData, runningFile))
	if json.Unmarshal(b, &run) != nil || run.URL != url || run.PID != first.Process.Pid {
		t.Errorf("running file %s", b)
	}

	log2 := filepath.Join(home, "second.log")
	second := startDetached(t, bin, env, log2)
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			b, _ := os.ReadFile(log2)
			t.Errorf("second start: %v: %s", err, b)
		}
	case <-time.After(30 * time.Second):
		second.Process.Kill()
		t.Fatal("the second start did not exit")
	}
	out2, _ := os.ReadFile(log2)
	if !strings.Contains(string(out2), "年报网页已经在运行："+url) {
		t.Errorf("second start said %s", out2)
	}
	// openBrowser starts xdg-open and does not wait for it, so the second start may exit before its
	// xdg-open has written the address: wait for the second line.
	var got []string
	for deadline := time.Now().Add(10 * time.Second); len(got) < 2 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		o, _ := os.ReadFile(opened)
		got = strings.Fields(string(o))
	}
	if len(got) != 2 || got[0] != url || got[1] != url {
		t.Errorf("browser opened %q, want %s twice", got, url)
	}

	first.Process.Signal(syscall.SIGTERM)
	if err := first.Wait(); err != nil {
		t.Errorf("stop: %v", err)
	}
	stopped = true
	if _, err := os.Stat(filepath.Join(wantData, runningFile)); !os.IsNotExist(err) {
		t.Errorf("running file left after stop: %v", err)
	}
	if out1, _ := os.ReadFile(log1); !strings.Contains(string(out1), "已停止。") {
		t.Errorf("first start said %s", out1)
	}
}

func TestDetachedNeedsNoTerminal(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if isTTY(null) {
		t.Error("/dev/null is a character device, not a terminal")
	}
	r, w, _ := os.Pipe()
	defer r.Close()
	defer w.Close()
	if !detached(null, w) {
		t.Error("stdin /dev/null and stdout a pipe: a double-click")
	}
	if detached(strings.NewReader(""), w) {
		t.Error("a test's reader is not a double-click")
	}
}
