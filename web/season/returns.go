package season

import (
	"errors"
	"fmt"
	"strings"

	"nianbao/model"
	"nianbao/summary"
	"nianbao/web/store"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

// ToReturn lists the versions that count for roster units and have errors, in roster order, with the
// names of their return copies: the unit's template name with the annotated suffix, unique.
func (w *Season) ToReturn() ([]*store.Version, []string, error) {
	roster, _, err := w.store.Roster(w.Year)
	if err != nil {
		return nil, nil, err
	}
	if roster == nil {
		return nil, nil, ErrNoRoster
	}
	w.Lock()
	res, vs, err := w.Build(roster, false)
	w.Unlock()
	if err != nil {
		return nil, nil, err
	}
	bySHA := map[string]*store.Version{}
	for _, v := range vs {
		bySHA[v.SHA256] = v
	}
	var out []*store.Version
	var names []string
	used := map[string]bool{}
	for _, u := range res.Units {
		v := bySHA[u.SHA256]
		if !u.OnRoster || u.Status != summary.Failed || u.Via != "" || v == nil {
			continue
		}
		base := strings.TrimSuffix(xlsx.UnitTemplateName(model.Unit{Code: u.Code, Name: u.Name}), ".xlsx")
		name := base + annotate.Suffix
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s_%d%s", base, n, annotate.Suffix)
		}
		used[strings.ToLower(name)] = true
		out, names = append(out, v), append(names, name)
	}
	return out, names, nil
}

// ErrNoRoster is returned where a roster is needed and none was uploaded.
var ErrNoRoster = errors.New("no roster")
