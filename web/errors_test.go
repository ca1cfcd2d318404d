package web

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestAPIErrorsAreChinese (issue 20): malformed requests get a Chinese sentence, never a Go error such as
// "cannot unmarshal … model.RosterUnit".
func TestAPIErrorsAreChinese(t *testing.T) {
	s := newTestServer(t, "", Options{})
	for _, tc := range []struct{ method, path, body string }{
		{"PUT", "/api/2024/units", `{"units":[{"Code":1}]}`},
		{"PUT", "/api/2024/units", `{"units":`},
		{"PUT", "/api/2024/units", `[1,2,3]`},
		{"GET", "/api/1800/status", ""},
		{"GET", "/api/2024/nothing", ""},
	} {
		code, body := s.do(tc.method, tc.path, strings.NewReader(tc.body), "application/json")
		if code < 400 {
			continue
		}
		var e struct{ Error string }
		if err := json.Unmarshal(body, &e); err != nil {
			t.Errorf("%s %s %s: %d, not JSON: %s", tc.method, tc.path, tc.body, code, body)
			continue
		}
		if !hasHan(e.Error) || strings.Contains(e.Error, "unmarshal") || strings.Contains(e.Error, "json:") {
			t.Errorf("%s %s %s: %d %q", tc.method, tc.path, tc.body, code, e.Error)
		}
	}
}
