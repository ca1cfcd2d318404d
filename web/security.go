package web

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Cookie and header names of the access token and of the CSRF double submit.
const (
	tokenCookie = "nianbao_token"
	csrfCookie  = "nianbao_csrf"
	csrfHeader  = "X-Nianbao-CSRF"
)

// csp allows nothing but this site's own scripts, styles and requests: no inline code, no other origin.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// secure wraps the site: security headers; on a loopback address only loopback host names (against DNS
// rebinding); a unit's token limited to its unit (serveUnit); elsewhere the access token on every request
// but the unit page's static files; and a CSRF check on every state-changing request.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if s.opt.Loopback && !loopbackHost(r.Host) {
			httpError(w, http.StatusForbidden, "只接受本机地址（127.0.0.1 或 localhost）的访问")
			return
		}
		if s.serveUnit(w, r, next) { // a unit's token: its own page and files only
			return
		}
		bearer := s.bearer(r)
		if !s.opt.Loopback && !bearer && !s.tokenCookie(r) && !(r.Method == http.MethodGet && publicPaths[r.URL.Path]) {
			if t := r.URL.Query().Get("token"); r.Method == http.MethodGet && t != "" && s.equalToken(t) {
				http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: t, Path: "/", HttpOnly: true,
					SameSite: http.SameSiteStrictMode, Expires: time.Now().Add(30 * 24 * time.Hour)})
				u := *r.URL
				q := u.Query()
				q.Del("token")
				u.RawQuery = q.Encode()
				http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
				return
			}
			httpError(w, http.StatusUnauthorized, "需要访问令牌：请使用启动时显示的完整网址（含 ?token=），"+
				"或在请求头中给出 Authorization: Bearer <访问令牌>")
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		default:
			if msg := s.csrf(r, bearer); msg != "" {
				httpError(w, http.StatusForbidden, msg)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// csrf returns why a state-changing request is refused, or "". Requests with the access token in the
// Authorization header are not forgeable by another site; browsers must come from this origin and echo
// the CSRF cookie in a header (which a cross-site form cannot set).
func (s *Server) csrf(r *http.Request, bearer bool) string {
	if bearer {
		return ""
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return "拒绝来自其他网站的请求"
		}
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return "拒绝来自其他网站的请求"
	}
	c, err := r.Cookie(csrfCookie)
	got := r.Header.Get(csrfHeader)
	if err != nil || c.Value == "" || got == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(got)) != 1 {
		return "请求缺少页面的校验码（请刷新页面后重试）；其他系统调用接口时请在请求头中给出 Authorization: Bearer <访问令牌>"
	}
	return ""
}

// ensureCSRF gives the browser its CSRF cookie when it has none.
func (s *Server) ensureCSRF(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: randomToken(), Path: "/", SameSite: http.SameSiteStrictMode})
}

func (s *Server) bearer(r *http.Request) bool {
	t, ok := bearerToken(r)
	return ok && s.equalToken(t)
}

// bearerToken is the token of an "Authorization: Bearer …" header, and whether there is one.
func bearerToken(r *http.Request) (string, bool) {
	t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return strings.TrimSpace(t), ok
}

func (s *Server) tokenCookie(r *http.Request) bool {
	c, err := r.Cookie(tokenCookie)
	return err == nil && s.equalToken(c.Value)
}

func (s *Server) equalToken(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(s.opt.Token)) == 1
}

// loopbackHost reports whether a Host header names this computer.
func loopbackHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.Trim(h, "[]")
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// IsLoopback reports whether a listen address (host:port) binds loopback only.
func IsLoopback(addr string) bool {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	return h != "" && loopbackHost(h)
}
