// Package summary consolidates the checked reports of a region into one summary: which roster unit has
// reported and with what result, which reports are summed, the totals of every branch of the roster tree
// and of the whole region, and the findings behind them.
//
// The package is plain Go over model and checks: the CLI (`nianbao summary`), the demo and a web page build
// the same Result, and xlsx.WriteSummary renders it.
//
//	res, err := summary.Build(roster, inputs, summary.Options{Year: 2024})
//	res.Total.Get("t3.new.person")  // 本年新收 自然人, region-wide
//	res.Units[0].Status             // 已报送·通过
package summary

import (
	"time"

	"nianbao/checks"
	"nianbao/model"
)

// Status is what the summary says about one roster unit or one received file.
type Status string

// Statuses of roster units, and of files that are not used for a roster unit.
const (
	Passed Status = "已报送·通过"
	// Explained is a unit whose every warning is explained (通过（已说明）): summed like Passed.
	Explained  Status = "已报送·通过（已说明）"
	Warned     Status = "已报送·有警告"
	Failed     Status = "已报送·有错误"
	Unreadable Status = "无法读取"
	Missing    Status = "未报送"
	// OffRoster marks a file whose unit is not on the roster.
	OffRoster Status = "名单外"
	// Replaced marks an older file of a unit that sent a newer one.
	Replaced Status = "被替代"
	// Double marks a unit file or summary that another summary already covers.
	Double Status = "重复汇总"
	// Refused marks a workbook marked as a summary that does not prove itself (rule R-14): used for no unit.
	Refused Status = "汇总表未采用"
)

// Input is one received file as the checker left it.
type Input struct {
	// Path is the file's path; SHA256 its digest.
	Path   string
	SHA256 string
	// ModTime decides which of two files of one unit is used; zero means the file's time on disk.
	ModTime time.Time
	// Report is what was read; nil when the file could not be read.
	Report *model.Report
	// Summary marks a summary workbook; Covers lists the unit codes it consolidates.
	Summary bool
	Covers  []string
	// Refused marks a claimed summary that does not prove itself; it stands for no unit.
	Refused bool
	// Members are the per-unit reports a summary workbook lists (its 明细 sheets), if any.
	Members []*model.Report
	// Findings are the checker's findings on the file.
	Findings []checks.Finding
}

// Options say how to consolidate.
type Options struct {
	// Year is the report year; it fixes the form version of the totals.
	Year int
	// IncludeInvalid sums reports with errors too; they are marked wherever they appear.
	IncludeInvalid bool
	// Previous returns last year's report of a unit, or nil; used for the cross-year check of the totals.
	Previous func(model.Unit) *model.Report
	// PreviousSummary returns last year's summary made for a unit, or nil: the region's own last year when
	// not every summed unit has a report of last year. Nil means Previous.
	PreviousSummary func(model.Unit) *model.Report
	// Made is when the summary is made; zero means now.
	Made time.Time
	// Tool names the program and its version, for the 汇总说明 sheet.
	Tool string
	// Region names the region the summary covers ("示例市"), shown in its title, 汇总范围 and page
	// headers; "" means RegionName of the roster.
	Region string
}

// Row is one line of the 报送情况: a roster unit with what it sent, or a file that is not used for one.
type Row struct {
	// Code, Name, Parent and Category come from the roster; for a file off the roster, from the file.
	Code, Name, Parent, Category string
	// Level is the depth in the roster tree, 0 for a top unit.
	Level int
	// OnRoster is false for files of units not on the roster.
	OnRoster bool
	Status   Status
	// File is the file used for the unit (a summary workbook when the unit came in one); SHA256 its digest.
	File, SHA256 string
	// Via is set when the unit was reported inside a summary workbook: that workbook's path.
	Via string
	// Counts tallies the findings of the file.
	Counts checks.Counts
	// Included is true when the unit's figures are in the totals; Invalid when they are despite errors.
	Included, Invalid bool
	// Report is the unit's report (nil when missing, unreadable, or only known as part of a summary).
	Report *model.Report
	// Note explains the status in Chinese (which file replaced this one, near misses of the roster…).
	Note string
}

// Node is one roster unit as a branch of the tree: its totals over itself and everything below it.
type Node struct {
	Unit     model.Unit
	Parent   string
	Category string
	Level    int
	// Units counts the roster units in the branch, Reported those with a used file, Included those summed.
	Units, Reported, Included int
	// Invalid counts units summed despite errors.
	Invalid int
	// Total is the sum of every included report of the branch (小计).
	Total *model.Report
	// Own is the unit's own report when it is summed (本级), nil otherwise.
	Own *model.Report
	// Branch is true for a unit with units below it on the roster.
	Branch bool
}

// Counts are the numbers of the 汇总说明 sheet.
type Counts struct {
	Expected   int `json:"expected"`   // 应报: roster units
	Reported   int `json:"reported"`   // 已报: roster units with a used file (readable or not)
	Passed     int `json:"passed"`     // 通过, with or without explained warnings
	Explained  int `json:"explained"`  // of them 通过（已说明）
	Warned     int `json:"warned"`     // 有警告
	Failed     int `json:"failed"`     // 有错误
	Unreadable int `json:"unreadable"` // 无法读取
	Missing    int `json:"missing"`    // 未报送
	OffRoster  int `json:"off_roster"` // 名单外 files
	Replaced   int `json:"replaced"`   // 被替代 files
	Double     int `json:"double"`     // 重复汇总 files
	Refused    int `json:"refused"`    // 汇总表未采用: claimed summaries that do not add up
	Included   int `json:"included"`   // units summed
	// CrossYear counts the units whose carry-over differs from last year's, CrossYearExplained
	// those of them that explained every difference.
	CrossYear          int `json:"cross_year"`
	CrossYearExplained int `json:"cross_year_explained"`
}

// Result is a consolidated region.
type Result struct {
	// Region is the unit the summary is made for: the roster's top unit.
	Region model.Unit
	// Name is the region's name as the summary shows it (Options.Region or RegionName).
	Name    string
	Year    int
	Version model.Version
	Made    time.Time
	Tool    string
	// IncludeInvalid records the inclusion policy.
	IncludeInvalid bool
	// Total is the region total; its Covers lists every unit code summed.
	Total *model.Report
	// Nodes are the roster units in tree order (each followed by the units below it).
	Nodes []Node
	// Units are the roster units in roster order, then the files not used for any roster unit.
	Units  []Row
	Counts Counts
	// Findings are every finding of every file, then those of the summary itself (replaced files, double
	// counting, cross-year checks of the totals).
	Findings []checks.Finding
	// Unexplained lists the roster units with an X-1 difference they did not explain ("名称（代码）").
	Unexplained []string
	// YoY compares the region with last year; nil when last year's figures are unknown.
	YoY *YoY
	// Internal lists failures of identities on the totals, which would mean a bug: sums of correct reports
	// cannot break linear identities.
	Internal []string
}

// Detail returns the rows whose reports are summed, in roster order: the rows of the 明细 sheets.
func (r *Result) Detail() []Row {
	var out []Row
	for _, u := range r.Units {
		if u.Included && u.Report != nil {
			out = append(out, u)
		}
	}
	return out
}
