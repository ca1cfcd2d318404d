package web

import (
	"errors"
	"fmt"
	"net/http"
	"nianbao/web/season"
	"nianbao/web/store"
)

func (s *Server) apiWithdraw(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	v, ok := s.actOnVersion(w, r, ws, s.store.Withdraw, "已经撤回", "无法撤回：", nil)
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"withdrawn": v.ID, "message": fmt.Sprintf("已撤回文件“%s”，它不再计入状态和汇总", v.Name)})
	}
}

func (s *Server) apiChoose(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	v, ok := s.actOnVersion(w, r, ws, s.store.Choose, "已经撤回，不能选定；请重新上传", "无法选定：", nil)
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"chosen": v.ID, "message": fmt.Sprintf("已选定文件“%s”为该单位采用的版本", v.Name)})
	}
}

// actOnVersion applies a clerk's act to the version of the request under the workspace lock, reading the
// version again under it (a withdrawal may have come in between), then runs after (if any) under the same
// lock. A withdrawn version is answered 409 ("文件“name”" + withdrawn), any other failure 500 (failed + the
// error); it returns false when it has answered.
func (s *Server) actOnVersion(w http.ResponseWriter, r *http.Request, ws *season.Season,
	act func(*store.Version, string) error, withdrawn, failed string, after func(*store.Version)) (*store.Version, bool) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return nil, false
	}
	ws.Lock()
	defer ws.Unlock()
	v, err := s.store.Version(ws.Year, v.ID)
	if err == nil {
		err = act(v, store.ActorClerk)
	}
	switch {
	case errors.Is(err, store.ErrWithdrawn):
		httpError(w, http.StatusConflict, fmt.Sprintf("文件“%s”%s", v.Name, withdrawn))
		return nil, false
	case err != nil:
		httpError(w, http.StatusInternalServerError, failed+err.Error())
		return nil, false
	}
	if after != nil {
		after(v)
	}
	return v, true
}

func (s *Server) apiLog(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	entries, err := s.store.Log(ws.Year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取日志："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": ws.Year, "log": entries})
}
