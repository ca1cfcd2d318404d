package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSecurity: who may do what, on a loopback server and on one listening on other addresses.
func TestSecurity(t *testing.T) {
	local := newTestServer(t, "", Options{Loopback: true})
	remote := newTestServer(t, "", Options{Loopback: false})
	host := func(s *testServer) string { u, _ := url.Parse(s.ts.URL); return u.Host }
	const csrf = "0123456789abcdef0123456789abcdef"
	units := `{"units":[{"Code":"1","Name":"示例市","Parent":""}]}`
	tests := []struct {
		name   string
		s      *testServer
		method string
		path   string
		header map[string]string
		cookie map[string]string
		want   int
	}{
		{"page on loopback", local, "GET", "/", nil, nil, http.StatusOK},
		{"asset on loopback", local, "GET", "/assets/app.js", nil, nil, http.StatusOK},
		{"rebound host name", local, "GET", "/api/years", map[string]string{"Host": "evil.example:80"}, nil, http.StatusForbidden},
		{"put without csrf", local, "PUT", "/api/2024/units", nil, nil, http.StatusForbidden},
		{"put with cookie but no header", local, "PUT", "/api/2024/units", nil, map[string]string{csrfCookie: csrf}, http.StatusForbidden},
		{"put with wrong header", local, "PUT", "/api/2024/units", map[string]string{csrfHeader: strings.Repeat("x", 32)},
			map[string]string{csrfCookie: csrf}, http.StatusForbidden},
		{"put from another site", local, "PUT", "/api/2024/units", map[string]string{csrfHeader: csrf, "Origin": "http://evil.example"},
			map[string]string{csrfCookie: csrf}, http.StatusForbidden},
		{"put cross-site fetch", local, "PUT", "/api/2024/units", map[string]string{csrfHeader: csrf, "Sec-Fetch-Site": "cross-site"},
			map[string]string{csrfCookie: csrf}, http.StatusForbidden},
		{"put from the page", local, "PUT", "/api/2024/units", map[string]string{csrfHeader: csrf, "Origin": "http://" + host(local)},
			map[string]string{csrfCookie: csrf}, http.StatusOK},
		{"put with bearer token", local, "PUT", "/api/2024/units", map[string]string{"Authorization": "Bearer " + testToken}, nil, http.StatusOK},
		{"put with wrong bearer", local, "PUT", "/api/2024/units", map[string]string{"Authorization": "Bearer nope"}, nil, http.StatusForbidden},
		{"remote page without token", remote, "GET", "/", nil, nil, http.StatusUnauthorized},
		{"remote asset without token", remote, "GET", "/assets/app.js", nil, nil, http.StatusUnauthorized},
		{"remote wrong token", remote, "GET", "/?token=nope", nil, nil, http.StatusUnauthorized},
		{"remote token in url", remote, "GET", "/?token=" + testToken, nil, nil, http.StatusSeeOther},
		{"remote token cookie", remote, "GET", "/api/years", nil, map[string]string{tokenCookie: testToken}, http.StatusOK},
		{"remote bearer", remote, "GET", "/api/years", map[string]string{"Authorization": "Bearer " + testToken}, nil, http.StatusOK},
		{"remote put with cookie token but no csrf", remote, "PUT", "/api/2024/units", nil, map[string]string{tokenCookie: testToken}, http.StatusForbidden},
		{"bad year", local, "GET", "/api/1899/status", nil, nil, http.StatusNotFound},
		{"bad version id", local, "GET", "/api/2024/versions/abc", nil, nil, http.StatusNotFound},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body *strings.Reader
			if tc.method == "PUT" {
				body = strings.NewReader(units)
			} else {
				body = strings.NewReader("")
			}
			req, _ := http.NewRequest(tc.method, tc.s.ts.URL+tc.path, body)
			for k, v := range tc.header {
				if k == "Host" {
					req.Host = v
				} else {
					req.Header.Set(k, v)
				}
			}
			for k, v := range tc.cookie {
				req.AddCookie(&http.Cookie{Name: k, Value: v})
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Errorf("status: want %d, got %d", tc.want, res.StatusCode)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("CSP: %q", csp)
			}
			if tc.want == http.StatusSeeOther {
				if loc := res.Header.Get("Location"); strings.Contains(loc, "token") {
					t.Errorf("redirect keeps the token in the address: %s", loc)
				}
				var set bool
				for _, c := range res.Cookies() {
					set = set || (c.Name == tokenCookie && c.HttpOnly && c.SameSite == http.SameSiteStrictMode)
				}
				if !set {
					t.Error("no HttpOnly SameSite=Strict token cookie")
				}
			}
		})
	}
}

// TestPageAssets: the page gets its CSRF cookie and has no inline script or style, which the CSP would block.
func TestPageAssets(t *testing.T) {
	s := newTestServer(t, "", Options{Loopback: true})
	res, err := http.Get(s.ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got bool
	for _, c := range res.Cookies() {
		got = got || (c.Name == csrfCookie && len(c.Value) >= 32 && c.SameSite == http.SameSiteStrictMode)
	}
	if !got {
		t.Error("no CSRF cookie")
	}
	page, _ := assets.ReadFile("assets/index.html")
	for _, bad := range []string{"<script>", "style=", "onclick=", "onload=", "http://", "https://"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("index.html contains %q", bad)
		}
	}
}
