package web

import (
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"nianbao/demo"
	"nianbao/web/season"
)

// TestActsNeedCSRF: withdrawing and choosing change the workspace, so a request from the browser without
// the CSRF header (a forged cross-site request) is refused and changes nothing.
func TestActsNeedCSRF(t *testing.T) {
	t.Parallel()
	s, _ := loaded(t, "")
	_, older, newer := twoVersions(t, s)
	for _, req := range [][2]string{{"DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, newer.ID)},
		{"POST", fmt.Sprintf("/api/%d/versions/%d/choose", testYear, older.ID)}} {
		r, _ := http.NewRequest(req[0], s.ts.URL+req[1], nil)
		res, err := s.ts.Client().Do(r)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s %s without token or CSRF header: %d", req[0], req[1], res.StatusCode)
		}
	}
	if r := rowByVersion(statusOf(t, s), newer.ID); r == nil || r.Rule == season.RuleChosen {
		t.Errorf("the forged requests changed the status: %+v", r)
	}
}

// TestCopyRoster: a new year's roster copied from last year's workspace is the same roster; without one
// the answer is 404 in Chinese.
func TestCopyRoster(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true})
	if code, body := s.do("POST", fmt.Sprintf("/api/%d/roster/copy-previous", testYear+1), nil, ""); code != http.StatusNotFound || !strings.Contains(string(body), "还没有名单") {
		t.Errorf("without last year's roster: %d %s", code, body)
	}
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	if code, body := s.do("POST", fmt.Sprintf("/api/%d/roster/copy-previous", testYear+1), nil, ""); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	a, _, _ := s.srv.store.Roster(testYear)
	b, info, _ := s.srv.store.Roster(testYear + 1)
	if a == nil || b == nil || !reflect.DeepEqual(a.Units, b.Units) || !strings.Contains(info.Name, strconv.Itoa(testYear)) {
		t.Errorf("copied roster differs or is misnamed: %+v", info)
	}
}
