//go:build windows

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"
	"unsafe"
)

var (
	kernel32                  = syscall.NewLazyDLL("kernel32.dll")
	procGetConsoleProcessList = kernel32.NewProc("GetConsoleProcessList")
	shell32                   = syscall.NewLazyDLL("shell32.dll")
	procSHGetKnownFolderPath  = shell32.NewProc("SHGetKnownFolderPath")
	ole32                     = syscall.NewLazyDLL("ole32.dll")
	procCoTaskMemFree         = ole32.NewProc("CoTaskMemFree")
)

// folderIDDocuments is FOLDERID_Documents, the user's 文档 folder wherever it is (also when redirected to
// OneDrive or another drive).
var folderIDDocuments = syscall.GUID{Data1: 0xFDD39AD0, Data2: 0x238F, Data3: 0x46AF,
	Data4: [8]byte{0xAD, 0xB4, 0x6C, 0x85, 0x48, 0x03, 0x69, 0xC7}}

// consoleProcesses returns how many processes share this program's console (0 without a console).
func consoleProcesses() int {
	var ids [4]uint32
	n, _, _ := procGetConsoleProcessList.Call(uintptr(unsafe.Pointer(&ids[0])), uintptr(len(ids)))
	return int(n)
}

// detached reports whether the program was started by a double-click in Explorer: Windows then gives it
// a console of its own, which no other process (no cmd.exe, no PowerShell) shares.
func detached(io.Reader, io.Writer) bool { return consoleProcesses() == 1 }

// documentsFolder returns the user's documents folder (the known folder 文档).
func documentsFolder() (string, error) {
	var p *uint16
	r, _, _ := procSHGetKnownFolderPath.Call(uintptr(unsafe.Pointer(&folderIDDocuments)), 0, 0,
		uintptr(unsafe.Pointer(&p)))
	if r == 0 && p != nil {
		defer procCoTaskMemFree.Call(uintptr(unsafe.Pointer(p)))
		if dir := utf16z(p); dir != "" {
			return dir, nil
		}
	}
	if home := os.Getenv("USERPROFILE"); home != "" {
		return filepath.Join(home, "Documents"), nil
	}
	return "", fmt.Errorf("找不到“文档”文件夹")
}

// utf16z reads a NUL-terminated UTF-16 string.
func utf16z(p *uint16) string {
	n := 0
	for ptr := unsafe.Pointer(p); *(*uint16)(ptr) != 0; n++ {
		ptr = unsafe.Add(ptr, 2)
	}
	return syscall.UTF16ToString(unsafe.Slice(p, n))
}

// stopHint tells the clerk how to stop the page started by a double-click.
const stopHint = "要停止，关闭本窗口即可（或按 Ctrl-C）。"

// holdWindow keeps the console window of a double-click open so that the clerk can read the last message:
// after an error until Enter, otherwise for a few seconds.
func holdWindow(stdin io.Reader, stdout io.Writer, failed bool) {
	if failed {
		fmt.Fprintln(stdout, "按回车键关闭本窗口。")
		bufio.NewReader(stdin).ReadString('\n')
		return
	}
	fmt.Fprintln(stdout, "本窗口将在 10 秒后自动关闭。")
	time.Sleep(10 * time.Second)
}
