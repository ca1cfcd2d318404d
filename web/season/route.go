package season

import (
	"fmt"
	"slices"
	"strings"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx/read"
)

// Kinds of upload that are not a unit's report for this year (UploadInfo.Kind).
const (
	// KindSummary is a summary workbook of a lower level (下级汇总表), filed as such.
	KindSummary = "下级汇总表"
	// KindOwnSummary is the region's own summary workbook: never filed, it would count every unit twice.
	KindOwnSummary = "本级汇总表"
	// KindRoster is a roster dropped among submissions: not filed.
	KindRoster = "名单"
	// KindOtherYear is a report of another year: not filed; UploadInfo.Year names its year.
	KindOtherYear = "其他年度"
)

// Route decides where an uploaded file belongs, given its check result: "" for a unit's report of the
// year, else one of the kinds above with a Chinese message for the page. Only "" and KindSummary are filed.
// A file that failed is tried as a roster within the season's limits (its time limit too).
func (w *Season) Route(f batch.File, data []byte, roster *model.Roster) (kind, msg string) {
	switch {
	case f.Report != nil && f.Year != 0 && f.Year != w.Year:
		return KindOtherYear, fmt.Sprintf("这是 %d 年度的报表，不是 %d 年度的，没有收入本年度；请放入 %d 年度的工作区", f.Year, w.Year, f.Year)
	case f.Summary:
		if top := ownSummary(f, roster); top != "" {
			return KindOwnSummary, fmt.Sprintf("这是本地区（%s）自己的汇总表，汇总了 %d 个单位，不能作为报送收入，否则会重复计算；没有收入", top, len(f.Covers))
		}
		return KindSummary, fmt.Sprintf("按下级汇总表收入（%s，汇总了 %d 个单位）", UnitName(f.Unit), len(f.Covers))
	case f.Verdict == batch.Failed || f.Verdict == batch.Unreadable:
		if r, err := read.ReadRosterBytes(f.Path, data, w.lim); err == nil && len(r.Units) > 0 && len(r.Problems()) == 0 {
			return KindRoster, fmt.Sprintf("这是单位名单（%d 个单位），不是报表，没有收入；如要使用，请在“名单”一步上传", len(r.Units))
		}
	}
	return "", ""
}

// ownSummary returns the top unit of the roster a summary workbook is made for or covers, "" when it is
// a lower level's.
func ownSummary(f batch.File, roster *model.Roster) string {
	if roster == nil {
		return ""
	}
	for _, u := range roster.Children("") {
		if u.Code == f.Unit.Code || slices.Contains(f.Covers, u.Code) {
			return u.Code + " " + u.Name
		}
	}
	return ""
}

// UnitName is how a message names a unit: its name, else its code.
func UnitName(u model.Unit) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Code
}

// Doubles lists what the summary (summary.Build, as `nianbao summary` decides) counts as double for a
// summary workbook just received: the workbook itself when another summary covers its units, and the
// units' own files it covers.
func Doubles(res *summary.Result, sha, name string) []string {
	out := []string{}
	for _, u := range res.Units {
		if u.Status == summary.Double && (u.SHA256 == sha || strings.Contains(u.Note, "汇总表 "+name+" ")) {
			out = append(out, u.Code+" "+u.Name)
		}
	}
	return out
}
