package main

import (
	"errors"
	"syscall"
)

// Windows error codes of a file that another program holds open: Excel and WPS open a workbook without
// sharing it for writing or deleting, so writing, replacing or renaming over it fails with one of these.
// They are plain numbers here so that the classification is tested on every system.
const (
	errorAccessDenied     syscall.Errno = 5
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
	errorUserMappedFile   syscall.Errno = 1224
)

// windowsFileInUse reports whether a Windows error means that the file is open in another program. For a
// rename, access denied counts too: it is what replacing a workbook open in Excel returns (MoveFileEx), and
// our outputs' folders are checked for permission up front (prepareOutput), so then it is the open workbook.
func windowsFileInUse(err error, rename bool) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch errno {
	case errorSharingViolation, errorLockViolation, errorUserMappedFile:
		return true
	case errorAccessDenied:
		return rename
	}
	return false
}
