package summary

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
)

// nearMiss is the least model.Similarity of a unit name to a roster name for it to be suggested.
const nearMiss = 0.5

// matcher finds the roster unit of a file: by the unit code the workbook gives, else by the exact
// normalized unit name. Near misses are only suggested.
type matcher struct {
	roster *model.Roster
	byCode map[string]int
	byName map[string][]int
}

func newMatcher(r *model.Roster) *matcher {
	m := &matcher{roster: r, byCode: map[string]int{}, byName: map[string][]int{}}
	for i, u := range r.Units {
		m.byCode[u.Code] = i
		n := model.Normalize(u.Name)
		m.byName[n] = append(m.byName[n], i)
	}
	return m
}

// match returns the roster index of a file's unit, or -1, with a warning when code and name disagree with
// the roster.
func (m *matcher) match(in Input) (int, []checks.Finding) {
	var u model.Unit
	if in.Report != nil {
		u = in.Report.Unit
	} else {
		u = unitFromFileName(in.Path)
	}
	if i, ok := m.byCode[u.Code]; ok && u.Code != "" {
		ru := m.roster.Units[i]
		if u.Name != "" && in.Report != nil && model.Normalize(u.Name) != model.Normalize(ru.Name) {
			return i, []checks.Finding{m.unitFinding(in, fmt.Sprintf("单位代码「%s」在名单中是「%s」，文件中的单位名称是「%s」；按代码对应，请核对",
				u.Code, ru.Name, u.Name))}
		}
		return i, nil
	}
	if ids := m.byName[model.Normalize(u.Name)]; len(ids) == 1 && u.Name != "" {
		ru := m.roster.Units[ids[0]]
		var fs []checks.Finding
		if u.Code != "" {
			fs = append(fs, m.unitFinding(in, fmt.Sprintf("单位「%s」文件中的单位代码「%s」不在名单中，已按名称对应到名单代码「%s」",
				u.Name, u.Code, ru.Code)))
		}
		return ids[0], fs
	}
	if in.Report == nil { // an unreadable file named by its unit: "代码_名称.xlsx" or the name itself
		base := strings.TrimSuffix(filepath.Base(in.Path), filepath.Ext(in.Path))
		if code, _, ok := strings.Cut(base, "_"); ok {
			if i, ok := m.byCode[code]; ok {
				return i, nil
			}
		}
	}
	return -1, nil
}

func (m *matcher) unitFinding(in Input, msg string) checks.Finding {
	f := checks.At(checks.RUnit, nil, "", msg)
	f.File = in.Path
	return f
}

// suggest lists the roster units whose names are near the name, best first, at most three, as "代码 名称".
func (m *matcher) suggest(name string) []string {
	if name == "" {
		return nil
	}
	type cand struct {
		i int
		s float64
	}
	var cs []cand
	for i, u := range m.roster.Units {
		if s := model.Similarity(name, u.Name); s >= nearMiss {
			cs = append(cs, cand{i, s})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].s > cs[b].s })
	var out []string
	for _, c := range cs[:min(3, len(cs))] {
		u := m.roster.Units[c.i]
		out = append(out, u.Code+" "+u.Name)
	}
	return out
}

// unitFromFileName guesses the unit of an unreadable file from its name.
func unitFromFileName(path string) model.Unit {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if code, name, ok := strings.Cut(base, "_"); ok {
		return model.Unit{Code: code, Name: name}
	}
	return model.Unit{Name: base}
}

// modTime is when a file was last changed: the input's own time, else the file's on disk.
func modTime(in Input) int64 {
	if !in.ModTime.IsZero() {
		return in.ModTime.UnixNano()
	}
	if st, err := os.Stat(in.Path); err == nil {
		return st.ModTime().UnixNano()
	}
	return 0
}

// statusOf is the status a file gives its unit: its verdict, in batch's one vocabulary, as the summary
// says it.
func statusOf(in Input) Status {
	if in.Report == nil {
		return Unreadable
	}
	return statuses[batch.VerdictOf(in.Findings)]
}

// statuses say the verdicts of files as statuses of their units.
var statuses = map[batch.Verdict]Status{batch.Passed: Passed, batch.Explained: Explained, batch.Warned: Warned,
	batch.Failed: Failed, batch.Unreadable: Unreadable}
