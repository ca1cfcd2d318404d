package summary

import (
	"strings"

	"nianbao/model"
)

// officeSuffixes end the names of the offices that compile a region's report; RegionName strips the
// first that matches, longest first, so that "示例市人民政府办公室" names the region "示例市".
var officeSuffixes = []string{
	"人民政府办公厅", "人民政府办公室", "政府办公厅", "政府办公室",
	"政务公开办公室", "政务公开办", "人民政府", "政府",
}

// AllUnits is the region name of a roster with several top units.
const AllUnits = "名单内全部单位"

// RegionName is the default name of the region a roster's summary covers: the name of the roster's only
// top unit without the office suffix (人民政府办公厅, 人民政府办公室, 政府办公厅, 政府办公室, 政务公开办公室,
// 政务公开办, 人民政府, 政府: the first that ends the name, as long as something is left), else the whole
// name; AllUnits when the roster has several top units.
func RegionName(r *model.Roster) string {
	tops := r.Children("")
	if len(tops) != 1 {
		return AllUnits
	}
	name := strings.TrimSpace(tops[0].Name)
	for _, s := range officeSuffixes {
		if rest, ok := strings.CutSuffix(name, s); ok && rest != "" {
			return rest
		}
	}
	return name
}
