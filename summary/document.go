package summary

import (
	"path/filepath"
	"time"

	"nianbao/checks"
	"nianbao/model"
)

// Document is what `nianbao summary --json` prints: the counts, the region total, the totals of every
// branch, the status of every unit and every finding.
type Document struct {
	Tool           string             `json:"tool"`
	Schema         int                `json:"schema"`
	Region         model.Unit         `json:"region"`
	RegionName     string             `json:"region_name"`
	Year           int                `json:"year"`
	Version        model.Version      `json:"version"`
	Made           time.Time          `json:"made"`
	IncludeInvalid bool               `json:"include_invalid"`
	Counts         Counts             `json:"counts"`
	Total          map[string]float64 `json:"total"`
	Nodes          []DocNode          `json:"nodes"`
	Units          []DocUnit          `json:"units"`
	Findings       []checks.Finding   `json:"findings"`
	Internal       []string           `json:"internal_errors,omitempty"`
}

// DocNode is one branch of the roster tree in the document.
type DocNode struct {
	model.Unit
	Parent   string             `json:"parent,omitempty"`
	Level    int                `json:"level"`
	Units    int                `json:"units"`
	Reported int                `json:"reported"`
	Included int                `json:"included"`
	Invalid  int                `json:"invalid,omitempty"`
	Total    map[string]float64 `json:"total,omitempty"`
	// Own is the unit's own report (本级) of a unit with units below it; Total is then its 小计.
	Own map[string]float64 `json:"own,omitempty"`
}

// DocUnit is one line of 报送情况 in the document.
type DocUnit struct {
	Code     string        `json:"code"`
	Name     string        `json:"name"`
	Parent   string        `json:"parent,omitempty"`
	OnRoster bool          `json:"on_roster"`
	Status   Status        `json:"status"`
	File     string        `json:"file,omitempty"`
	SHA256   string        `json:"sha256,omitempty"`
	Via      string        `json:"via,omitempty"`
	Included bool          `json:"included"`
	Invalid  bool          `json:"invalid,omitempty"`
	Counts   checks.Counts `json:"counts"`
	Note     string        `json:"note,omitempty"`
}

// Document renders the result for JSON output.
func (r *Result) Document() Document {
	d := Document{Tool: "nianbao", Schema: 1, Region: r.Region, RegionName: r.Name, Year: r.Year, Version: r.Version, Made: r.Made,
		IncludeInvalid: r.IncludeInvalid, Counts: r.Counts, Findings: r.Findings, Internal: r.Internal,
		Nodes: []DocNode{}, Units: []DocUnit{}}
	if d.Findings == nil {
		d.Findings = []checks.Finding{}
	}
	if r.Total != nil {
		d.Total = r.Total.Values
	}
	for _, n := range r.Nodes {
		dn := DocNode{Unit: n.Unit, Parent: n.Parent, Level: n.Level, Units: n.Units, Reported: n.Reported,
			Included: n.Included, Invalid: n.Invalid}
		if n.Total != nil {
			dn.Total = n.Total.Values
		}
		if n.Branch && n.Own != nil {
			dn.Own = n.Own.Values
		}
		d.Nodes = append(d.Nodes, dn)
	}
	for _, u := range r.Units {
		du := DocUnit{Code: u.Code, Name: u.Name, Parent: u.Parent, OnRoster: u.OnRoster, Status: u.Status,
			File: u.File, SHA256: u.SHA256, Via: u.Via, Included: u.Included, Invalid: u.Invalid, Counts: u.Counts, Note: u.Note}
		if du.File != "" {
			du.File = filepath.ToSlash(du.File)
		}
		d.Units = append(d.Units, du)
	}
	return d
}
