package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
)

// TestUnitExplains: through its link a unit explains a warning of its own report (PUT …/explanations);
// the explanation is the unit's in the log and on the version page, the file passes as explained, and
// another unit's token cannot explain it.
func TestUnitExplains(t *testing.T) {
	warned, _ := warnedPair(t)
	code, _, _ := strings.Cut(filepath.Base(warned), "_")
	f := newLinkFixture(t, "")
	tok := f.links[code].Token
	other := unitA
	if code == unitA {
		other = unitB
	}
	up := f.unitUpload(tok, warned).Uploads[0]
	if up.Version == 0 || up.Verdict != batch.Warned {
		t.Fatalf("the unit's upload: %+v", up)
	}
	page := func() VersionPage {
		t.Helper()
		var p VersionPage
		c, body, _ := f.as(tok, "GET", fmt.Sprintf("/api/%d/versions/%d", testYear, up.Version), nil, "")
		if c != http.StatusOK || json.Unmarshal(body, &p) != nil {
			t.Fatalf("version page: %d %s", c, truncate(body))
		}
		return p
	}
	var id string
	for _, fd := range page().File.Findings {
		if fd.Rule == checks.T2Issued.ID {
			id = fd.ID
		}
	}
	if id == "" {
		t.Fatal("no T2-1 warning")
	}
	path := fmt.Sprintf("/api/%d/versions/%d/explanations", testYear, up.Version)
	body := strings.NewReader(`{"` + id + `": "` + explainText + `"}`)
	if c, out, _ := f.as(f.links[other].Token, "PUT", path, body, "application/json"); c != http.StatusForbidden {
		t.Errorf("another unit explaining: %d %s", c, out)
	}
	c, out, _ := f.as(tok, "PUT", path, strings.NewReader(`{"`+id+`": "`+explainText+`"}`), "application/json")
	var res ExplainResult
	if c != http.StatusOK || json.Unmarshal(out, &res) != nil || res.Verdict != batch.Explained {
		t.Fatalf("the unit explaining: %d %s", c, out)
	}
	p := page()
	if p.Version.Verdict != batch.Explained && p.File.Verdict != batch.Explained {
		t.Errorf("version page after the explanation: %s / %s", p.Version.Verdict, p.File.Verdict)
	}
	var logged bool
	entries, _ := f.srv.store.Log(testYear)
	for _, e := range entries {
		logged = logged || (e.Actor == "单位 "+code && e.Version == up.Version && strings.Contains(e.Act, "说明"))
	}
	if !logged {
		t.Errorf("no explanation by 单位 %s in the log: %+v", code, entries)
	}
	if !strings.Contains(string(mustJSON(t, p)), "单位 "+code) {
		t.Error("the version page does not say the unit gave the explanation")
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
