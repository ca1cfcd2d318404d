package web

import (
	"strings"
	"testing"
	"time"

	"nianbao/model"
)

// TestFirstScreen: a clerk who double-clicked sees what to do first, and the year offered is the one most
// likely being collected (model.CollectingYear), not the calendar year.
func TestFirstScreen(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true})
	var years struct {
		Years   []int `json:"years"`
		Current int   `json:"current"`
	}
	s.getJSON("/api/years", &years)
	if want := model.CollectingYear(time.Now()); years.Current != want {
		t.Errorf("current year %d, want %d", years.Current, want)
	}
	code, page := s.do("GET", "/", nil, "")
	if code != 200 || !strings.Contains(string(page), `id="intro">先在“第一步”上传单位名单`) {
		t.Errorf("first screen: %d", code)
	}
}
