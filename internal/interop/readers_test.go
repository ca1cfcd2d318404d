package interop

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// readerResult is what one reader made of one file (readers.py and readers.js print these).
type readerResult struct {
	Sheets map[string]struct {
		Cells     map[string][]any `json:"cells"`
		State     string           `json:"state"`
		Dimension *string          `json:"dimension"`
	} `json:"sheets"`
	Error    string   `json:"error"`
	Warnings []string `json:"warnings"`
}

type job struct {
	Path    string   `json:"path"`
	Readers []string `json:"readers"`
}

// csvOptions are the csv filter's options: every sheet (token 12 = -1) as UTF-8, raw values rather than as
// shown (token 9).
const csvOptions = "44,34,76,1,,0,false,true,false,false,false,-1"

// readings is what every reader made of the corpus, with the folders of LibreOffice's conversions.
type readings struct {
	c        *corpus
	results  map[string]map[string]readerResult // path → reader → result
	loX, loC string
}

var (
	readOnce sync.Once
	theRead  *readings
	readErr  error
)

// readCorpus builds the corpus and runs every reader over it, once per test binary; it skips or fails t
// when a reader is missing.
func readCorpus(t *testing.T) *readings {
	t.Helper()
	tl := findTools()
	tl.require(t)
	readOnce.Do(func() {
		start := time.Now()
		c, err := buildCorpus(tl)
		if err != nil {
			readErr = err
			return
		}
		t.Logf("corpus of %d workbooks: %.1f s", len(c.items), time.Since(start).Seconds())
		theRead, readErr = readAll(t, tl, c)
	})
	if readErr != nil {
		t.Fatal(readErr)
	}
	return theRead
}

// readAll runs every reader once over the whole corpus: LibreOffice (one process that opens each file once
// and saves it as xlsx and as csv, testdata/lo.py) and exceljs at once, then openpyxl and pandas over our
// files and LibreOffice's xlsx.
func readAll(t *testing.T, tl tools, c *corpus) (*readings, error) {
	var paths []string
	for _, it := range c.items {
		paths = append(paths, it.path)
	}
	root := filepath.Dir(c.dir)
	loX, loC := filepath.Join(root, "lo-xlsx"), filepath.Join(root, "lo-csv")
	results := map[string]map[string]readerResult{}
	var mu sync.Mutex
	merge := func(data []byte) error {
		var got map[string]map[string]readerResult
		if err := json.Unmarshal(data, &got); err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		for p, byReader := range got {
			if results[p] == nil {
				results[p] = map[string]readerResult{}
			}
			for r, res := range byReader {
				results[p][r] = res
			}
		}
		return nil
	}
	list := func(name string, jobs []job) string {
		p := filepath.Join(root, name)
		data, _ := json.Marshal(jobs)
		_ = os.WriteFile(p, data, 0o644) // a failure shows as the reader's error
		return p
	}
	var jsJobs, pyJobs []job
	for _, p := range paths {
		jsJobs = append(jsJobs, job{Path: p})
		pyJobs = append(pyJobs, job{Path: p, Readers: []string{"openpyxl", "openpyxl-read-only", "openpyxl-data-only", "pandas"}})
		pyJobs = append(pyJobs, job{Path: filepath.Join(loX, filepath.Base(p)), Readers: []string{"openpyxl-data-only"}})
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	start := time.Now()
	wg.Add(2)
	go func() {
		defer wg.Done()
		profile := filepath.Join(root, "lo-profile")
		args := append([]string{filepath.Join("testdata", "lo.py"), tl.soffice, profile, loX, loC, csvOptions}, paths...)
		_, errs[0] = run(3*time.Minute, tl.python, args...)
	}()
	go func() {
		defer wg.Done()
		out, err := run(2*time.Minute, tl.node, filepath.Join("testdata", "readers.js"), tl.modules, list("js.json", jsJobs))
		if err == nil {
			err = merge(out)
		}
		errs[1] = err
	}()
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	t.Logf("LibreOffice and exceljs: %.1f s", time.Since(start).Seconds())
	start = time.Now()
	out, err := run(3*time.Minute, tl.python, filepath.Join("testdata", "readers.py"), "read", list("py.json", pyJobs))
	if err == nil {
		err = merge(out)
	}
	t.Logf("openpyxl and pandas: %.1f s", time.Since(start).Seconds())
	return &readings{c: c, results: results, loX: loX, loC: loC}, err
}

// TestReaders opens every workbook we write with every reader and compares what each shows with the
// package itself.
func TestReaders(t *testing.T) {
	rd := readCorpus(t)
	c, results, loX, loC := rd.c, rd.results, rd.loX, rd.loC
	kinds := map[string]bool{}
	for _, it := range c.items {
		kinds[it.kind] = true
	}
	for _, k := range []string{"template-2019", "template-2021", "template-prefilled", "template-prefilled-filler",
		"annotated", "annotated-result-only", "summary", "findings", "roster", "roster-blank"} {
		if !kinds[k] {
			t.Errorf("the corpus has no %s workbook", k)
		}
	}
	for _, it := range c.items {
		it := it
		t.Run(it.kind+"/"+filepath.Base(it.path), func(t *testing.T) {
			b, err := readBook(it.path)
			if err != nil {
				t.Fatal(err)
			}
			checkParts(t, b)
			checkSheets(t, it.kind, b)
			byReader := results[it.path]
			for _, r := range []string{"openpyxl", "openpyxl-read-only", "openpyxl-data-only", "pandas", "exceljs"} {
				compareReader(t, r, b, byReader[r])
			}
			lo := results[filepath.Join(loX, filepath.Base(it.path))]["openpyxl-data-only"]
			compareReader(t, "libreoffice-xlsx", b, lo)
			compareCSV(t, b, loC, strings.TrimSuffix(filepath.Base(it.path), ".xlsx"))
		})
	}
}

// formulaReaders show a formula cell's formula; the others its cached value.
var formulaReaders = map[string]bool{"openpyxl": true, "openpyxl-read-only": true}

// compareReader checks that a reader opened the file without error or warning, saw every sheet, and
// shows every cell as the package holds it (LibreOffice recalculates: its values check our cached ones).
func compareReader(t *testing.T, reader string, b *book, got readerResult) {
	t.Helper()
	if got.Sheets == nil && got.Error == "" {
		t.Errorf("%s: no result", reader)
		return
	}
	if got.Error != "" {
		t.Errorf("%s: %s", reader, got.Error)
		return
	}
	for _, w := range got.Warnings {
		t.Errorf("%s: warning: %s", reader, w)
	}
	for _, sh := range b.sheets {
		gs, ok := got.Sheets[sh.name]
		if !ok {
			t.Errorf("%s: sheet %s missing", reader, sh.name)
			continue
		}
		if reader == "openpyxl" || reader == "exceljs" {
			if gs.State != sh.state {
				t.Errorf("%s: sheet %s is %s, the package says %s", reader, sh.name, gs.State, sh.state)
			}
		}
		if reader == "openpyxl-read-only" && gs.Dimension != nil && *gs.Dimension != "" {
			dim := *gs.Dimension
			if a, b, ok := strings.Cut(dim, ":"); ok && a == b {
				dim = a
			}
			if dim != sh.extent && len(sh.cells) > 0 {
				t.Errorf("%s: sheet %s dimension %s, cells cover %s", reader, sh.name, dim, sh.extent)
			}
		}
		var bad []string
		for _, ref := range sortedRefs(sh.cells, gs.Cells) {
			want, has := sh.cells[ref]
			if msg := match(reader, want, has, gs.Cells[ref]); msg != "" {
				bad = append(bad, ref+": "+msg)
			}
		}
		if len(bad) > 0 {
			t.Errorf("%s: sheet %s: %d cells differ: %s", reader, sh.name, len(bad), strings.Join(bad[:min(len(bad), 8)], "; "))
		}
	}
}

// match compares one cell with what a reader shows ([type, value] or, from exceljs, ["f", formula,
// result]); "" when they agree.
func match(reader string, want value, has bool, got []any) string {
	if !has || want.kind == "s" && want.text == "" && want.formula == "" { // an empty text reads as empty or ""
		if got == nil || len(got) == 2 && got[0] == "s" && got[1] == "" {
			return ""
		}
		return fmt.Sprintf("empty in the package, %v", got)
	}
	if got == nil {
		return fmt.Sprintf("%s missing", show(want))
	}
	if want.formula != "" {
		switch {
		case formulaReaders[reader]:
			if got[0] != "f" || got[1] != want.formula {
				return fmt.Sprintf("formula %s, got %v", want.formula, got)
			}
			return ""
		case reader == "exceljs":
			if got[0] != "f" || got[1] != want.formula {
				return fmt.Sprintf("formula %s, got %v", want.formula, got)
			}
			res, _ := got[2].([]any)
			return match("", value{kind: want.kind, num: want.num, text: want.text}, want.cached, res)
		}
	}
	kind, _ := got[0].(string)
	switch want.kind {
	case "n":
		x, ok := got[1].(float64)
		if kind != "n" || !ok || math.Abs(x-want.num) > 1e-9*math.Max(1, math.Abs(want.num)) {
			return fmt.Sprintf("%s, got %v", show(want), got)
		}
	case "b":
		if kind != "b" || got[1] != (want.num == 1) {
			return fmt.Sprintf("%s, got %v", show(want), got)
		}
	default:
		if kind != "s" && kind != "e" || got[1] != want.text {
			return fmt.Sprintf("%s, got %v", show(want), got)
		}
	}
	return ""
}

func show(v value) string {
	if v.kind == "n" || v.kind == "b" {
		return fmt.Sprintf("%s %v", v.kind, v.num)
	}
	return fmt.Sprintf("%s %q", v.kind, v.text)
}

// compareCSV checks LibreOffice's csv of every visible sheet against the package's values.
func compareCSV(t *testing.T, b *book, dir, base string) {
	t.Helper()
	for _, sh := range b.sheets {
		p := filepath.Join(dir, base+"-"+sh.name+".csv")
		data, err := os.ReadFile(p)
		if err != nil {
			if sh.state == "visible" {
				t.Errorf("libreoffice-csv: sheet %s: %v", sh.name, err)
			}
			continue
		}
		r := csv.NewReader(strings.NewReader(string(data)))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Errorf("libreoffice-csv: sheet %s: %v", sh.name, err)
			continue
		}
		got := map[string][]any{}
		for i, row := range rows {
			for j, s := range row {
				if s == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if x, err := strconv.ParseFloat(s, 64); err == nil && sh.cells[ref].kind == "n" {
					got[ref] = []any{"n", x}
				} else {
					got[ref] = []any{"s", s}
				}
			}
		}
		var bad []string
		for _, ref := range sortedRefs(sh.cells, got) {
			want, has := sh.cells[ref]
			if want.kind == "b" { // csv writes TRUE/FALSE
				continue
			}
			if msg := match("libreoffice-csv", want, has, got[ref]); msg != "" {
				bad = append(bad, ref+": "+msg)
			}
		}
		if len(bad) > 0 {
			t.Errorf("libreoffice-csv: sheet %s: %d cells differ: %s", sh.name, len(bad), strings.Join(bad[:min(len(bad), 8)], "; "))
		}
	}
}

func sortedRefs(a map[string]value, b map[string][]any) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
