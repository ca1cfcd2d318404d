package web

import (
	"errors"
	"fmt"
	"net/http"
)

func (s *Server) apiWithdraw(w http.ResponseWriter, r *http.Request, ws *workspace) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	v, err := s.store.Version(ws.year, v.ID) // again under the lock: a withdrawal may have come between
	if err == nil {
		err = s.store.Withdraw(v, actorClerk)
	}
	switch {
	case errors.Is(err, errWithdrawn):
		httpError(w, http.StatusConflict, fmt.Sprintf("文件“%s”已经撤回", v.Name))
		return
	case err != nil:
		httpError(w, http.StatusInternalServerError, "无法撤回："+err.Error())
		return
	}
	delete(ws.full, v.ID)
	writeJSON(w, http.StatusOK, map[string]any{"withdrawn": v.ID, "message": fmt.Sprintf("已撤回文件“%s”，它不再计入状态和汇总", v.Name)})
}

func (s *Server) apiChoose(w http.ResponseWriter, r *http.Request, ws *workspace) {
	v, ok := s.version(w, r, ws)
	if !ok {
		return
	}
	ws.mu.Lock()
	defer ws.mu.Unlock()
	v, err := s.store.Version(ws.year, v.ID) // again under the lock: a withdrawal may have come between
	if err == nil {
		err = s.store.Choose(v, actorClerk)
	}
	switch {
	case errors.Is(err, errWithdrawn):
		httpError(w, http.StatusConflict, fmt.Sprintf("文件“%s”已经撤回，不能选定；请重新上传", v.Name))
		return
	case err != nil:
		httpError(w, http.StatusInternalServerError, "无法选定："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"chosen": v.ID, "message": fmt.Sprintf("已选定文件“%s”为该单位采用的版本", v.Name)})
}

func (s *Server) apiLog(w http.ResponseWriter, r *http.Request, ws *workspace) {
	entries, err := s.store.Log(ws.year)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "无法读取日志："+err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": ws.year, "log": entries})
}
