package main

import (
	"debug/elf"
	"debug/pe"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// elfMachines are the machines of the Linux targets.
var elfMachines = map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "loong64": elf.EM_LOONGARCH}

// checkBinary checks that bin is an executable for the platform: PE32+ for x86-64 on Windows, 64-bit ELF
// of the right machine, statically linked (no interpreter, so no C library needed) on Linux.
func checkBinary(bin, goos, goarch string) error {
	switch goos {
	case "windows":
		f, err := pe.Open(bin)
		if err != nil {
			return fmt.Errorf("not a Windows executable: %w", err)
		}
		defer f.Close()
		if _, ok := f.OptionalHeader.(*pe.OptionalHeader64); !ok {
			return fmt.Errorf("not PE32+")
		}
		if goarch == "amd64" && f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
			return fmt.Errorf("machine %#x, want AMD64", f.Machine)
		}
		if f.Characteristics&pe.IMAGE_FILE_EXECUTABLE_IMAGE == 0 {
			return fmt.Errorf("not an executable image")
		}
	case "linux":
		f, err := elf.Open(bin)
		if err != nil {
			return fmt.Errorf("not an ELF executable: %w", err)
		}
		defer f.Close()
		want, ok := elfMachines[goarch]
		if !ok {
			return fmt.Errorf("no ELF machine known for %s", goarch)
		}
		if f.Class != elf.ELFCLASS64 || f.Machine != want || f.Type != elf.ET_EXEC {
			return fmt.Errorf("ELF %v %v %v, want 64-bit executable for %v", f.Class, f.Machine, f.Type, want)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				return fmt.Errorf("dynamically linked (needs a C library)")
			}
		}
	default:
		return fmt.Errorf("no check for %s", goos)
	}
	return nil
}

// smoke unpacks a linux/amd64 archive into a fresh folder and runs the binary there as a clerk would,
// with an empty PATH (nothing else installed: no Go, no LibreOffice) and a fresh HOME: --version must name
// the version, and the demo must write its region and summary.
func smoke(archive, version string) error {
	dir, err := os.MkdirTemp("", "nianbao-smoke-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	files, err := unpack(archive, dir)
	if err != nil {
		return err
	}
	var bin string
	var guide bool
	for _, f := range files {
		switch filepath.Base(f) {
		case "nianbao":
			bin = f
		case guideName:
			guide = true
		}
	}
	if bin == "" || !guide || len(files) != 2 {
		return fmt.Errorf("archive holds %v, want nianbao and %s", files, guideName)
	}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=/nonexistent", "HOME=" + dir, "LANG=C.UTF-8"}
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	out, err := run("--version")
	if err != nil || !strings.Contains(out, "版本 "+version) {
		return fmt.Errorf("--version: %v: %s", err, out)
	}
	if out, err := run("demo", "--units", "12"); err != nil {
		return fmt.Errorf("demo: %v: %s", err, out)
	}
	for _, f := range []string{"名单.xlsx", "汇总.xlsx", "收到", "退回", "模板"} {
		if _, err := os.Stat(filepath.Join(dir, "示例", f)); err != nil {
			return fmt.Errorf("demo wrote no %s", f)
		}
	}
	return nil
}
