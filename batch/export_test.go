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
