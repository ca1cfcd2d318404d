package main

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"nianbao/demo"
	"nianbao/model"
	"nianbao/xlsx/read"
)

// TestOutputsAreDeterministic runs check (text and JSON) and summary (JSON and workbook) twice over the same
// folder, and once more over a copy whose files were written in another order: every output is the same
// byte for byte, and the summary workbooks hold the same cells apart from the generation time. Five units
// send a second file with the same modification time, which is where the order of replaced files used to
// change between runs.
func TestOutputsAreDeterministic(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	sharedRoster, sharedReceived := regionFiles(t, 5, 9)
	received := filepath.Join(root, "示例", demo.ReceivedDir) // a copy: this test adds files
	require.NoError(t, filepath.WalkDir(sharedReceived, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(sharedReceived, p)
			copyKeepingTime(t, p, filepath.Join(received, rel))
		}
		return err
	}))
	entries, err := os.ReadDir(received)
	if err != nil {
		t.Fatal(err)
	}
	copies := 0
	for _, e := range entries {
		if copies == 5 || e.IsDir() || !strings.HasSuffix(e.Name(), ".xlsx") {
			continue
		}
		src := filepath.Join(received, e.Name())
		dst := filepath.Join(received, "重报", strings.TrimSuffix(e.Name(), ".xlsx")+"（再次报送）.xlsx")
		copyKeepingTime(t, src, dst)
		copies++
	}

	shuffled := filepath.Join(root, "另一份")
	var files []string
	require.NoError(t, filepath.WalkDir(received, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	}))
	rand.New(rand.NewSource(1)).Shuffle(len(files), func(i, j int) { files[i], files[j] = files[j], files[i] })
	for _, p := range files {
		rel, _ := filepath.Rel(received, p)
		copyKeepingTime(t, p, filepath.Join(shuffled, rel))
	}

	roster := sharedRoster
	type outputs struct{ text, json, summary string }
	runAll := func(in, tag string) (outputs, string) {
		var o outputs
		o.text, _, _ = runCLI(t, "check", "--year", "2024", "--quiet", in)
		o.json, _, _ = runCLI(t, "check", "--year", "2024", "--quiet", "--json", in)
		book := filepath.Join(root, tag+".xlsx")
		var code int
		o.summary, _, code = runCLI(t, "summary", "--roster", roster, "--year", "2024", "--quiet", "--json", "-o", book, in)
		if code == 2 {
			t.Fatalf("summary %s: exit 2", tag)
		}
		// Paths differ between the two folders and the two workbooks, and the generation time between
		// runs; nothing else may.
		o.summary = madeLine.ReplaceAllString(o.summary, `"made": "…"`)
		for _, s := range []*string{&o.text, &o.json, &o.summary} {
			*s = strings.ReplaceAll(*s, in, "IN")
			*s = strings.ReplaceAll(*s, book, "OUT")
		}
		return o, book
	}
	first, book1 := runAll(received, "一")
	second, book2 := runAll(received, "二")
	third, book3 := runAll(shuffled, "三")
	for _, o := range []outputs{second, third} {
		if o.text != first.text {
			t.Errorf("check text differs between runs:\n%s\n----\n%s", first.text, o.text)
		}
		if o.json != first.json {
			t.Errorf("check --json differs between runs")
		}
		if o.summary != first.summary {
			t.Errorf("summary --json differs between runs:\n%s\n----\n%s", first.summary, o.summary)
		}
	}
	if !strings.Contains(first.summary, "（再次报送）") {
		t.Fatalf("the second copies were not seen by summary:\n%s", first.summary)
	}
	want := workbookCells(t, book1)
	for _, b := range []string{book2, book3} {
		if got := workbookCells(t, b); !slices.Equal(got, want) {
			t.Errorf("%s holds other cells than %s", b, book1)
		}
	}
}

var madeLine = regexp.MustCompile(`"made": "[^"]*"`)

// workbookCells lists every non-empty cell of a workbook as "sheet!ref=text", without the generation time.
func workbookCells(t *testing.T, path string) []string {
	t.Helper()
	wb, err := read.Open(path, read.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, g := range wb.Grids {
		for r, row := range g.Rows {
			if len(row) > 0 && row[0].Text == "生成时间" {
				continue
			}
			for c, cell := range row {
				if cell.Text != "" {
					out = append(out, g.Name+"!"+model.CellRef(c+1, r+1)+"="+cell.Text)
				}
			}
		}
	}
	return out
}

func copyKeepingTime(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	require.NoError(t, err)
	st, err := os.Stat(src)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
	require.NoError(t, os.WriteFile(dst, data, 0o644))
	require.NoError(t, os.Chtimes(dst, time.Now(), st.ModTime()))
}
