package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/model"
	"nianbao/summary"
)

// SubmitDocument is the answer to POST /api/{year}/submissions: the document of `nianbao check --json`
// for the files received, plus what became of each upload.
type SubmitDocument struct {
	batch.Document
	Uploads []UploadInfo `json:"uploads"`
}

// UploadInfo says what became of one uploaded file.
type UploadInfo struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256,omitempty"`
	// Version is the id of the version recording the file (0 when it was rejected).
	Version int64 `json:"version,omitempty"`
	// Duplicate is true when the same file had been received before; DuplicateOf is that file's name.
	Duplicate   bool          `json:"duplicate,omitempty"`
	DuplicateOf string        `json:"duplicate_of,omitempty"`
	Verdict     batch.Verdict `json:"verdict"`
}

func (s *Server) apiYears(w http.ResponseWriter, r *http.Request) {
	years, err := s.store.Years()
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取数据库："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"years": append([]int{}, years...), "current": model.CollectingYear(time.Now())})
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request, ws *workspace) {
	ups, skipped, err := s.readUploads(w, r)
	switch {
	case errors.Is(err, errTooMany):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("一次最多上传 %d 个文件（压缩包内的文件也计算在内），请分批上传", s.opt.MaxFiles))
		return
	case errors.Is(err, errTooLarge):
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("一次上传的文件总大小不能超过 %s，请分批上传", size(s.opt.MaxUploadBytes)))
		return
	case err != nil:
		httpError(w, http.StatusBadRequest, err.Error())
		return
	case len(ups) == 0 && len(skipped) == 0:
		httpError(w, http.StatusBadRequest, "没有收到文件：请把文件放在字段 file 中")
		return
	}
	doc := SubmitDocument{Uploads: []UploadInfo{}}
	var files []batch.File
	for _, up := range ups {
		if up.rejected != "" {
			f := rejectedFile(up)
			files = append(files, f)
			doc.Uploads = append(doc.Uploads, UploadInfo{Name: up.name, Verdict: f.Verdict})
			continue
		}
		v, dup, err := ws.add(up.data, up.name, up.modified)
		if err != nil {
			httpError(w, http.StatusInternalServerError, err.Error())
			return
		}
		info := UploadInfo{Name: up.name, SHA256: v.SHA256, Version: v.ID, Duplicate: dup, Verdict: v.Verdict}
		if dup {
			info.DuplicateOf = v.Name
		}
		files = append(files, v.File)
		doc.Uploads = append(doc.Uploads, info)
	}
	doc.Document = batch.NewDocument(files, skipped)
	writeJSON(w, http.StatusOK, doc)
}

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
	checks.Counts
}

// Status is the answer to GET /api/{year}/status.
type Status struct {
	Year    int           `json:"year"`
	Version model.Version `json:"version"`
	// Roster is nil until a roster is uploaded; then Units lists every roster unit in roster order, then
	// the files not used for any (名单外, 被替代), with Counts as in the summary.
	Roster   *RosterInfo     `json:"roster"`
	Counts   *summary.Counts `json:"counts,omitempty"`
	Units    []StatusRow     `json:"units"`
	Files    []*Version      `json:"files"`
	Previous string          `json:"previous"`
	// CrossYear counts the findings of the cross-year rules (X-…) when a previous year is set.
	CrossYear int      `json:"cross_year"`
	Internal  []string `json:"internal,omitempty"`
	Error     string   `json:"error,omitempty"`
}

func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request, ws *workspace) {
	st, code, err := s.status(ws)
	if err != nil {
		httpError(w, code, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) status(ws *workspace) (*Status, int, error) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	roster, info, err := s.store.Roster(ws.year)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	prev, err := s.store.Setting(ws.year, "previous")
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	st := &Status{Year: ws.year, Version: model.VersionForYear(ws.year), Roster: info, Units: []StatusRow{},
		Previous: strings.TrimRight(strings.SplitAfter(prev, ":")[0], ":")}
	vs, files, err := ws.results()
	if err != nil {
		return nil, http.StatusUnprocessableEntity, err
	}
	st.Files = append([]*Version{}, vs...)
	for _, f := range files {
		for _, fd := range f.Findings {
			if strings.HasPrefix(fd.Rule, "X-") {
				st.CrossYear++
			}
		}
	}
	if roster == nil {
		return st, 0, nil
	}
	res, _, err := ws.build(roster, false)
	if err != nil {
		st.Error = err.Error()
		return st, 0, nil
	}
	bySHA := map[string]int64{}
	for _, v := range vs {
		bySHA[v.SHA256] = v.ID
	}
	st.Counts, st.Internal = &res.Counts, res.Internal
	for _, u := range res.Units {
		row := StatusRow{Code: u.Code, Name: u.Name, Parent: u.Parent, Category: u.Category, Level: u.Level,
			OnRoster: u.OnRoster, Status: u.Status, File: u.File, SHA256: u.SHA256, Via: u.Via,
			Included: u.Included, Note: u.Note, Counts: u.Counts}
		row.Version = bySHA[u.SHA256]
		st.Units = append(st.Units, row)
	}
	return st, 0, nil
}

// VersionPage is the answer to GET /api/{year}/versions/{id}: a received file with its result, its
// tables as laid out in the official form, and the other versions of its unit.
type VersionPage struct {
	Version  *Version    `json:"version"`
	File     batch.File  `json:"file"`
	Tables   []HTMLTable `json:"tables"`
	Others   []*Version  `json:"versions"`
	Previous string      `json:"previous,omitempty"`
}

func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request, ws *workspace) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return
	}
	others, err := s.store.SubmissionVersions(v.SubmissionID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, VersionPage{Version: v, File: v.File, Tables: renderTables(v.File), Others: others})
}
