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

// Available reports whether LibreOffice is installed.
func Available() bool { return Binary() != "" }

// Convert converts src into outDir with LibreOffice's --convert-to format ("xlsx", "csv", or a format with
// a filter, "xlsx:Calc MS Excel 2007 XML") and returns the path of the result. It never writes over src:
// the result must have a different path. outDir is created when missing.
func Convert(ctx context.Context, src, outDir, format string) (string, error) {
	outs, err := ConvertAll(ctx, []string{src}, outDir, format)
	if err != nil {
		return "", err
	}
	return outs[0], nil // set: ConvertAll reports a missing result
}

// ConvertAll converts several files with one LibreOffice process (which saves its start-up, about a second,
// per file) and returns the path of each result, in the order of srcs. Their base names must differ. For
// a file LibreOffice wrote nothing for, the path is "" and the error (joined for all such files) names it;
// the other paths are still good.
func ConvertAll(ctx context.Context, srcs []string, outDir, format string) ([]string, error) {
	bin := Binary()
	if bin == "" {
		return nil, ErrUnavailable
	}
	outDir, err := filepath.Abs(outDir)
	if err != nil {
		return nil, err
	}
	ext, _, _ := strings.Cut(format, ":")
	if ext == "" || strings.ContainsAny(ext, `/\ `) {
		return nil, fmt.Errorf("office: bad format %q", format)
	}
	args := []string{"--headless", "--norestore", "--nolockcheck", "--nodefault", "", "--convert-to", format,
		"--outdir", outDir}
	outs, seen := make([]string, len(srcs)), map[string]bool{}
	for i, src := range srcs {
		if src, err = filepath.Abs(src); err != nil {
			return nil, err
		}
		if _, err := os.Stat(src); err != nil {
			return nil, fmt.Errorf("office: %w", err)
		}
		base := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
		outs[i] = filepath.Join(outDir, base+"."+ext)
		if outs[i] == src {
			return nil, fmt.Errorf("office: converting %s would overwrite it; choose another output directory", src)
		}
		if seen[outs[i]] {
			return nil, fmt.Errorf("office: two files would convert to %s", outs[i])
		}
		seen[outs[i]] = true
		args = append(args, src)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("office: %w", err)
	}
	for _, out := range outs {
		_ = os.Remove(out) // a stale result must not pass for a new one
	}
	profile, err := TempDir("nianbao-lo-")
	if err != nil {
		return nil, fmt.Errorf("office: %w", err)
	}
	defer RemoveTemp(profile)
	if err := writeProfile(profile); err != nil {
		return nil, fmt.Errorf("office: %w", err)
	}
	args[4] = "-env:UserInstallation=" + fileURL(profile)

	if Timeout > 0 { // the earlier of ctx's deadline and Timeout wins
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, Timeout*time.Duration(max(1, len(srcs)/4)))
		defer cancel()
	}
	name, args := command(bin, args...)
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
	what := filepath.Base(srcs[0])
	if len(srcs) > 1 {
		what = fmt.Sprintf("%d files", len(srcs))
	}
	if ctx.Err() != nil {
		return nil, fmt.Errorf("office: converting %s: %w", what, ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("office: converting %s: %v: %s", what, err, strings.TrimSpace(stderr.String()))
	}
	var missing []error
	for i, out := range outs {
		if st, err := os.Stat(out); err != nil || st.Size() == 0 {
			outs[i] = ""
			missing = append(missing, fmt.Errorf("office: LibreOffice wrote no %s for %s: %s", ext,
				filepath.Base(srcs[i]), strings.TrimSpace(stderr.String())))
		}
	}
	return outs, errors.Join(missing...)
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
