package batch_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
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
	// One streamed check feeds a plain and a verbose text stream, and its files make the document: checking
	// the corpus costs more than printing it. That Check without Each returns the files Each receives is
	// shown on every eighth file.
	var got [2]bytes.Buffer
	var streams [2]*batch.Stream
	for i, verbose := range []bool{false, true} {
		streams[i] = batch.NewTextStream(&got[i], verbose)
	}
	var streamed []batch.File
	each := opt
	each.Each = func(f batch.File) {
		streamed = append(streamed, f)
		streams[0].File(f)
		streams[1].File(f)
	}
	batch.Check(paths, each)
	var some []string
	var want8 []batch.File
	for i := 0; i < len(paths) && i < len(streamed); i += 8 {
		some, want8 = append(some, paths[i]), append(want8, streamed[i])
	}
	if got8 := batch.Check(some, opt); !reflect.DeepEqual(got8, want8) {
		t.Fatalf("Check without Each differs from what Each received")
	}
	files := slices.Clone(streamed)
	doc := batch.NewDocument(files, skipped)
	var want [2]bytes.Buffer
	for i, verbose := range []bool{false, true} {
		if err := batch.WriteText(&want[i], doc, verbose); err != nil {
			t.Fatal(err)
		}
	}
	for i := range streams {
		t.Run("text", func(t *testing.T) {
			stats, err := streams[i].Close(skipped)
			if err != nil {
				t.Fatal(err)
			}
			if got[i].String() != want[i].String() {
				t.Errorf("streamed text differs:\n%s\nwant:\n%s", got[i].String(), want[i].String())
			}
			if stats != doc.Stats || stats.Valid() != doc.Valid {
				t.Errorf("stats %+v, want %+v", stats, doc.Stats)
			}
		})
	}
	if len(streamed) != len(paths) {
		t.Fatalf("Each got %d files, want %d", len(streamed), len(paths))
	}
	for i, f := range streamed {
		if f.Path != paths[i] {
			t.Fatalf("file %d is %s, want %s (input order)", i, f.Path, paths[i])
		}
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
