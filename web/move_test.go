package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/web/season"
	"nianbao/xlsx"
)

// TestFileStored: a report of another year uploaded here is kept, not filed, and filed in its own year by
// its digest; it cannot be filed in a year it does not belong to, and names and digests are checked.
func TestFileStored(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true})
	other := filepath.Join(t.TempDir(), "上年.xlsx")
	if err := xlsx.WriteTemplate(other, xlsx.TemplateOptions{Year: testYear - 1, Unit: model.Unit{Code: "X1", Name: "外来局"}}); err != nil {
		t.Fatal(err)
	}
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), other)
	var doc SubmitDocument
	if code != http.StatusOK || json.Unmarshal(body, &doc) != nil {
		t.Fatalf("upload: %d %s", code, body)
	}
	u := doc.Uploads[0]
	if u.Kind != season.KindOtherYear || u.Year != testYear-1 || u.Version != 0 || u.SHA256 == "" {
		t.Fatalf("upload: %+v", u)
	}
	file := func(year int, sha, name string) (int, string) {
		code, body := s.do("POST", fmt.Sprintf("/api/%d/received/%s?name=%s", year, sha, url.QueryEscape(name)), nil, "")
		return code, string(body)
	}
	if code, body := file(testYear, u.SHA256, u.Name); code != http.StatusUnprocessableEntity || !strings.Contains(body, "没有放入") {
		t.Errorf("into the wrong year: %d %s", code, body)
	}
	if code, body := file(testYear-1, strings.Repeat("0", 64), u.Name); code != http.StatusNotFound || !hasHan(body) {
		t.Errorf("unknown digest: %d %s", code, body)
	}
	if code, body := file(testYear-1, "../nianbao.db", u.Name); code != http.StatusNotFound {
		t.Errorf("not a digest: %d %s", code, body)
	}
	if code, body := file(testYear-1, u.SHA256, "a\nb.xlsx"); code != http.StatusBadRequest || !hasHan(body) {
		t.Errorf("a name with a line break: %d %s", code, body)
	}
	code, out := file(testYear-1, u.SHA256, `C:\收到\`+u.Name)
	var got SubmitDocument
	if code != http.StatusOK || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("into its year: %d %s", code, out)
	}
	if g := got.Uploads[0]; g.Version == 0 || g.Name != u.Name || g.Kind != "" {
		t.Errorf("filed: %+v", g)
	}
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear-1), &st)
	if len(st.Files) != 1 || st.Files[0].Name != u.Name {
		t.Errorf("files of %d: %+v", testYear-1, st.Files)
	}
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	if len(st.Files) != 0 {
		t.Errorf("files of %d: %+v", testYear, st.Files)
	}
	if code, out := file(testYear-1, u.SHA256, u.Name); code != http.StatusOK || !strings.Contains(out, `"duplicate": true`) {
		t.Errorf("again: %d %s", code, out)
	}
}
