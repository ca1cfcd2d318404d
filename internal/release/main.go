// Command release builds the archives a clerk downloads: one per platform, each with the binary (pure Go,
// version stamped) and the one-page 使用说明, and checks them: the right executable format for every
// platform, and on a linux/amd64 machine the unpacked binary answers --version and runs the demo with
// nothing else on PATH. `make release` runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	out := flag.String("out", "dist", "folder for the archives")
	ver := flag.String("version", "", "version (default: git describe)")
	targets := flag.String("targets", strings.Join(defaultTargets, ","), "os/arch list")
	flag.Parse()
	if err := release(*out, *ver, strings.Split(*targets, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// defaultTargets are the platforms of the clerks: Windows PCs, and 信创 desktops (UOS, Kylin) on x86,
// Phytium/Kunpeng (arm64) and Loongson (loong64).
var defaultTargets = []string{"windows/amd64", "linux/amd64", "linux/arm64", "linux/loong64"}

func release(out, ver string, targets []string) error {
	st := stamp{version: ver, commit: git("rev-parse", "--short=12", "HEAD"), date: time.Now().UTC().Format("2006-01-02")}
	if st.version == "" {
		st.version = git("describe", "--tags", "--always", "--dirty")
	}
	if st.version == "" {
		st.version = "dev"
	}
	guide, err := os.ReadFile(filepath.Join("internal", "release", "guide.txt"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "nianbao-release-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, t := range targets {
		goos, goarch, ok := strings.Cut(t, "/")
		if !ok {
			return fmt.Errorf("target %q is not os/arch", t)
		}
		bin, err := build(tmp, goos, goarch, st)
		if err != nil {
			return err
		}
		if err := checkBinary(bin, goos, goarch); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		archive, err := pack(out, bin, goos, goarch, st.version, guide)
		if err != nil {
			return err
		}
		info, _ := os.Stat(archive)
		fmt.Printf("%s  %.1f MB\n", archive, float64(info.Size())/(1<<20))
		if goos == "linux" && goarch == "amd64" && hostIs("linux", "amd64") {
			if err := smoke(archive, st.version); err != nil {
				return fmt.Errorf("%s: %w", archive, err)
			}
			fmt.Printf("%s: --version and demo run from the unpacked archive\n", archive)
		}
	}
	return nil
}

// stamp is what -ldflags writes into main.version, main.commit and main.buildDate.
type stamp struct{ version, commit, date string }

func (s stamp) ldflags() string {
	return fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s -X main.buildDate=%s", s.version, s.commit, s.date)
}

// build cross-compiles the binary, pure Go (CGO_ENABLED=0), into its own folder below tmp.
func build(tmp, goos, goarch string, st stamp) (string, error) {
	name := "nianbao"
	if goos == "windows" {
		name += ".exe"
	}
	bin := filepath.Join(tmp, goos+"-"+goarch, name)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", st.ldflags(), "-o", bin, "./cmd/nianbao")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s/%s: %w", goos, goarch, err)
	}
	return bin, nil
}

func git(args ...string) string {
	b, err := exec.Command("git", args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
