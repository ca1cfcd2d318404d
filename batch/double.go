package batch

import (
	"fmt"
	"path/filepath"
	"sort"

	"nianbao/checks"
)

// coverage finds double counting across a batch: a unit file whose unit a summary of the same batch
// already holds, or a unit two summaries hold. It keeps one code and path per file, so that a stream stays
// flat in memory.
type coverage struct {
	by    map[string]string   // unit code → the summary that holds it (the first one)
	units map[string][]string // unit code → the unit files sent for it
	dup   []checks.Finding
}

// add records one checked file.
func (c *coverage) add(f File) {
	if c.by == nil {
		c.by, c.units = map[string]string{}, map[string][]string{}
	}
	switch {
	case f.Summary && !f.Refused:
		for _, code := range f.Covers {
			if other, ok := c.by[code]; ok {
				fd := checks.At(checks.RDouble, nil, "", fmt.Sprintf("汇总表 %s 与汇总表 %s 都包含单位代码 %s：重复汇总",
					filepath.Base(f.Path), filepath.Base(other), code))
				fd.File = f.Path
				c.dup = append(c.dup, fd)
				continue
			}
			c.by[code] = f.Path
		}
	case !f.Summary && f.Report != nil && f.Unit.Code != "":
		c.units[f.Unit.Code] = append(c.units[f.Unit.Code], f.Path)
	}
}

// findings returns an R-8 error for every double count found, in a stable order.
func (c *coverage) findings() []checks.Finding {
	out := append([]checks.Finding(nil), c.dup...)
	codes := make([]string, 0, len(c.units))
	for code := range c.units {
		if _, ok := c.by[code]; ok {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes)
	for _, code := range codes {
		for _, p := range c.units[code] {
			fd := checks.At(checks.RDouble, nil, "", fmt.Sprintf("单位代码 %s 已含在汇总表 %s 中，又单独报送了 %s：重复汇总",
				code, filepath.Base(c.by[code]), filepath.Base(p)))
			fd.File = p
			out = append(out, fd)
		}
	}
	return out
}
