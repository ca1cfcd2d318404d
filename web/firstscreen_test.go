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

// TestPagesIncludeFragments: both pages are served with the fragments they share (the stylesheets and
// scripts, the view of one file) in place of their include marks.
func TestPagesIncludeFragments(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"assets/index.html", "assets/link.html"} {
		page, err := pageHTML(name)
		if err != nil {
			t.Fatal(err)
		}
		p := string(page)
		for _, want := range []string{`<script src="/assets/unit.js" defer></script>`, `<div id="unit-tables"></div>`} {
			if strings.Count(p, want) != 1 {
				t.Errorf("%s: %q %d times, want once", name, want, strings.Count(p, want))
			}
		}
		if strings.Contains(p, "#include") {
			t.Errorf("%s: an include mark is left", name)
		}
	}
	if _, err := pageHTML("assets/missing.html"); err == nil {
		t.Error("a missing page gives no error")
	}
}
