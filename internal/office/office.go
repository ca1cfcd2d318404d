// Package office runs LibreOffice headless to convert documents: legacy .xls and .et workbooks to .xlsx at
// run time, and templates to recalculated .xlsx in tests.
//
//	out, err := office.Convert(ctx, "/in/报表.xls", "/tmp/out", "xlsx")  // "/tmp/out/报表.xlsx"
//
// Every call runs its own soffice process with its own throw-away profile directory, so calls may run in
// parallel; the process (with its whole process group) is killed when ctx ends or the timeout passes, or
// when Cleanup is called (from a signal handler). Conversions are isolated from the network (isolate.go).
package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Timeout bounds one conversion when ctx has no earlier deadline.
var Timeout = 2 * time.Minute

// ErrUnavailable is returned when LibreOffice is not installed.
var ErrUnavailable = errors.New("office: LibreOffice (soffice) not found")

// Binary returns the path of the soffice executable, or "" when LibreOffice is not installed. The
// environment variable NIANBAO_SOFFICE overrides the search.
func Binary() string {
	if p := os.Getenv("NIANBAO_SOFFICE"); p != "" {
		return p
	}
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Available reports whether LibreOffice is installed.
func Available() bool { return Binary() != "" }

// Convert converts src into outDir with LibreOffice's --convert-to format ("xlsx", "csv", or a format with
// a filter, "xlsx:Calc MS Excel 2007 XML") and returns the path of the result. It never writes over src:
// the result must have a different path. outDir is created when missing.
func Convert(ctx context.Context, src, outDir, format string) (string, error) {
	bin := Binary()
	if bin == "" {
		return "", ErrUnavailable
	}
	src, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(src); err != nil {
		return "", fmt.Errorf("office: %w", err)
	}
	if outDir, err = filepath.Abs(outDir); err != nil {
		return "", err
	}
	ext, _, _ := strings.Cut(format, ":")
	if ext == "" || strings.ContainsAny(ext, `/\ `) {
		return "", fmt.Errorf("office: bad format %q", format)
	}
	base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	out := filepath.Join(outDir, base+"."+ext)
	if out == src {
		return "", fmt.Errorf("office: converting %s would overwrite it; choose another output directory", src)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", fmt.Errorf("office: %w", err)
	}
	_ = os.Remove(out) // a stale result must not pass for a new one
	profile, err := TempDir("nianbao-lo-")
	if err != nil {
		return "", fmt.Errorf("office: %w", err)
	}
	defer RemoveTemp(profile)
	if err := writeProfile(profile); err != nil {
		return "", fmt.Errorf("office: %w", err)
	}

	if Timeout > 0 { // the earlier of ctx's deadline and Timeout wins
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, Timeout)
		defer cancel()
	}
	name, args := command(bin, "--headless", "--norestore", "--nolockcheck", "--nodefault",
		"-env:UserInstallation="+fileURL(profile), "--convert-to", format, "--outdir", outDir, src)
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(append(os.Environ(), "HOME="+profile), proxyEnv...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	cmd.Dir = profile
	setGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	if err = cmd.Start(); err == nil {
		if !started(cmd) {
			cmd.Cancel()
		}
		err = cmd.Wait()
		finished(cmd)
	}
	if ctx.Err() != nil {
		return "", fmt.Errorf("office: converting %s: %w", filepath.Base(src), ctx.Err())
	}
	if err != nil {
		return "", fmt.Errorf("office: converting %s: %v: %s", filepath.Base(src), err, strings.TrimSpace(stderr.String()))
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		return "", fmt.Errorf("office: LibreOffice wrote no %s for %s: %s", ext, filepath.Base(src), strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// fileURL turns an absolute path into a file:// URL as LibreOffice expects for -env:UserInstallation.
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	var b strings.Builder
	for _, c := range []byte(p) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("/-_.~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return "file://" + b.String()
}
