package season

import (
	"time"

	"nianbao/checks"
	"nianbao/summary"
	"nianbao/web/store"
)

// StatusRow is one line of the status: a roster unit, or a file not used for one.
type StatusRow struct {
	Code     string         `json:"code"`
	Name     string         `json:"name"`
	Parent   string         `json:"parent,omitempty"`
	Category string         `json:"category,omitempty"`
	Level    int            `json:"level"`
	OnRoster bool           `json:"on_roster"`
	Status   summary.Status `json:"status"`
	File     string         `json:"file,omitempty"`
	SHA256   string         `json:"sha256,omitempty"`
	Version  int64          `json:"version,omitempty"`
	Via      string         `json:"via,omitempty"`
	Included bool           `json:"included"`
	Note     string         `json:"note,omitempty"`
	// Progress is the unit's stage in the round trip: 未报送, 已报送, or 已退回 since Returned (the return
	// copy of the file that counts was downloaded; a newer file makes it 已报送 again).
	Progress string     `json:"progress,omitempty"`
	Returned *time.Time `json:"returned,omitempty"`
	// FirstError is the first error found in the file that counts (where the clerk starts reading).
	FirstError string `json:"first_error,omitempty"`
	// Rule says why this file counts for the unit when it has several versions: RuleChosen or RuleNewest.
	Rule string `json:"rule,omitempty"`
	checks.Counts
}

// Rules by which a unit's file counts (StatusRow.Rule).
const (
	RuleChosen = "办事员选定"
	// RuleNewest: received after the unit's other files.
	RuleNewest = "最后收到"
	// RuleModified: received in one upload with another file of the unit, and modified last.
	RuleModified = "同批收到，按修改时间"
)

// Progress of a roster unit in the round trip (StatusRow.Progress).
const (
	ProgressMissing  = "未报送"
	ProgressReported = "已报送"
	ProgressReturned = "已退回"
)

// StatusRows are the lines of the status of a year from its summary over the versions that count (vs)
// and the return copies handed out (returned, from store.Returned): every roster unit in roster order,
// then the files not used for any, each with its progress, first error and the rule by which its file counts.
func StatusRows(res *summary.Result, vs []*store.Version, returned map[int64]time.Time) []StatusRow {
	out := []StatusRow{}
	bySHA := map[string]*store.Version{}
	per := map[int64][]*store.Version{}
	for _, v := range vs {
		bySHA[v.SHA256] = v
		per[v.SubmissionID] = append(per[v.SubmissionID], v)
	}
	for _, u := range res.Units {
		row := StatusRow{Code: u.Code, Name: u.Name, Parent: u.Parent, Category: u.Category, Level: u.Level,
			OnRoster: u.OnRoster, Status: u.Status, File: u.File, SHA256: u.SHA256, Via: u.Via,
			Included: u.Included, Note: u.Note, Counts: u.Counts}
		if u.OnRoster && u.Status != summary.Replaced && u.Status != summary.Double {
			row.Progress = ProgressReported
			if u.Status == summary.Missing {
				row.Progress = ProgressMissing
			}
		}
		if v := bySHA[u.SHA256]; v != nil {
			row.Version, row.FirstError = v.ID, store.FirstError(v.File.Findings)
			if at, ok := returned[v.ID]; ok && row.Progress == ProgressReported && u.Via == "" {
				row.Progress, row.Returned = ProgressReturned, &at
			}
			switch {
			case v.Chosen:
				row.Rule = RuleChosen
			case len(per[v.SubmissionID]) > 1 && u.Status != summary.Replaced:
				row.Rule = RuleNewest
				for _, o := range per[v.SubmissionID] {
					if o != v && o.Batch == v.Batch {
						row.Rule = RuleModified
					}
				}
			}
		}
		out = append(out, row)
	}
	return out
}
