package batch_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"nianbao/batch"
)

// TestStreamMatchesDocument checks that streaming the corpus file by file prints what the whole document
// prints: the same text, and JSON with the same content (field order aside).
func TestStreamMatchesDocument(t *testing.T) {
	paths := corpus(t)
	skipped := []string{"../README.md"}
	// The year is given: without it, Check marks files of another year than most inside each file, while a
	// stream can only list them at its end (NoteOddYears), and the corpus holds files of several years.
	opt := batch.Options{Year: 2024}
	files := batch.Check(paths, opt)
	doc := batch.NewDocument(files, skipped)
	var streamed []batch.File
	for _, verbose := range []bool{false, true} {
		t.Run("text", func(t *testing.T) {
			var want, got bytes.Buffer
			if err := batch.WriteText(&want, doc, verbose); err != nil {
				t.Fatal(err)
			}
			s := batch.NewTextStream(&got, verbose)
			streamed = streamed[:0]
			each := opt
			each.Each = func(f batch.File) { streamed = append(streamed, f); s.File(f) }
			batch.Check(paths, each)
			stats, err := s.Close(skipped)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("streamed text differs:\n%s\nwant:\n%s", got.String(), want.String())
			}
			if stats != doc.Stats || stats.Valid() != doc.Valid {
				t.Errorf("stats %+v, want %+v", stats, doc.Stats)
			}
			if len(streamed) != len(paths) {
				t.Fatalf("Each got %d files, want %d", len(streamed), len(paths))
			}
			for i, f := range streamed {
				if f.Path != paths[i] {
					t.Fatalf("file %d is %s, want %s (input order)", i, f.Path, paths[i])
				}
			}
		})
	}
	for _, n := range []int{0, len(paths)} {
		t.Run("json", func(t *testing.T) {
			d := batch.NewDocument(files[:n], skipped)
			want, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			s := batch.NewJSONStream(&got)
			for _, f := range files[:n] {
				s.File(f)
			}
			if _, err := s.Close(skipped); err != nil {
				t.Fatal(err)
			}
			var a, b any
			if err := json.Unmarshal(got.Bytes(), &a); err != nil {
				t.Fatalf("streamed JSON does not parse: %v\n%s", err, got.String())
			}
			if err := json.Unmarshal(want, &b); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("streamed JSON differs:\n%s\nwant:\n%s", got.String(), want)
			}
		})
	}
}
