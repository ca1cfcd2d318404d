//go:build unix

package fsx

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"nianbao/internal/office"
)

// childEnv names the target a child process (this test binary run again) writes atomically and never
// finishes: it stands for `nianbao summary -o` interrupted while writing.
const childEnv = "NIANBAO_FSX_CHILD_TARGET"

func TestMain(m *testing.M) {
	if target := os.Getenv(childEnv); target != "" {
		writeForever(target)
		return
	}
	os.Exit(m.Run())
}

// writeForever installs the CLI's signal handling (cmd/nianbao cleanupOnSignal: office.Cleanup, then exit
// 130 or 143), starts an atomic write of target, says "writing" once its first megabyte is in the temp
// file, and blocks.
func writeForever(target string) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		office.Cleanup()
		if sig == syscall.SIGTERM {
			os.Exit(143)
		}
		os.Exit(130)
	}()
	err := WriteAtomicWith(target, func(w io.Writer) error {
		if _, err := w.Write(make([]byte, 1<<20)); err != nil {
			return err
		}
		if f, ok := w.(interface{ Flush() error }); ok {
			f.Flush()
		}
		fmt.Println("writing")
		select {}
	})
	fmt.Fprintln(os.Stderr, "write returned:", err)
	os.Exit(3)
}

// TestSignalRemovesTemp: a process interrupted (SIGINT, SIGTERM) in the middle of an atomic write leaves
// the target as it was and no temp file beside it.
func TestSignalRemovesTemp(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			target := filepath.Join(dir, "汇总.xlsx")
			if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), childEnv+"="+target)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			line := make(chan string, 1)
			go func() {
				s, _ := bufio.NewReader(out).ReadString('\n')
				line <- strings.TrimSpace(s)
			}()
			select {
			case l := <-line:
				if l != "writing" {
					t.Fatalf("child said %q", l)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the child did not start writing")
			}
			if n := len(temps(t, dir)); n != 1 {
				t.Fatalf("mid-write there should be one temp file beside the target, found %d", n)
			}
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != c.code {
				t.Fatalf("child exit: %v, want code %d", err, c.code)
			}
			if left := temps(t, dir); len(left) != 0 {
				t.Errorf("temp files left after %v: %v", c.sig, left)
			}
			if b, _ := os.ReadFile(target); string(b) != "old" {
				t.Errorf("the target changed: %q", b)
			}
		})
	}
}

// temps lists what the directory holds besides 汇总.xlsx.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != "汇总.xlsx" {
			out = append(out, e.Name())
		}
	}
	return out
}
