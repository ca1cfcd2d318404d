package web

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"strings"

	"nianbao/batch"
	"nianbao/locate"
	"nianbao/model"
	"nianbao/templates"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/web/view"
	"nianbao/xlsx/read"
)

// contactOf reads the contact fields from a stored file made from our template; the zero Contact for a
// file of another layout or one that cannot be read.
func (s *Server) contactOf(v *store.Version) store.Contact {
	if v.File.Verdict == batch.Unreadable {
		return store.Contact{}
	}
	data, err := s.store.ReadBlob(v.SHA256)
	if err != nil {
		return store.Contact{}
	}
	wb, err := read.OpenBytes(context.Background(), v.Name, data, s.opt.Limits)
	if err != nil {
		return store.Contact{}
	}
	ver := v.File.Version
	if ver == 0 {
		ver = model.VersionForYear(v.Year)
	}
	return store.Contact{Filler: locate.InfoField(wb.Grids, ver, templates.FieldFiller), Phone: locate.InfoField(wb.Grids, ver, templates.FieldPhone)}
}

// contact is the contact of a version: from its facts, else read from its file once and recorded there.
func (s *Server) contact(v *store.Version) store.Contact {
	if c, ok, err := s.store.StoredContact(v.ID); err == nil && ok {
		return c
	}
	c := s.contactOf(v)
	if err := s.store.SetContact(v.ID, c); err != nil {
		log.Printf("web: recording the contact of %d: %v", v.ID, err)
	}
	return c
}

// contacts gives, per unit code, the contact from the unit's newest file of the year that names one,
// else from its newest file of last year's workspace.
func (s *Server) contacts(year int, codes map[string]bool) (map[string]store.Contact, error) {
	out := map[string]store.Contact{}
	for _, y := range []int{year, year - 1} {
		vs, err := s.store.VersionHeads(y)
		if err != nil {
			return nil, err
		}
		for i := len(vs) - 1; i >= 0; i-- { // later ids first
			v := vs[i]
			code := strings.TrimSpace(v.File.Unit.Code)
			if !codes[code] || out[code] != (store.Contact{}) || v.File.Summary {
				continue
			}
			if c := s.contact(v); c != (store.Contact{}) {
				out[code] = c
			}
		}
	}
	return out, nil
}

// downloadReminders sends the list of units to remind: 未报送 and 已退回 roster units with their contact
// and, for a returned unit, its first error.
func (s *Server) downloadReminders(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	st, code, err := s.status(ws)
	if err != nil {
		httpError(w, code, err.Error())
		return
	}
	if st.Roster == nil {
		httpError(w, http.StatusNotFound, "还没有上传名单：催报名单按名单列出单位")
		return
	}
	var rows []season.StatusRow
	codes := map[string]bool{}
	for _, u := range st.Units {
		if u.OnRoster && (u.Progress == season.ProgressMissing || u.Progress == season.ProgressReturned) {
			rows = append(rows, u)
			codes[u.Code] = true
		}
	}
	cs, err := s.contacts(ws.Year, codes)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	first, err := s.store.FirstErrors(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	grid := locate.Grid{Name: "催报名单"}
	grid.Rows = append(grid.Rows, view.TextRow("单位代码", "单位名称", "上级单位代码", "状态", "退回日期", "填报人", "联系电话", "首个错误"))
	for _, u := range rows {
		date := ""
		if u.Returned != nil {
			date = u.Returned.Format("2006-01-02")
		}
		c := cs[u.Code]
		grid.Rows = append(grid.Rows, view.TextRow(u.Code, u.Name, u.Parent, u.Progress, date, c.Filler, c.Phone, first[u.Version]))
	}
	sendSheet(w, fmt.Sprintf("%d年度催报名单.xlsx", ws.Year), grid)
}
