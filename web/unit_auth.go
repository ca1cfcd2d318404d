package web

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"strings"

	"nianbao/web/store"
)

// A unit's access: a request that carries a unit token (Authorization: Bearer, or the HttpOnly cookie
// the unit page gets for it) acts as that unit, on any server, loopback included. What a unit may reach
// is decided per route pattern by unitRules, before the handler runs; a route without a rule is refused.

// unitCookie holds a unit's token in the browser after the unit page exchanged it (POST /api/unit/session).
const unitCookie = "nianbao_unit"

// unitAccess says what a unit token may do on a route.
type unitAccess int

const (
	// unitDenied: beyond the unit (the roster, the summary, settings, other units): 403.
	unitDenied unitAccess = iota
	// unitOpen: served as to anyone (the page's assets, the unit page, the session, JSON 404s).
	unitOpen
	// unitHome: the clerk's page; the unit is sent to its own page instead.
	unitHome
	// unitYear: the link's own year only; the handler narrows the answer to the unit (status, uploads).
	unitYear
	// unitVersion: a version ({id}) of the unit's own reports, in the link's year.
	unitVersion
	// unitTemplate: the blank template or the unit's own pre-filled one, in the link's year.
	unitTemplate
)

// unitRules gives every route of the server its rule for unit tokens (TestUnitRulesCoverRoutes fails on
// a route without one).
var unitRules = map[string]unitAccess{
	"GET /{$}":                                     unitHome,
	"GET /assets/":                                 unitOpen,
	"/api/":                                        unitOpen,
	"GET /unit":                                    unitOpen,
	"GET /api/unit/session":                        unitOpen,
	"POST /api/unit/session":                       unitOpen,
	"DELETE /api/unit/session":                     unitOpen,
	"GET /api/years":                               unitDenied,
	"GET /api/roster-blank.xlsx":                   unitDenied,
	"GET /api/{year}/status":                       unitYear,
	"POST /api/{year}/submissions":                 unitYear,
	"GET /api/{year}/roster":                       unitDenied,
	"PUT /api/{year}/roster":                       unitDenied,
	"PUT /api/{year}/units":                        unitDenied,
	"POST /api/{year}/roster/copy-previous":        unitDenied,
	"POST /api/{year}/received/{sha}":              unitDenied,
	"GET /api/{year}/region":                       unitDenied,
	"PUT /api/{year}/region":                       unitDenied,
	"PUT /api/{year}/previous":                     unitDenied,
	"GET /api/{year}/versions/{id}":                unitVersion,
	"DELETE /api/{year}/versions/{id}":             unitDenied,
	"POST /api/{year}/versions/{id}/choose":        unitDenied,
	"PUT /api/{year}/versions/{id}/explanations":   unitVersion,
	"GET /api/{year}/log":                          unitDenied,
	"GET /api/{year}/log.xlsx":                     unitDenied,
	"GET /api/{year}/returns.zip":                  unitDenied,
	"GET /api/{year}/reminders.xlsx":               unitDenied,
	"GET /api/{year}/versions/{id}/file":           unitVersion,
	"GET /api/{year}/versions/{id}/annotated.xlsx": unitVersion,
	"GET /api/{year}/template.xlsx":                unitTemplate,
	"GET /api/{year}/templates.zip":                unitDenied,
	"GET /api/{year}/summary.xlsx":                 unitDenied,
	"GET /api/{year}/findings.xlsx":                unitDenied,
	"GET /api/{year}/links":                        unitDenied,
	"POST /api/{year}/links":                       unitDenied,
	"GET /api/{year}/links.xlsx":                   unitDenied,
	"DELETE /api/{year}/links/{code}":              unitDenied,
}

// publicPaths are served without any token on every server: the unit page and what it loads, so that a
// link (whose token is in the address's fragment, never sent) can open before the page hands the token
// over. They are the same static files for everyone.
var publicPaths = map[string]bool{
	"/unit": true, "/assets/link.js": true, "/assets/common.js": true, "/assets/unit.js": true, "/assets/findings.js": true,
	"/assets/app.css": true, "/assets/link.css": true,
}

type unitCtxKey struct{}

// linkOf returns the unit link a request acts for, nil for the clerk.
func linkOf(r *http.Request) *unitLink {
	u, _ := r.Context().Value(unitCtxKey{}).(*unitLink)
	return u
}

// actorOf names who acts in a request, for the log: 办事员, or 单位 <code>.
func actorOf(r *http.Request) string {
	if u := linkOf(r); u != nil {
		return store.UnitActor(u.Code)
	}
	return store.ActorClerk
}

// unitLink is a valid link with its roster unit's name (as the roster says now); off is true when the
// year's roster no longer has the unit.
type unitLink struct {
	*store.Link
	Name string
	off  bool
}

func (u *unitLink) label() string {
	if u.Name == "" {
		return u.Code
	}
	return u.Code + " " + u.Name
}

// unitCredential finds a unit token in a request: a bearer token shaped as a unit token, else the unit
// cookie. It returns nil, false, nil when there is none; fromHeader is true for the bearer header.
func (s *Server) unitCredential(r *http.Request) (u *unitLink, fromHeader bool, err error) {
	t, ok := bearerToken(r)
	if ok {
		if _, unit := store.LinkID(t); !unit || s.equalToken(t) {
			return nil, false, nil // the clerk's token or none of ours: the clerk's checks decide
		}
		fromHeader = true
	} else if c, cerr := r.Cookie(unitCookie); cerr == nil && c.Value != "" {
		t = c.Value
	} else {
		return nil, false, nil
	}
	l, err := s.store.CheckUnitToken(t)
	if err != nil {
		return nil, fromHeader, err
	}
	name, on, err := s.store.RosterName(l.Year, l.Code)
	if err != nil {
		return nil, fromHeader, err
	}
	return &unitLink{Link: l, Name: name, off: !on}, fromHeader, nil
}

// serveUnit answers a request made with a unit token: 401 for a token that is not (or no longer) valid,
// the unit's own page for the clerk's, 403 beyond the unit, else the handler with the unit in the context.
// It returns false when the request carries no unit token.
func (s *Server) serveUnit(w http.ResponseWriter, r *http.Request, next http.Handler) bool {
	u, fromHeader, err := s.unitCredential(r)
	if u == nil && err == nil {
		return false
	}
	if err != nil {
		if !fromHeader { // a stale cookie must not lock the browser out of the clerk's page
			http.SetCookie(w, &http.Cookie{Name: unitCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
		}
		switch {
		case errors.Is(err, store.ErrLinkRevoked):
			httpError(w, http.StatusUnauthorized, "此报送链接已被收回，不能再使用；请向办事员索取新的链接")
		case errors.Is(err, store.ErrNoLink):
			httpError(w, http.StatusUnauthorized, "报送链接无效：请使用办事员发来的完整链接")
		default:
			log.Printf("web: checking a unit token: %v", err)
			httpError(w, http.StatusInternalServerError, "无法核对报送链接，请稍后重试")
		}
		return true
	}
	_, pattern := s.mux.Handler(r)
	access, ok := unitRules[pattern]
	if !ok {
		access = unitDenied
	}
	if access == unitHome {
		http.Redirect(w, r, "/unit", http.StatusSeeOther)
		return true
	}
	if u.off && pattern != "GET /assets/" && pattern != "GET /unit" {
		httpError(w, http.StatusForbidden, fmt.Sprintf("单位代码 %s 已不在 %d 年度的名单中，报送链接暂不能使用；请联系办事员", u.Code, u.Year))
		return true
	}
	if msg := s.unitRefusal(r, u, pattern, access); msg != "" {
		httpError(w, http.StatusForbidden, msg)
		return true
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !fromHeader {
		if msg := s.csrf(r, false); msg != "" {
			httpError(w, http.StatusForbidden, msg)
			return true
		}
	}
	next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), unitCtxKey{}, u)))
	return true
}

// unitRefusal says in Chinese why a unit may not make a request, or "".
func (s *Server) unitRefusal(r *http.Request, u *unitLink, pattern string, access unitAccess) string {
	beyond := fmt.Sprintf("报送链接只能报送和查看本单位（%s）的文件，不能访问名单、汇总、设置或其他单位的内容", u.label())
	if access == unitDenied {
		return beyond
	}
	if access == unitOpen {
		return ""
	}
	vals := pathValues(pattern, r.URL.Path)
	if y, err := strconv.Atoi(vals["year"]); err != nil || y != u.Year {
		return fmt.Sprintf("本单位（%s）的报送链接只能用于 %d 年度的报送", u.label(), u.Year)
	}
	switch access {
	case unitTemplate:
		if c := r.URL.Query().Get("unit"); c != "" && c != u.Code {
			return beyond
		}
	case unitVersion:
		id, err := strconv.ParseInt(vals["id"], 10, 64)
		if err != nil {
			return "" // the handler answers 404
		}
		v, err := s.store.Version(u.Year, id)
		if err != nil || v == nil {
			return ""
		}
		if !ownVersion(v, u.Code) {
			return beyond
		}
	}
	return ""
}

// ownVersion reports whether a version is a report of the unit with the code (not a summary workbook).
func ownVersion(v *store.Version, code string) bool {
	return !v.File.Summary && strings.TrimSpace(v.File.Unit.Code) == code
}

// pathValues matches a request path against a route pattern ("GET /api/{year}/versions/{id}") and
// returns the wildcards' values.
func pathValues(pattern, path string) map[string]string {
	_, p, ok := strings.Cut(pattern, " ")
	if !ok {
		p = pattern
	}
	ps, rs := strings.Split(strings.Trim(p, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")
	out := map[string]string{}
	if len(ps) != len(rs) {
		return out
	}
	for i, seg := range ps {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out[strings.Trim(seg, "{}")] = rs[i]
		}
	}
	return out
}

// routeMux is the server's ServeMux, keeping the patterns registered (for the rules' test).
type routeMux struct {
	*http.ServeMux
	patterns []string
}

// Handle registers a handler and remembers its pattern.
func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

// HandleFunc registers a handler function and remembers its pattern.
func (m *routeMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.HandleFunc(pattern, h)
}
