package web

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"

	"nianbao/batch"
	"nianbao/web/season"
)

// TestFactsMigration: a store whose versions have no facts (recorded by an older nianbao) gives the same
// status as one whose facts were written at upload (the files are checked again from the store once, and
// the status built from those fresh results), rewrites the facts, and both give the summary `nianbao
// summary` writes for the same files.
func TestFactsMigration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, doc := loaded(t, dir)
	var before Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &before)
	filed := 0
	for _, u := range doc.Uploads {
		if u.Version != 0 && !u.Duplicate {
			filed++
		}
	}
	if n := factRows(t, dir); n != filed {
		t.Fatalf("facts rows after upload: want %d (one per version), got %d", filed, n)
	}
	s.close()
	if _, err := storeDB(t, dir).Exec(`DELETE FROM facts`); err != nil {
		t.Fatal(err)
	}

	s2 := newTestServer(t, dir, Options{Loopback: true})
	var after Status
	s2.getJSON(fmt.Sprintf("/api/%d/status", testYear), &after)
	bj, _ := json.Marshal(before)
	aj, _ := json.Marshal(after)
	if string(bj) != string(aj) {
		t.Errorf("status from facts differs from status from fresh checks:\nfacts %s\nfresh %s", bj, aj)
	}
	if n := factRows(t, dir); n != filed {
		t.Errorf("facts rows after the migration: want %d, got %d", filed, n)
	}
	s2.summaryIsCLI(t)
}

// factRows counts the facts rows of the store in dir.
func factRows(t *testing.T, dir string) int {
	t.Helper()
	var n int
	if err := storeDB(t, dir).QueryRow(`SELECT COUNT(*) FROM facts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSameFileTwiceInOneUpload: a file sent twice in one upload is recorded once; the second copy is its
// duplicate.
func TestSameFileTwiceInOneUpload(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, "", Options{Loopback: true})
	p := received(t)[0]
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), p, p)
	var doc SubmitDocument
	if code != http.StatusOK || json.Unmarshal(body, &doc) != nil {
		t.Fatalf("%d %s", code, body)
	}
	if len(doc.Uploads) != 2 || doc.Uploads[0].Version == 0 || doc.Uploads[0].Duplicate {
		t.Fatalf("first copy: %+v", doc.Uploads)
	}
	if u := doc.Uploads[1]; !u.Duplicate || u.Version != doc.Uploads[0].Version || u.DuplicateOf != doc.Uploads[0].Name {
		t.Errorf("second copy not the first's duplicate: %+v", u)
	}
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	if len(st.Files) != 1 {
		t.Errorf("files: want 1, got %d", len(st.Files))
	}
}

// TestUpdateResultKeepsReport: a stored result read back (it has no report) and written again, as after
// a change of its findings, keeps the report and members the summary needs.
func TestUpdateResultKeepsReport(t *testing.T) {
	t.Parallel()
	s, doc := loaded(t, "")
	for _, u := range doc.Uploads {
		if u.Version == 0 {
			continue
		}
		v, err := s.srv.store.Version(testYear, u.Version)
		if err != nil || v == nil {
			t.Fatal(u.Version, err)
		}
		if err := s.srv.store.UpdateResult(v.ID, v.File); err != nil {
			t.Fatal(err)
		}
	}
	s.summaryIsCLI(t)
}

// TestIngestInSmallTransactions: an upload recorded in many transactions (storeBatch 4, with duplicates
// and a withdrawn file received again) gives the versions, status and summary of `nianbao check` and
// `nianbao summary`. Not parallel: it changes storeBatch.
func TestIngestInSmallTransactions(t *testing.T) {
	old := season.StoreBatch
	season.StoreBatch = 4
	defer func() { season.StoreBatch = old }()
	s, doc := uploadDemo(t, "")
	paths := received(t)
	if len(paths) <= 2*season.StoreBatch {
		t.Fatalf("the demo has only %d files", len(paths))
	}
	want := batch.NewDocument(checked(t), nil)
	if doc.Stats != want.Stats || len(doc.Files) != len(want.Files) {
		t.Fatalf("stats: want %+v, got %+v", want.Stats, doc.Stats)
	}
	ids := map[int64]bool{}
	for i, u := range doc.Uploads {
		if u.Version == 0 || ids[u.Version] || u.SHA256 != want.Files[i].SHA256 || u.Verdict != want.Files[i].Verdict {
			t.Errorf("upload %d: %+v", i, u)
		}
		ids[u.Version] = true
	}
	// withdraw one, then upload everything again: all duplicates, the withdrawn one reinstated
	if code, body := s.do("DELETE", fmt.Sprintf("/api/%d/versions/%d", testYear, doc.Uploads[5].Version), nil, ""); code != http.StatusOK {
		t.Fatalf("withdraw: %d %s", code, body)
	}
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), paths...)
	var again SubmitDocument
	if code != http.StatusOK || json.Unmarshal(body, &again) != nil {
		t.Fatalf("%d %.300s", code, body)
	}
	for i, u := range again.Uploads {
		if !u.Duplicate || u.Version != doc.Uploads[i].Version {
			t.Errorf("second upload %d: %+v", i, u)
		}
	}
	var st Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &st)
	_, sum := cliSummary(t, false)
	if st.Counts == nil || *st.Counts != sum.Counts {
		t.Errorf("counts: want %+v, got %+v", sum.Counts, st.Counts)
	}
}

// storeDB opens the database of the store in dir directly (closed at the end of the test), for a test
// that looks under the store's API.
func storeDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(filepath.Join(dir, "nianbao.db"))+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
