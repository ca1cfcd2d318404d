package office

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Binary returns the path of the soffice executable, or "" when LibreOffice is not installed. It looks, in
// order, at the environment variable NIANBAO_SOFFICE (a path; set but naming no file means "none"), at
// soffice and libreoffice on PATH, and at the standard install folders of the operating system: on Windows
// %ProgramFiles%\LibreOffice\program\soffice.exe and the same under %ProgramFiles(x86)%, on macOS
// /Applications/LibreOffice.app/Contents/MacOS/soffice, where LibreOffice is installed but not on PATH.
func Binary() string {
	if p, set := os.LookupEnv("NIANBAO_SOFFICE"); set && p != "" {
		if isFile(p) {
			return p
		}
		return ""
	}
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range installPaths(runtime.GOOS, os.Getenv) {
		if isFile(p) {
			return p
		}
	}
	return ""
}

// installPaths lists where the LibreOffice installer puts soffice on goos, with env for the environment.
func installPaths(goos string, env func(string) string) []string {
	switch goos {
	case "windows":
		var out []string
		for _, v := range []string{"ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"} {
			if dir := env(v); dir != "" {
				out = append(out, filepath.Join(dir, "LibreOffice", "program", "soffice.exe"))
			}
		}
		return out
	case "darwin":
		return []string{"/Applications/LibreOffice.app/Contents/MacOS/soffice"}
	}
	return nil
}

// InstallHint says in Chinese how to install LibreOffice on this operating system.
func InstallHint() string { return installHint(runtime.GOOS) }

func installHint(goos string) string {
	switch goos {
	case "windows":
		return "从 LibreOffice 官网下载 Windows 版安装（装在默认位置即可，无需加入 PATH）"
	case "darwin":
		return "从 LibreOffice 官网下载 macOS 版，拖入“应用程序”文件夹"
	}
	return "例如 apt install libreoffice-calc"
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
