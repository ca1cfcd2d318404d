package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Set by the release build: go build -ldflags "-X main.version=… -X main.commit=… -X main.buildDate=…"
// (see internal/release). A plain `go build` leaves them empty and the version comes from the module.
var (
	version   string
	commit    string
	buildDate string
)

// versionInfo returns the version, commit and build date of this binary: the values stamped by the release
// build, or what the Go toolchain recorded (module version, VCS revision and time), or "开发版".
func versionInfo() (ver, rev, date string) {
	ver, rev, date = version, commit, buildDate
	if bi, ok := debug.ReadBuildInfo(); ok {
		if ver == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			ver = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision" && rev == "":
				rev = s.Value
			case s.Key == "vcs.time" && date == "":
				date = s.Value
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return ver, rev, date
}

// printVersion writes the one-line answer to `nianbao --version`.
func printVersion(w io.Writer) {
	ver, rev, date := versionInfo()
	if ver == "" {
		ver = "开发版"
	}
	line := "nianbao 版本 " + ver
	if rev != "" {
		line += "，提交 " + rev
	}
	if date != "" {
		line += "，构建于 " + date
	}
	fmt.Fprintf(w, "%s（%s/%s）\n", line, runtime.GOOS, runtime.GOARCH)
}

// toolName is the program and its version, for the 汇总说明 sheet.
func toolName() string {
	if ver, _, _ := versionInfo(); ver != "" {
		return "nianbao " + ver
	}
	return "nianbao（开发版）"
}
