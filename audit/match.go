package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"nianbao/batch"
	"nianbao/model"
)

// match ties a publication to a roster unit: the unit its title names, equal to a roster name, else the
// one roster name the title's unit contains or is contained in (the longest when several are: 市财政局
// rather than 财政局), else the one roster name in the file name. It returns the unit's index, or -1, and
// how (or why not) in Chinese.
func match(ros *model.Roster, title, path string) (int, string) {
	t := model.Normalize(title)
	base := model.Normalize(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	if t != "" {
		for i, u := range ros.Units {
			if model.Normalize(u.Name) == t {
				return i, "标题中的单位名称与名单一致"
			}
		}
		if i, n := longestIn(ros, func(name string) bool {
			return strings.Contains(t, name) || utf8.RuneCountInString(t) >= 2 && strings.Contains(name, t)
		}); n == 1 {
			return i, "标题中的单位名称与名单相近"
		} else if n > 1 {
			return -1, fmt.Sprintf("标题中的单位“%s”可对应名单中多个单位，无法确定", title)
		}
	}
	if i, n := longestIn(ros, func(name string) bool { return strings.Contains(base, name) }); n == 1 {
		return i, "按文件名对应到名单中的单位"
	} else if n > 1 {
		return -1, "文件名可对应名单中多个单位，无法确定"
	}
	if title == "" {
		return -1, "标题中找不到单位名称，文件名也不含名单中的单位"
	}
	return -1, fmt.Sprintf("名单中没有标题中的单位“%s”", title)
}

// longestIn returns the roster unit with the longest name for which ok holds and how many units have a name
// of that length for which it holds.
func longestIn(ros *model.Roster, ok func(name string) bool) (int, int) {
	best, n, length := -1, 0, 0
	for i, u := range ros.Units {
		name := model.Normalize(u.Name)
		if name == "" || !ok(name) {
			continue
		}
		switch l := utf8.RuneCountInString(name); {
		case l > length:
			best, n, length = i, 1, l
		case l == length:
			n++
		}
	}
	return best, n
}

// submission is the report a unit submitted and where it came from.
type submission struct {
	path, member, format string
	report               *model.Report
}

// loadSubmitted reads the submitted reports — the rows of a summary workbook, or the workbooks of a folder —
// by roster code. A unit's workbook is found by its code, else its name; of two files of one unit, the one
// modified last counts (a resubmission replaces the first).
func loadSubmitted(path string, ros *model.Roster, opt batch.Options) (map[string]submission, error) {
	files, _, err := batch.Collect([]string{path})
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("报送的文件 %s：找不到工作簿", path)
	}
	byCode, byName := map[string]int{}, map[string]int{}
	for i, u := range ros.Units {
		byCode[u.Code] = i
		byName[model.Normalize(u.Name)] = i
	}
	out := map[string]submission{}
	when := map[string]int64{}
	opt.KeepSources = true // the audit names the submission's cell of every difference
	for _, f := range batch.Check(files, opt) {
		if f.Report == nil {
			continue
		}
		var mod int64
		if st, err := os.Stat(f.Path); err == nil {
			mod = st.ModTime().UnixNano()
		}
		for _, r := range f.Units() {
			i, ok := byCode[r.Unit.Code]
			if !ok || r.Unit.Code == "" {
				if i, ok = byName[model.Normalize(r.Unit.Name)]; !ok {
					continue
				}
			}
			code := ros.Units[i].Code
			s := submission{path: f.Path, format: f.Format, report: r}
			if len(f.Members) > 0 {
				s.member = r.Unit.Code
			}
			if _, seen := out[code]; !seen || mod >= when[code] {
				out[code], when[code] = s, mod
			}
		}
	}
	return out, nil
}
