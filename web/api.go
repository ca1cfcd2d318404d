package web

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"nianbao/batch"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/web/view"
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
	// Kind is "" for a unit's report of the year, else where the file belongs: 下级汇总表 (filed as a
	// lower level's summary), 本级汇总表, 名单 or 其他年度 (none of them filed; Version is 0). Year is the
	// file's own year for 其他年度; Message says it in Chinese.
	Kind    string `json:"kind,omitempty"`
	Year    int    `json:"year,omitempty"`
	Message string `json:"message,omitempty"`
	// Double lists, for a 下级汇总表, what the summary counts as double because of it (重复汇总).
	Double []string `json:"double,omitempty"`
}

func (s *Server) apiYears(w http.ResponseWriter, r *http.Request) {
	years, err := s.store.Years()
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取数据库："+err.Error())
		return
	}
	now := time.Now()
	rec, err := s.store.ReceivedSince(now.Add(-recentReceipt))
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取数据库："+err.Error())
		return
	}
	likely, why := likelyYear(now, rec)
	writeJSON(w, http.StatusOK, map[string]any{"years": append([]int{}, years...), "current": model.CollectingYear(time.Now()),
		"likely": likely, "likely_reason": why})
}

func (s *Server) apiSubmit(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	if u := linkOf(r); u != nil {
		s.apiUnitSubmit(w, r, ws, u)
		return
	}
	ups, skipped, roster, ok := s.receive(w, r, ws)
	if !ok {
		return
	}
	batchID := r.URL.Query().Get("batch")
	if !batchPattern.MatchString(batchID) {
		batchID = randomToken()
	}
	batchID = "upload:" + batchID
	kinds, msgs := make([]string, len(ups)), make([]string, len(ups))
	vs, dups, err := ws.AddAll(ups, batchID, func(i int, f batch.File) bool {
		kinds[i], msgs[i] = ws.Route(f, ups[i].Data, roster)
		return kinds[i] == "" || kinds[i] == season.KindSummary
	}, nil)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	doc := uploadAnswer(ups, vs, dups, kinds, msgs, skipped)
	var summaries []int
	for i, info := range doc.Uploads {
		if info.Kind == season.KindSummary && info.Version != 0 {
			summaries = append(summaries, i)
		}
	}
	if len(summaries) > 0 && roster != nil {
		ws.Lock()
		res, _, err := ws.Build(roster, false)
		ws.Unlock()
		if err == nil {
			for _, i := range summaries {
				doc.Uploads[i].Double = season.Doubles(res, doc.Uploads[i].SHA256, doc.Uploads[i].Name)
			}
		}
	}
	writeSubmit(w, doc)
}

// batchPattern is what a client may give as ?batch= (the page gives one per drop of files).
var batchPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Status is the answer to GET /api/{year}/status.
type Status struct {
	Year    int           `json:"year"`
	Version model.Version `json:"version"`
	// Roster is nil until a roster is uploaded; then Units lists every roster unit in roster order, then
	// the files not used for any (名单外, 被替代), with Counts as in the summary.
	Roster *store.RosterInfo  `json:"roster"`
	Counts *summary.Counts    `json:"counts,omitempty"`
	Units  []season.StatusRow `json:"units"`
	// Files are every file received, withdrawn ones included (with their withdrawn time).
	Files    []*store.Version `json:"files"`
	Previous string           `json:"previous"`
	// CrossYear counts the findings of the cross-year rules (X-…) of the files that count, when a previous
	// year is set.
	CrossYear int      `json:"cross_year"`
	Internal  []string `json:"internal,omitempty"`
	Error     string   `json:"error,omitempty"`

	crossYearOf map[int64]int // CrossYear of each version that counts, by ID (Files hold no findings)
}

func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	st, code, err := s.status(ws)
	if err != nil {
		httpError(w, code, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, forUnit(r, st))
}

func (s *Server) status(ws *season.Season) (*Status, int, error) {
	ws.Lock()
	defer ws.Unlock()
	roster, info, err := s.store.Roster(ws.Year)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	prev, err := s.store.Setting(ws.Year, store.SettingPrevious)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	st := &Status{Year: ws.Year, Version: model.VersionForYear(ws.Year), Roster: info, Units: []season.StatusRow{},
		Previous: strings.TrimRight(strings.SplitAfter(prev, ":")[0], ":")}
	vs, files, err := ws.Results()
	if err != nil {
		return nil, http.StatusUnprocessableEntity, err
	}
	all, err := s.store.VersionHeads(ws.Year)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	st.Files = append([]*store.Version{}, all...)
	st.crossYearOf = map[int64]int{}
	for i, f := range files {
		for _, fd := range f.Findings {
			if strings.HasPrefix(fd.Rule, "X-") {
				st.CrossYear++
				st.crossYearOf[vs[i].ID]++
			}
		}
	}
	if roster == nil {
		return st, 0, nil
	}
	res, err := ws.Summarize(roster, false, vs, files)
	if err != nil {
		st.Error = err.Error()
		return st, 0, nil
	}
	returned, err := s.store.Returned(ws.Year)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	st.Counts, st.Internal = &res.Counts, res.Internal
	st.Units = season.StatusRows(res, vs, returned)
	return st, 0, nil
}

// VersionPage is the answer to GET /api/{year}/versions/{id}: a received file with its result, its
// tables as laid out in the official form, and the other versions of its unit.
type VersionPage struct {
	Version  *store.Version   `json:"version"`
	File     batch.File       `json:"file"`
	Tables   []view.HTMLTable `json:"tables"`
	Others   []*store.Version `json:"versions"`
	Previous string           `json:"previous,omitempty"`
	// Groups are the findings as the text report lists them: each fault with its consequences.
	Groups []view.FindingGroup `json:"groups"`
}

func (s *Server) apiVersion(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return
	}
	others, err := s.store.SubmissionVersions(v.SubmissionID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	by, err := s.store.Explainers(v.ID)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, VersionPage{Version: v, File: v.File, Tables: view.Tables(v.File), Others: others,
		Groups: view.Groups(v.File, by)})
}
