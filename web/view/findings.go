package view

import (
	"nianbao/batch"
	"nianbao/checks"
	"nianbao/web/store"
)

// FindingGroup is one fault of a file with the consequences that follow from it, as the text report of
// `check` lists them: a consequence of several faults is listed under each of them (Note.Also names the
// others); consequences are not counted as errors.
type FindingGroup struct {
	Fault        Note   `json:"fault"`
	Consequences []Note `json:"consequences"`
}

// Groups groups the findings of a file: every fault in the order of the findings (errors first),
// each with its consequences. by says who recorded each explanation in the page (by store.ExplainKey); the
// others come from the workbook.
func Groups(f batch.File, by map[string]string) []FindingGroup {
	fs := append([]checks.Finding(nil), f.Findings...)
	checks.Sort(fs)
	out := []FindingGroup{}
	at := map[string]int{}
	for _, fd := range fs {
		if fd.Fault() {
			n := note(len(out)+1, fd)
			if fd.Explanation != "" {
				n.ExplainedBy = "文件"
				if a, ok := by[store.ExplainKey(fd)]; ok {
					n.ExplainedBy = a
				}
			}
			at[fd.ID] = len(out)
			out = append(out, FindingGroup{Fault: n, Consequences: []Note{}})
		}
	}
	for _, fd := range fs {
		if fd.Fault() {
			continue
		}
		under := fd.BecauseAll
		if len(under) == 0 {
			under = []string{fd.Because}
		}
		placed := false
		for _, id := range under {
			if i, ok := at[id]; ok {
				n := note(len(out[i].Consequences)+1, fd)
				n.Also = nil
				for _, o := range under {
					if o != id {
						n.Also = append(n.Also, o)
					}
				}
				out[i].Consequences = append(out[i].Consequences, n)
				placed = true
			}
		}
		if !placed { // a consequence whose fault is missing (cannot happen): shown on its own
			out = append(out, FindingGroup{Fault: note(len(out)+1, fd), Consequences: []Note{}})
		}
	}
	return out
}
