package web

import (
	"fmt"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"nianbao/batch"
	"nianbao/web/season"
	"nianbao/web/store"
)

// apiFileStored is POST /api/{year}/received/{sha}?name=文件名: it files a file the server already keeps (by
// its digest) into the year's workspace as if it had been uploaded there under name. The page uses it for
// a report of another year dropped in this year's 收件 (not filed there, offered for its own year), a file
// inside a zip included, without sending the file again. Only what an upload to the year would file is
// filed: anything else is answered 422 with the reason.
func (s *Server) apiFileStored(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	sha := r.PathValue("sha")
	if !store.IsSHA(sha) {
		httpError(w, http.StatusNotFound, "找不到这个文件，请重新上传")
		return
	}
	name := path.Base(strings.ReplaceAll(r.URL.Query().Get("name"), `\`, "/"))
	if msg := badFileName(name); msg != "" {
		httpError(w, http.StatusBadRequest, msg)
		return
	}
	data, err := s.store.ReadBlob(sha)
	if err != nil {
		httpError(w, http.StatusNotFound, "找不到这个文件，请重新上传")
		return
	}
	roster, _, err := s.store.Roster(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取名单："+err.Error())
		return
	}
	var kind, msg string
	ups := []season.Upload{{Name: name, Data: data}}
	vs, dups, err := ws.AddAll(ups, "stored:"+randomToken(), func(_ int, f batch.File) bool {
		kind, msg = ws.Route(f, data, roster)
		return kind == "" || kind == season.KindSummary
	}, nil)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if vs[0].ID == 0 {
		httpError(w, http.StatusUnprocessableEntity, fmt.Sprintf("“%s”没有放入 %d 年度：%s", name, ws.Year, msg))
		return
	}
	writeJSON(w, http.StatusOK, uploadAnswer(ups, vs, dups, []string{kind}, []string{msg}, nil))
}

// badFileName says what is wrong with a file name given in a request, "" when nothing.
func badFileName(name string) string {
	switch {
	case name == "" || name == "." || name == "/":
		return "缺少文件名（name）"
	case utf8.RuneCountInString(name) > 255 || !utf8.ValidString(name):
		return "文件名过长或不是有效的文字"
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return "文件名中不能有换行、制表符等控制字符"
		}
	}
	return ""
}
