//go:build windows

package main

// fileInUse reports whether err means that the file is open in another program (Excel, WPS).
func fileInUse(err error, rename bool) bool { return windowsFileInUse(err, rename) }
