package batch

import (
	"nianbao/locate"
	"nianbao/xlsx/read"
	"nianbao/xlsx/read/fast"
)

// SetFastPath turns the fast read path on or off and returns the previous setting.
func SetFastPath(on bool) bool {
	old := fastPath
	fastPath = on
	return old
}

// TakesFastPath reports whether CheckFile reads path through the fast path.
func TakesFastPath(path string) bool {
	data, _, err := readFile(path, read.Limits{})
	if err != nil || data == nil {
		return false
	}
	wb, ok := fast.ReadTemplate(path, data, read.Limits{})
	return ok && locate.Prepare(locate.Source{Grids: wb.Grids, Meta: wb.Meta}).Template()
}

// FastReads reports whether CheckFile, with the fast path on, reads path through it (a template or a
// summary of ours) rather than the general reader. When it does not, the fast path on and off run the
// same code on the file.
func FastReads(path string, lim read.Limits) bool {
	data, _, err := readFile(path, lim)
	if err != nil || data == nil {
		return false
	}
	wb, _, _ := readFast(path, data, lim)
	return wb != nil
}
