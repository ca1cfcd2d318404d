// Package web is `nianbao serve`: a local web page and JSON API over the same library code as the CLI
// (batch for checking, summary for consolidating, xlsx for every workbook), with an SQLite store of
// rosters, submissions, versions and their findings, and the uploaded files kept byte for byte.
//
//	srv, err := web.New(web.Options{Dir: "nianbao-data", Loopback: true})
//	http.ListenAndServe("127.0.0.1:8080", srv.Handler())
package web

import (
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"
	"unicode"

	"nianbao/model"
	"nianbao/web/season"
	"nianbao/web/store"
	"nianbao/xlsx/read"
)

//go:embed assets
var assets embed.FS

// Options configure a server.
type Options struct {
	// Dir is the data folder (database and stored files).
	Dir string
	// Loopback is true when the server listens on a loopback address only: browsers on this computer need
	// no token. Otherwise every request must carry the access token.
	Loopback bool
	// Token is the access token; "" generates one.
	Token string
	// PublicURL is the address units reach the server at (http://192.168.1.10:8080), for their links; ""
	// takes the address of the clerk's request.
	PublicURL string
	// Limits bound what one file may cost to read (as the CLI's limit flags).
	Limits read.Limits
	// MaxFileBytes bounds one uploaded file or zip entry; MaxFiles the files of one upload (zip entries
	// included); MaxUploadBytes a whole request and the unpacked size of a zip.
	MaxFileBytes   int64
	MaxFiles       int
	MaxUploadBytes int64
	// Tool names the program and its version, for the summary.
	Tool string
	// ReadHeaderTimeout bounds the wait for a request's headers, ReadTimeout reading a whole request (an
	// upload included), IdleTimeout a kept-alive connection between requests: a slow or stalled client
	// cannot hold a connection, nor delay shutdown, for longer (HTTPServer). Zero means the default.
	ReadHeaderTimeout, ReadTimeout, IdleTimeout time.Duration
}

// Default upload limits.
const (
	DefaultMaxFileBytes   = 64 << 20
	DefaultMaxFiles       = 2000
	DefaultMaxUploadBytes = 1 << 30
)

// Default timeouts of HTTPServer: headers within 10 s, a whole request (the largest upload over a slow
// network) within 3 minutes, an idle connection closed after 2 minutes.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 3 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
)

// Server serves the page and the API.
type Server struct {
	opt   Options
	store *store.Store
	mux   *http.ServeMux
	// patterns are the routes of mux, as registered.
	patterns []string

	mu     sync.Mutex
	spaces map[int]*season.Season
}

// New opens the store in opt.Dir and returns a server.
func New(opt Options) (*Server, error) {
	if opt.Token == "" {
		opt.Token = randomToken()
	}
	if opt.MaxFileBytes <= 0 {
		opt.MaxFileBytes = DefaultMaxFileBytes
	}
	if opt.MaxFiles <= 0 {
		opt.MaxFiles = DefaultMaxFiles
	}
	if opt.MaxUploadBytes <= 0 {
		opt.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if opt.Tool == "" {
		opt.Tool = "nianbao"
	}
	opt.ReadHeaderTimeout = orDefault(opt.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	opt.ReadTimeout = orDefault(opt.ReadTimeout, DefaultReadTimeout)
	opt.IdleTimeout = orDefault(opt.IdleTimeout, DefaultIdleTimeout)
	st, err := store.Open(opt.Dir)
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, store: st, spaces: map[int]*season.Season{}}
	s.routes()
	return s, nil
}

// Token is the access token other computers must give.
func (s *Server) Token() string { return s.opt.Token }

// Close closes the store; call it after the HTTP server has shut down.
func (s *Server) Close() error { return s.store.Close() }

// Handler is the whole site: security checks around the page and the API.
func (s *Server) Handler() http.Handler { return s.secure(s.mux) }

// HTTPServer is the HTTP server of the site, with the read timeouts of the options: serve it on a
// listener, and Shutdown it before Close.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{Handler: s.Handler(), ReadHeaderTimeout: s.opt.ReadHeaderTimeout,
		ReadTimeout: s.opt.ReadTimeout, IdleTimeout: s.opt.IdleTimeout}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// space returns the workspace of a year.
func (s *Server) space(year int) *season.Season {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.spaces[year]
	if w == nil {
		w = season.New(year, s.store, s.opt.Limits, s.opt.Tool)
		s.spaces[year] = w
	}
	return w
}

func (s *Server) routes() {
	m := &routeMux{ServeMux: http.NewServeMux()}
	static, _ := fs.Sub(assets, "assets")
	files := http.FileServerFS(static)
	m.HandleFunc("GET /{$}", s.index)
	m.Handle("GET /assets/", http.StripPrefix("/assets/", files))
	m.HandleFunc("GET /api/years", s.apiYears)
	m.HandleFunc("GET /api/roster-blank.xlsx", s.downloadBlankRoster)
	m.HandleFunc("GET /unit", s.unitPage)
	m.HandleFunc("GET /api/unit/session", s.apiUnitSession)
	m.HandleFunc("POST /api/unit/session", s.apiUnitSession)
	m.HandleFunc("DELETE /api/unit/session", s.apiUnitLogout)
	for _, r := range s.yearRoutes() {
		m.HandleFunc(r.pattern, s.withYear(r.handle))
	}
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { // anything else under /api: JSON too
		httpError(w, http.StatusNotFound, "没有这个接口："+r.Method+" "+r.URL.Path)
	})
	s.mux, s.patterns = m.ServeMux, m.patterns
}

// yearRoute is a route of a report year's API: withYear checks its {year} and gives the handler the season.
type yearRoute struct {
	pattern string
	handle  func(http.ResponseWriter, *http.Request, *season.Season)
}

// yearRoutes are the routes of a report year: the clerk's API (a unit's link reaches those unit_auth.go
// allows), the downloads, and the submission links.
func (s *Server) yearRoutes() []yearRoute {
	return []yearRoute{
		{"GET /api/{year}/status", s.apiStatus},
		{"POST /api/{year}/submissions", s.apiSubmit},
		{"POST /api/{year}/received/{sha}", s.apiFileStored},
		{"GET /api/{year}/roster", s.apiRoster},
		{"PUT /api/{year}/roster", s.apiPutRoster},
		{"PUT /api/{year}/units", s.apiPutUnits},
		{"POST /api/{year}/roster/copy-previous", s.apiCopyRoster},
		{"PUT /api/{year}/previous", s.apiPutPrevious},
		{"GET /api/{year}/region", s.apiRegion},
		{"PUT /api/{year}/region", s.apiPutRegion},
		{"GET /api/{year}/versions/{id}", s.apiVersion},
		{"DELETE /api/{year}/versions/{id}", s.apiWithdraw},
		{"POST /api/{year}/versions/{id}/choose", s.apiChoose},
		{"PUT /api/{year}/versions/{id}/explanations", s.apiExplain},
		{"GET /api/{year}/log", s.apiLog},
		{"GET /api/{year}/returns.zip", s.downloadReturns},
		{"GET /api/{year}/reminders.xlsx", s.downloadReminders},
		{"GET /api/{year}/versions/{id}/file", s.downloadOriginal},
		{"GET /api/{year}/versions/{id}/annotated.xlsx", s.downloadAnnotated},
		{"GET /api/{year}/template.xlsx", s.downloadTemplate},
		{"GET /api/{year}/templates.zip", s.downloadTemplates},
		{"GET /api/{year}/summary.xlsx", s.downloadSummary},
		{"GET /api/{year}/findings.xlsx", s.downloadFindings},
		{"GET /api/{year}/links", s.apiLinks},
		{"POST /api/{year}/links", s.apiCreateLinks},
		{"GET /api/{year}/links.xlsx", s.downloadLinks},
		{"DELETE /api/{year}/links/{code}", s.apiRevokeLink},
		{"GET /api/{year}/log.xlsx", s.downloadLog},
	}
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) { s.page(w, r, "assets/index.html") }

// page serves one of the pages (index.html, link.html), never cached, with the CSRF cookie set.
func (s *Server) page(w http.ResponseWriter, r *http.Request, name string) {
	s.ensureCSRF(w, r)
	data, err := pageHTML(name)
	if err != nil {
		httpError(w, http.StatusInternalServerError, "页面缺失")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// includeMark is where a page takes in a fragment of assets/ that both pages share: <!--#include name-->.
var includeMark = regexp.MustCompile(`<!--#include ([a-z-]+\.html)-->\n`)

// pageHTML is a page of assets/ with its fragments included.
func pageHTML(name string) ([]byte, error) {
	data, err := assets.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var missing error
	data = includeMark.ReplaceAllFunc(data, func(m []byte) []byte {
		part, err := assets.ReadFile("assets/" + string(includeMark.FindSubmatch(m)[1]))
		if err != nil {
			missing = err
		}
		return part
	})
	return data, missing
}

// withYear parses and checks the {year} of a route.
func (s *Server) withYear(h func(http.ResponseWriter, *http.Request, *season.Season)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		y, err := strconv.Atoi(r.PathValue("year"))
		if err != nil || !model.ValidYear(y) {
			httpError(w, http.StatusNotFound, fmt.Sprintf("“%s”不是有效的报告年度", r.PathValue("year")))
			return
		}
		h(w, r, s.space(y))
	}
}

// httpError answers with a JSON error whose message is a Chinese sentence.
//
// Every error the API returns is a Chinese sentence: a message without any Chinese (a Go error passed on
// as it is) is logged and replaced by the sentence for its status code.
func httpError(w http.ResponseWriter, code int, msg string) {
	if !hasHan(msg) {
		log.Printf("web: %d: %s", code, msg)
		msg = statusSentence(code)
	}
	writeJSON(w, code, map[string]string{"error": msg})
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// statusSentence says in Chinese what an HTTP error status means for the clerk.
func statusSentence(code int) string {
	switch code {
	case http.StatusBadRequest:
		return "请求的格式不对，请刷新页面后重试"
	case http.StatusUnauthorized, http.StatusForbidden:
		return "没有访问权限，请使用带访问令牌的完整网址"
	case http.StatusNotFound:
		return "找不到所请求的内容"
	case http.StatusMethodNotAllowed:
		return "不支持这种请求方式"
	case http.StatusRequestEntityTooLarge:
		return "上传的内容过大"
	case http.StatusUnprocessableEntity:
		return "上传的内容无法处理"
	case http.StatusRequestTimeout:
		return "上传超时，请检查网络后重试"
	}
	return "服务器处理请求时出错，请稍后重试；如仍出错请联系技术支持"
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
