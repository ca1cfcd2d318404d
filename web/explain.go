package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/web/season"
	"nianbao/web/store"
)

// maxExplanation bounds the text of one explanation, in characters.
const maxExplanation = 2000

// ExplainResult is the answer to PUT /api/{year}/versions/{id}/explanations: the version's result after
// the change.
type ExplainResult struct {
	Version  int64            `json:"version"`
	Verdict  batch.Verdict    `json:"verdict"`
	Findings []checks.Finding `json:"findings"`
	Message  string           `json:"message"`
}

// explainError is an error with the HTTP status it is answered with; its text is Chinese.
type explainError struct {
	code int
	msg  string
}

func (e *explainError) Error() string { return e.msg }

// Explain records (text) or removes ("") the explanations of the findings of version id of a year, by
// finding id, as actor, and returns the version's result after it. Only warnings can be explained: an id
// of an error, a consequence or no finding is refused as a whole (nothing is recorded). An *explainError
// carries the status to answer with.
func (s *Server) Explain(year int, id int64, texts map[string]string, actor string) (*ExplainResult, error) {
	if len(texts) == 0 {
		return nil, &explainError{http.StatusBadRequest, "没有收到说明：请求体应为 {\"F3\": \"说明的内容\"}"}
	}
	ws := s.space(year)
	ws.Lock()
	defer ws.Unlock()
	v, err := s.store.Version(year, id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, &explainError{http.StatusNotFound, "找不到这个文件"}
	}
	byID := map[string]checks.Finding{}
	for _, f := range v.File.Findings {
		byID[f.ID] = f
	}
	ids := make([]string, 0, len(texts))
	for fid := range texts {
		ids = append(ids, fid)
	}
	sort.Slice(ids, func(i, j int) bool { return findingOrder(ids[i]) < findingOrder(ids[j]) })
	var edits []store.ExplanationEdit
	for _, fid := range ids {
		text := strings.TrimSpace(texts[fid])
		f, ok := byID[fid]
		switch {
		case !ok:
			return nil, &explainError{http.StatusUnprocessableEntity, fmt.Sprintf("文件“%s”中没有编号为“%s”的问题", v.Name, fid)}
		case !f.Fault():
			return nil, &explainError{http.StatusUnprocessableEntity, fmt.Sprintf("%s 是由 %s 引起的，不能单独说明；请说明或改正 %s", fid, f.Because, f.Because)}
		case f.Severity != checks.Warning:
			return nil, &explainError{http.StatusUnprocessableEntity, fmt.Sprintf("%s 是%s，不能说明，只能改正：%s", fid, f.Severity, f.Message)}
		case utf8.RuneCountInString(text) > maxExplanation:
			return nil, &explainError{http.StatusUnprocessableEntity, fmt.Sprintf("对 %s 的说明过长（%d 字），最多 %d 字", fid, utf8.RuneCountInString(text), maxExplanation)}
		}
		edits = append(edits, store.ExplanationEdit{ID: fid, Key: store.ExplainKey(f), Text: text})
	}
	if err := s.store.SetExplanations(v, edits, actor); err != nil {
		return nil, err
	}
	// Check the file again (the workbook's own 说明 come back when a recorded one is removed), apply what
	// is recorded, and store the result (and its facts, which the status and the summary read).
	opt, err := ws.Options()
	if err != nil {
		return nil, err
	}
	f := s.store.CheckStored(v.SHA256, v.Name, opt)
	if err := s.store.Explained(v.ID, &f); err != nil {
		return nil, err
	}
	if err := s.store.UpdateResult(v.ID, f); err != nil {
		return nil, err
	}
	msg := fmt.Sprintf("已保存 %d 条说明，结论为“%s”", len(edits), f.Verdict)
	return &ExplainResult{Version: v.ID, Verdict: f.Verdict, Findings: append([]checks.Finding{}, f.Findings...), Message: msg}, nil
}

// findingOrder sorts finding ids F1, F2, … by number, anything else after them.
func findingOrder(id string) int {
	if n, err := strconv.Atoi(strings.TrimPrefix(id, "F")); err == nil && strings.HasPrefix(id, "F") {
		return n
	}
	return 1 << 30
}

// apiExplain is PUT /api/{year}/versions/{id}/explanations: a JSON object of finding id → text.
func (s *Server) apiExplain(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		httpError(w, http.StatusNotFound, "找不到这个文件")
		return
	}
	var texts map[string]string
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&texts); err != nil {
		httpError(w, http.StatusBadRequest, "说明的格式不对：请求体应为 JSON 对象 {\"F3\": \"说明的内容\"}，空文字表示删除")
		return
	}
	res, err := s.Explain(ws.Year, id, texts, actorOf(r))
	var se *explainError
	switch {
	case errors.As(err, &se):
		httpError(w, se.code, se.msg)
	case err != nil:
		httpError(w, http.StatusInternalServerError, "无法保存说明："+err.Error())
	default:
		writeJSON(w, http.StatusOK, res)
	}
}
