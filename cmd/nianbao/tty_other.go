//go:build !linux && !windows

package main

import "os"

// isTTY reports whether f is a terminal; without the Linux ioctl a character device is taken for one.
func isTTY(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
