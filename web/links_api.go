package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"nianbao/model"
	"nianbao/web/season"
	"nianbao/web/store"
)

// LinkInfo is one unit's link as the API answers it.
type LinkInfo struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Token   string `json:"token"`
	URL     string `json:"url"`
	Created string `json:"created,omitempty"`
}

// unitPage serves the unit's page (assets/link.html); the token arrives in the address's fragment.
func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) { s.page(w, r, "assets/link.html") }

// apiUnitSession answers who a unit token is; POST (with the token as Authorization: Bearer) also gives
// the browser an HttpOnly cookie holding it, so that the page's requests and downloads carry it without
// the token ever being in an address.
func (s *Server) apiUnitSession(w http.ResponseWriter, r *http.Request) {
	u := linkOf(r)
	if u == nil {
		httpError(w, http.StatusUnauthorized, "请使用办事员发来的报送链接打开本页面")
		return
	}
	if t, ok := bearerToken(r); ok && r.Method == http.MethodPost {
		http.SetCookie(w, &http.Cookie{Name: unitCookie, Value: t, Path: "/", HttpOnly: true,
			Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
		if err := s.store.LogAct(u.Year, store.UnitActor(u.Code), "通过报送链接打开报送页面", 0, u.label()); err != nil {
			httpError(w, http.StatusInternalServerError, "无法记录日志："+err.Error())
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": u.Year, "code": u.Code, "name": u.Name})
}

// apiUnitLogout forgets the unit's cookie.
func (s *Server) apiUnitLogout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: unitCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	writeJSON(w, http.StatusOK, map[string]any{"message": "已退出报送页面"})
}

// linkBase is the start of the links' addresses: Options.PublicURL, else the address the clerk reached
// the server at.
func (s *Server) linkBase(r *http.Request) string {
	if s.opt.PublicURL != "" {
		return strings.TrimRight(s.opt.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// linkNote warns when the links' address names this computer, which other computers cannot open.
func (s *Server) linkNote(r *http.Request) string {
	base := s.linkBase(r)
	host := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	if s.opt.Loopback || loopbackHost(host) {
		return "注意：链接中的地址是本机地址，其他电脑无法打开。请用 --addr 0.0.0.0:8080 启动，并从其他电脑能访问的地址（如 http://192.168.1.10:8080）打开本页面后再下载链接表；链接本身不变"
	}
	return ""
}

// linkInfos lists the links of the roster units that have one, in roster order.
func (s *Server) linkInfos(r *http.Request, ws *season.Season, only map[string]bool) ([]LinkInfo, *model.Roster, error) {
	roster, _, err := s.store.Roster(ws.Year)
	if err != nil {
		return nil, nil, err
	}
	if roster == nil {
		return nil, nil, season.ErrNoRoster
	}
	links, err := s.store.Links(ws.Year)
	if err != nil {
		return nil, nil, err
	}
	out := []LinkInfo{}
	for _, u := range roster.Units {
		l := links[u.Code]
		if l == nil || (only != nil && !only[u.Code]) {
			continue
		}
		t, err := s.store.Token(l)
		if err != nil {
			return nil, nil, err
		}
		info := LinkInfo{Code: u.Code, Name: u.Name, Token: t, Created: store.Stamp(l.Created)}
		if t != "" {
			info.URL = s.linkBase(r) + "/unit#t=" + t
		}
		out = append(out, info)
	}
	return out, roster, nil
}

func (s *Server) apiLinks(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	infos, _, err := s.linkInfos(r, ws, nil)
	if s.linkError(w, err) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"links": infos, "note": s.linkNote(r)})
}

func (s *Server) linkError(w http.ResponseWriter, err error) bool {
	switch {
	case errors.Is(err, season.ErrNoRoster):
		httpError(w, http.StatusNotFound, "还没有上传名单：报送链接按名单中的单位生成")
	case err != nil:
		httpError(w, http.StatusInternalServerError, "无法读取报送链接："+err.Error())
	default:
		return false
	}
	return true
}

// apiCreateLinks makes links: body {"codes":[…], "renew":false}; no codes means every roster unit. A unit
// that has a link keeps it unless renew is true (then its old link stops working).
func (s *Server) apiCreateLinks(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	var body struct {
		Codes []string `json:"codes"`
		Renew bool     `json:"renew"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			httpError(w, http.StatusBadRequest, `请求格式不对：应为 {"codes":["单位代码",…],"renew":false}，不给 codes 即为名单中的全部单位`)
			return
		}
	}
	roster, _, err := s.store.Roster(ws.Year)
	if err == nil && roster == nil {
		err = season.ErrNoRoster
	}
	if s.linkError(w, err) {
		return
	}
	codes := body.Codes
	if len(codes) == 0 {
		for _, u := range roster.Units {
			codes = append(codes, u.Code)
		}
	}
	var unknown, unique []string
	only := map[string]bool{}
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if _, ok := roster.Unit(c); !ok {
			unknown = append(unknown, "“"+c+"”")
		}
		if !only[c] {
			only[c], unique = true, append(unique, c)
		}
	}
	codes = unique
	if len(unknown) > 0 {
		httpError(w, http.StatusUnprocessableEntity, fmt.Sprintf("名单中没有单位代码 %s，没有生成链接", strings.Join(unknown, "、")))
		return
	}
	if err := s.store.CreateLinks(ws.Year, codes, body.Renew, actorOf(r)); err != nil {
		httpError(w, http.StatusInternalServerError, "无法生成报送链接："+err.Error())
		return
	}
	infos, _, err := s.linkInfos(r, ws, only)
	if s.linkError(w, err) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"links": infos, "note": s.linkNote(r)})
}

func (s *Server) apiRevokeLink(w http.ResponseWriter, r *http.Request, ws *season.Season) {
	code := r.PathValue("code")
	err := s.store.RevokeLink(ws.Year, code, actorOf(r))
	switch {
	case errors.Is(err, store.ErrNoLink):
		httpError(w, http.StatusNotFound, fmt.Sprintf("单位“%s”没有有效的报送链接", code))
	case err != nil:
		httpError(w, http.StatusInternalServerError, "无法收回报送链接："+err.Error())
	default:
		writeJSON(w, http.StatusOK, map[string]any{"revoked": code, "message": fmt.Sprintf("已收回单位“%s”的报送链接，它不能再使用", code)})
	}
}
