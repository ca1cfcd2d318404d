package batch

import (
	"context"
	"path/filepath"

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

// CheckBothPaths checks the file at path as CheckFile does, for each of years, once as the general reader
// reads it and once as the fast path does; each reading is made once and checked for every year (checkRead
// changes nothing it is given). ok is false, and nothing is checked, when the fast path does not take the
// file.
func CheckBothPaths(path string, years []int) (general, quick []File, ok bool) {
	data, sum, err := readFile(path, read.Limits{})
	if err != nil || data == nil {
		return nil, nil, false
	}
	fwb, fsrc, fpre := readFast(path, data, read.Limits{})
	if fwb == nil {
		return nil, nil, false
	}
	gwb, err := read.OpenBytes(context.Background(), path, data, read.Limits{})
	if err != nil {
		general = append(general, UnreadableFile(path, sum, read.Message(err)))
		return general, []File{checkRead(path, sum, fwb, fsrc, fpre, Options{Year: years[0]})}, true
	}
	gsrc := locate.Source{Name: filepath.Base(path), Grids: gwb.Grids, Meta: gwb.Meta, Hidden: gwb.Hidden}
	gpre := locate.Prepare(gsrc)
	for _, y := range years {
		general = append(general, checkRead(path, sum, gwb, gsrc, gpre, Options{Year: y}))
		quick = append(quick, checkRead(path, sum, fwb, fsrc, fpre, Options{Year: y}))
	}
	return general, quick, true
}
