package web

import (
	"fmt"
	"net/http"
	"strings"

	"nianbao/batch"
	"nianbao/web/season"
	"nianbao/web/store"
)

// KindNotOwn is an upload through a unit's link that is not the unit's own report of the year (another
// unit's file, a file without the unit's code, a summary workbook): not filed.
const KindNotOwn = "非本单位"

// apiUnitSubmit is POST /api/{year}/submissions with a unit token: as for the clerk, except that only the
// unit's own reports are filed. Every other file is answered with a Chinese message naming both units
// and recorded nowhere, not even when the clerk received it already.
func (s *Server) apiUnitSubmit(w http.ResponseWriter, r *http.Request, ws *season.Season, u *unitLink) {
	ups, skipped, roster, ok := s.receive(w, r, ws)
	if !ok {
		return
	}
	batchID := store.LinkBatch + u.Code + ":" + randomToken()
	kinds, msgs := make([]string, len(ups)), make([]string, len(ups))
	vs, dups, err := ws.AddAll(ups, batchID, func(i int, f batch.File) bool {
		kinds[i], msgs[i] = ws.Route(f, ups[i].Data, roster)
		if kinds[i] == "" || kinds[i] == season.KindSummary {
			if m := notOwnMessage(ups[i].Name, f, u); m != "" {
				kinds[i], msgs[i] = KindNotOwn, m
			}
		}
		return kinds[i] == ""
	}, func(i int, v *store.Version) bool {
		// A file the clerk received already as another unit's is refused under the season's lock, before
		// anything is done with it: never reinstated, nor its version shown.
		if ownVersion(v, u.Code) {
			return true
		}
		kinds[i], msgs[i] = KindNotOwn, notOwnMessage(ups[i].Name, v.File, u)
		ups[i].Rejected = msgs[i]
		return false
	})
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, uploadAnswer(ups, vs, dups, kinds, msgs, skipped))
}

// notOwnMessage says why a file is not the unit's own report, "" when it is.
func notOwnMessage(name string, f batch.File, u *unitLink) string {
	code := strings.TrimSpace(f.Unit.Code)
	switch {
	case f.Summary:
		return fmt.Sprintf("文件“%s”是汇总表（%s），报送链接只收本单位（%s）自己的报表；汇总表请交给办事员，没有收入", name, season.UnitName(f.Unit), u.label())
	case code == u.Code:
		return ""
	case f.Verdict == batch.Unreadable:
		return fmt.Sprintf("文件“%s”无法读取，看不出是哪个单位的报表；本链接只收本单位（%s）的报表，没有收入", name, u.label())
	case code == "":
		return fmt.Sprintf("文件“%s”中没有填写单位代码（单位名称：%s）；本链接只收单位代码为 %s 的报表（%s），请在“填报说明”中填写单位代码后再上传，没有收入",
			name, orDash(f.Unit.Name), u.Code, u.label())
	}
	return fmt.Sprintf("文件“%s”是单位“%s”的报表，不是本单位“%s”的；本链接只能报送本单位的文件，没有收入",
		name, strings.TrimSpace(code+" "+f.Unit.Name), u.label())
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "未填写"
	}
	return s
}

// forUnit narrows a status to what a unit may see: its own row and its own files, no region counts.
func forUnit(r *http.Request, st *Status) *Status {
	u := linkOf(r)
	if u == nil || st == nil {
		return st
	}
	out := &Status{Year: st.Year, Version: st.Version, Units: []season.StatusRow{}, Files: []*store.Version{}, Previous: st.Previous}
	for _, row := range st.Units {
		if row.Code == u.Code && (row.OnRoster || row.Version != 0) {
			out.Units = append(out.Units, row)
		}
	}
	for _, v := range st.Files {
		if ownVersion(v, u.Code) {
			out.Files = append(out.Files, v)
			out.CrossYear += st.crossYearOf[v.ID]
		}
	}
	return out
}
