package web

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"

	"nianbao/batch"
	"nianbao/web/season"
)

// TestWriteSubmitAsWriteJSON: the streamed answer to an upload is byte for byte what writeJSON writes for
// the same document, with and without files, double countings and skipped files.
func TestWriteSubmitAsWriteJSON(t *testing.T) {
	t.Parallel()
	paths := received(t)
	files := batch.Check(paths[:6], batch.Options{Year: testYear})
	files = append(files, files[0]) // a unit's file twice
	for _, tc := range []struct {
		name string
		doc  SubmitDocument
	}{
		{"empty", SubmitDocument{Document: batch.NewDocument(nil, nil), Uploads: []UploadInfo{}}},
		{"files", SubmitDocument{Document: batch.NewDocument(files, []string{"a.txt", "<b>&.doc"}),
			Uploads: []UploadInfo{{Name: "x<y>.xlsx", Version: 3, Kind: season.KindSummary, Double: []string{"000001 甲"}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := httptest.NewRecorder(), httptest.NewRecorder()
			writeJSON(a, 200, tc.doc)
			writeSubmit(b, tc.doc)
			if !bytes.Equal(a.Body.Bytes(), b.Body.Bytes()) {
				t.Fatalf("streamed answer differs:\nwriteJSON   %.600s\nwriteSubmit %.600s", a.Body, b.Body)
			}
			if !json.Valid(b.Body.Bytes()) || a.Header().Get("Content-Type") != b.Header().Get("Content-Type") {
				t.Error("not the same JSON answer")
			}
		})
	}
}
