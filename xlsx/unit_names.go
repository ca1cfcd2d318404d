package xlsx

import (
	"fmt"
	"strings"

	"nianbao/model"
)

// UnitTemplateName is the file name of a unit's pre-filled template: "代码_名称.xlsx", made safe.
func UnitTemplateName(u model.Unit) string { return model.SafeName(u.Code+"_"+u.Name) + ".xlsx" }

// UnitTemplateNames names one template per roster unit, in roster order, as `nianbao template --roster`
// and the web page's templates.zip name them: UnitTemplateName, made unique ignoring case ("…_2.xlsx").
func UnitTemplateNames(r *model.Roster) []string {
	used := map[string]bool{}
	out := make([]string, 0, len(r.Units))
	for _, u := range r.Units {
		name := UnitTemplateName(model.Unit{Code: u.Code, Name: u.Name})
		base := strings.TrimSuffix(name, ".xlsx")
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s_%d.xlsx", base, n)
		}
		used[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}
