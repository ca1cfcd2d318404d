package interop

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"nianbao/internal/office"
)

// tools are the readers found on this machine; a missing one is "" (with why in missing).
type tools struct {
	python, node, modules, soffice string
	missing                        []string
}

// findTools looks for the readers of the suite.
func findTools() tools {
	var t tools
	if py := "/usr/bin/python3"; fileExists(py) {
		if exec.Command(py, "-c", "import openpyxl, pandas, uno").Run() == nil {
			t.python = py
		}
	}
	if t.python == "" {
		t.missing = append(t.missing, "/usr/bin/python3 with openpyxl, pandas and uno (apt-get install python3-openpyxl python3-pandas python3-uno)")
	}
	mods := os.Getenv("NIANBAO_NODE_MODULES")
	if mods == "" {
		mods, _ = filepath.Abs(filepath.Join("..", "..", ".ci", "node_modules"))
	}
	if node, err := exec.LookPath("node"); err == nil && fileExists(filepath.Join(mods, "exceljs", "package.json")) {
		t.node, t.modules = node, mods
	} else {
		t.missing = append(t.missing, "node with exceljs in "+mods+" (npm install --prefix .ci exceljs@4.4.0)")
	}
	t.soffice = office.Binary()
	if t.soffice == "" {
		t.missing = append(t.missing, "LibreOffice (soffice)")
	}
	return t
}

// require skips the test when a reader is missing, or fails it when the environment requires them all.
func (tl tools) require(t *testing.T) {
	t.Helper()
	if len(tl.missing) == 0 {
		return
	}
	msg := "missing readers: " + strings.Join(tl.missing, "; ")
	if os.Getenv("NIANBAO_REQUIRE_READERS") == "1" || os.Getenv("NIANBAO_REQUIRE_SOFFICE") == "1" && tl.soffice == "" {
		t.Fatal(msg + " (required by NIANBAO_REQUIRE_READERS / NIANBAO_REQUIRE_SOFFICE)")
	}
	t.Skip(msg)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// run runs a command with a time limit and returns its standard output.
func run(timeout time.Duration, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	// Out of time: SIGTERM, on which testdata/lo.py kills its soffice, then SIGKILL.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %v: %s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// soffice converts every file into outDir with one LibreOffice process (its own profile), as format.
func soffice(bin, outDir, format string, files []string) error {
	profile, err := os.MkdirTemp("", "nianbao-interop-lo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	args := []string{"--headless", "--norestore", "--nolockcheck", "--nodefault",
		"-env:UserInstallation=file://" + profile, "--convert-to", format, "--outdir", outDir}
	_, err = run(3*time.Minute, bin, append(args, files...)...)
	return err
}
