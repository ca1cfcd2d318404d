package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"nianbao/batch"
	"nianbao/checks"
	"nianbao/demo"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/templates"
	"nianbao/xlsx"
	"nianbao/xlsx/read"
)

// Fixtures built once per test binary and shared by the tests, which only read them: the check of the
// demo's received files, the CLI's summaries of them, a warned/explained pair of files, and a data folder
// with the roster and the received files uploaded, which loaded copies for each test (a test changes its
// own copy only). They live in sharedDir, which TestMain removes with the demo region.

var (
	sharedOnce sync.Once
	sharedPath string
	sharedErr  error
)

// sharedDir is the folder of the shared fixtures.
func sharedDir(t testing.TB) string {
	t.Helper()
	sharedOnce.Do(func() { sharedPath, sharedErr = os.MkdirTemp("", "nianbao-web-shared-") })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	closeBrowser()
	for _, dir := range []string{demoDir, sharedPath} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// errUnbuilt is what a fixture holds while it is built: a build that stops the test (t.Fatal) leaves it,
// so that the other tests fail with it instead of using half a fixture.
var errUnbuilt = errors.New("the shared fixture could not be built (see the first test that failed)")

// fixture is a value built once per test binary.
type fixture[T any] struct {
	once sync.Once
	v    T
	err  error
}

// get builds the value on first use and returns it, failing the test when it could not be built.
func (f *fixture[T]) get(t testing.TB, build func() (T, error)) T {
	t.Helper()
	f.once.Do(func() {
		f.err = errUnbuilt
		f.v, f.err = build()
	})
	if f.err != nil {
		t.Fatal(f.err)
	}
	return f.v
}

var checkedFixture fixture[[]batch.File]

// checked is the demo's received files as `nianbao check` checks them (batch.Check in name order), checked
// once: each caller gets its own slice and findings; reports and values are shared, read only.
func checked(t testing.TB) []batch.File {
	t.Helper()
	paths := received(t)
	files := append([]batch.File(nil), checkedFixture.get(t, func() ([]batch.File, error) {
		return batch.Check(paths, batch.Options{Year: testYear}), nil
	})...)
	for i := range files {
		files[i].Findings = slices.Clone(files[i].Findings)
	}
	return files
}

// cliResult is a summary as `nianbao summary` writes it, and its result.
type cliResult struct {
	path string
	res  *summary.Collected
}

var cliFixtures [2]fixture[cliResult]

// cliSummary is the summary of the demo's received files as `nianbao summary` writes it (summary.Run and
// xlsx.WriteSummary): its path and result, shared and read only.
func cliSummary(t testing.TB, includeInvalid bool) (string, *summary.Collected) {
	t.Helper()
	dir, shared := demoRegion(t), sharedDir(t)
	i := 0
	if includeInvalid {
		i = 1
	}
	c := cliFixtures[i].get(t, func() (cliResult, error) {
		roster, err := read.ReadRoster(filepath.Join(dir, demo.RosterFile))
		if err != nil {
			return cliResult{}, err
		}
		var res *summary.Collected
		if includeInvalid {
			// `summary --include-invalid` is summary.Run's check of the same files (done once, for the
			// default) and summary.Build with IncludeInvalid.
			_, checked := cliSummary(t, false)
			built, err := summary.Build(roster, summary.Inputs(checked.Files), summary.Options{Year: testYear,
				IncludeInvalid: true, Tool: testTool})
			if err != nil {
				return cliResult{}, err
			}
			res = &summary.Collected{Result: built, Files: checked.Files, Skipped: checked.Skipped}
		} else if res, err = summary.Run(roster, []string{filepath.Join(dir, demo.ReceivedDir)}, batch.Options{Year: testYear},
			summary.Options{Year: testYear, Tool: testTool}); err != nil {
			return cliResult{}, err
		}
		out := filepath.Join(shared, fmt.Sprintf("cli-%d", i), "汇总.xlsx")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return cliResult{}, err
		}
		return cliResult{out, res}, xlsx.WriteSummary(out, res.Result)
	})
	return c.path, c.res
}

var warnedFixture fixture[[2]string]

// warnedPair is, from a passing demo file, a file with one T2-1 warning (more rules issued than valid)
// and the same file with the warning explained in the 校验 sheet's 说明 column, both named as the original
// in folders of their own; shared, read only.
func warnedPair(t testing.TB) (warned, explained string) {
	t.Helper()
	files, shared := checked(t), sharedDir(t)
	p := warnedFixture.get(t, func() ([2]string, error) {
		var base batch.File
		for _, f := range files {
			if f.Verdict == batch.Passed && f.Version == model.V2021 && strings.HasSuffix(f.Path, ".xlsx") && !f.Summary {
				base = f
				break
			}
		}
		if base.Path == "" {
			return [2]string{}, errors.New("the demo has no passing 2021 .xlsx file")
		}
		layout := templates.For(model.V2021)
		key := "t2.rules.issued"
		issued := []xlsx.Edit{{Sheet: "表二", Ref: layout.Ref(key), Value: base.Values["t2.rules.valid"] + 5}}
		var note string
		for _, e := range layout.Explains {
			if e.Rule == checks.T2Issued.ID && e.Key == key {
				note = e.Ref
			}
		}
		if note == "" {
			return [2]string{}, errors.New("no 说明 cell for T2-1 in the layout")
		}
		name := filepath.Base(base.Path)
		out := [2]string{filepath.Join(shared, "warned", name), filepath.Join(shared, "explained", name)}
		for _, p := range out {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return out, err
			}
		}
		if err := xlsx.EditCells(base.Path, out[0], issued); err != nil {
			return out, err
		}
		return out, xlsx.EditCells(base.Path, out[1], append(issued, xlsx.Edit{Sheet: templates.CheckSheet, Ref: note, Value: explainText}))
	})
	return p[0], p[1]
}

// loadedData is a data folder with the demo's roster and received files uploaded, and the answer to
// the upload.
type loadedData struct {
	dir  string
	body []byte
}

var loadedFixture fixture[loadedData]

// loaded is a server on a data folder (a fresh one, or dir) holding the demo's roster and received files,
// uploaded as the clerk uploads them, and the answer to that upload. The upload is done once per test
// binary and its data folder copied for each test.
func loaded(t *testing.T, dir string) (*testServer, SubmitDocument) {
	t.Helper()
	paths, shared := received(t), sharedDir(t)
	roster := filepath.Join(demoRegion(t), demo.RosterFile)
	d := loadedFixture.get(t, func() (loadedData, error) {
		d := loadedData{dir: filepath.Join(shared, "loaded")}
		s := newTestServer(t, d.dir, Options{Loopback: true})
		defer s.close()
		s.putRoster(roster)
		code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), paths...)
		if code != http.StatusOK {
			return d, fmt.Errorf("submissions: %d %s", code, body)
		}
		d.body = body
		return d, nil
	})
	if dir == "" {
		dir = t.TempDir()
	}
	if err := copyTree(d.dir, dir); err != nil {
		t.Fatal(err)
	}
	var doc SubmitDocument
	if err := json.Unmarshal(d.body, &doc); err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, dir, Options{Loopback: true}), doc
}

// uploadDemo is loaded without the shared data folder: a server on a fresh data folder (or dir) to
// which the demo's roster and received files are uploaded now, for a test of the upload itself.
func uploadDemo(t *testing.T, dir string) (*testServer, SubmitDocument) {
	t.Helper()
	s := newTestServer(t, dir, Options{Loopback: true})
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), received(t)...)
	if code != http.StatusOK {
		t.Fatalf("submissions: %d %s", code, body)
	}
	var doc SubmitDocument
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	return s, doc
}

// copyTree copies the files below from into to.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if e.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, src); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

var (
	sharedBooksMu sync.Mutex
	sharedBooks   = map[string]*read.Workbook{}
)

// readWorkbook reads a workbook as read.Open does; a shared fixture's (below sharedDir, never changed) is
// read once.
func readWorkbook(t testing.TB, path string) (*read.Workbook, error) {
	if !strings.HasPrefix(path, sharedDir(t)+string(filepath.Separator)) {
		return read.Open(path, read.Limits{})
	}
	sharedBooksMu.Lock()
	defer sharedBooksMu.Unlock()
	if wb, ok := sharedBooks[path]; ok {
		return wb, nil
	}
	wb, err := read.Open(path, read.Limits{})
	if err == nil {
		sharedBooks[path] = wb
	}
	return wb, err
}
