//go:build !windows

package main

// fileInUse reports whether err means that the file is open in another program. Outside Windows an open
// file never stops a write or rename (LibreOffice and WPS keep their own lock files), so never.
func fileInUse(err error, rename bool) bool { return false }
