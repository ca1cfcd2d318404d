package interop

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/web"
	"nianbao/xlsx"
	"nianbao/xlsx/annotate"
)

const year = 2024

// item is one workbook of the corpus: what kind of output it is and where it is.
type item struct {
	kind, path string
}

// corpus is every kind of workbook we write, in one flat folder with distinct names.
type corpus struct {
	dir   string
	items []item
	// inputs are the returned files annotated, by their source ("libreoffice", "openpyxl", …).
	inputs map[string]string
}

var (
	corpusOnce sync.Once
	theCorpus  *corpus
	corpusErr  error
	corpusRoot string // the temp folder of the corpus and of LibreOffice's conversions, removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusRoot != "" {
		os.RemoveAll(corpusRoot)
	}
	os.Exit(code)
}

// buildCorpus writes the corpus once per test binary (tl must have every reader).
func buildCorpus(tl tools) (*corpus, error) {
	corpusOnce.Do(func() { theCorpus, corpusErr = newCorpus(tl) })
	return theCorpus, corpusErr
}

func newCorpus(tl tools) (*corpus, error) {
	root, err := os.MkdirTemp("", "nianbao-interop-")
	if err != nil {
		return nil, err
	}
	corpusRoot = root
	c := &corpus{dir: filepath.Join(root, "out"), inputs: map[string]string{}}
	region := filepath.Join(root, "demo")
	received := filepath.Join(region, demo.ReceivedDir)
	for _, d := range []string{c.dir, region} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	plan, err := demo.Generate(demo.Options{Dir: region, Units: 10, Seed: 16, Year: year, NoLegacy: true, Workers: 2})
	if err != nil {
		return nil, err
	}
	// The returned file the other writers re-save: one of our templates with an unbalanced 表三 (its
	// cached totals are stale, as in any file a script edited).
	var src string
	for _, f := range plan.Files {
		if f.Mistake == demo.MistakeBalance {
			src = f.Path
		}
	}
	if src == "" {
		return nil, fmt.Errorf("the demo wrote no file with %q", demo.MistakeBalance)
	}
	if err := c.foreignInputs(tl, src, filepath.Join(root, "foreign")); err != nil {
		return nil, err
	}
	// Annotated copies, named as `check --annotate` names them, of two of our templates returned with
	// mistakes (text in a number cell, a total typed over) and of the files the other writers saved.
	var args []string
	for _, f := range plan.Files {
		if f.Mistake == demo.MistakeText || f.Mistake == demo.MistakeTotal {
			args = append(args, f.Path)
		}
	}
	for _, p := range c.inputs {
		args = append(args, p)
	}
	sort.Strings(args)
	paths, _, err := batch.Collect([]string{received})
	if err != nil {
		return nil, err
	}
	files := batch.Check(args, batch.Options{Year: year})
	returned := filepath.Join(root, "returned")
	if err := os.MkdirAll(returned, 0o755); err != nil {
		return nil, err
	}
	written, err := annotate.All(files, returned)
	if err != nil {
		return nil, err
	}
	for _, p := range written {
		c.add("annotated", p)
	}
	for from, p := range c.inputs {
		if !fileExists(filepath.Join(returned, annotate.Name(p))) {
			return nil, fmt.Errorf("no annotated copy of the file written by %s (%s)", from, p)
		}
	}
	// A file that holds no workbook gets a copy with only 校验结果.
	notBook := filepath.Join(root, "网页.xls")
	if err := os.WriteFile(notBook, []byte("not a workbook"), 0o644); err != nil {
		return nil, err
	}
	if err := annotate.File(notBook, filepath.Join(c.dir, "网页.xls_校验结果.xlsx"), "网页.xls", files[0].Findings); err != nil {
		return nil, err
	}
	c.items = append(c.items, item{"annotated-result-only", filepath.Join(c.dir, "网页.xls_校验结果.xlsx")})

	var good []string
	for _, f := range plan.Files {
		if f.Mistake == "" {
			good = append(good, f.Path)
		}
	}
	if err := c.templates(batch.Check(good[:1], batch.Options{Year: year})); err != nil {
		return nil, err
	}
	res, err := summary.Run(plan.Roster, []string{received}, batch.Options{Year: year}, summary.Options{Year: year, Tool: "nianbao"})
	if err != nil {
		return nil, err
	}
	if err := xlsx.WriteSummary(filepath.Join(c.dir, "汇总.xlsx"), res.Result); err != nil {
		return nil, err
	}
	c.items = append(c.items, item{"summary", filepath.Join(c.dir, "汇总.xlsx")})
	c.add("roster", filepath.Join(region, demo.RosterFile))
	if err := xlsx.WriteRoster(filepath.Join(c.dir, "空白名单.xlsx"), nil); err != nil {
		return nil, err
	}
	c.items = append(c.items, item{"roster-blank", filepath.Join(c.dir, "空白名单.xlsx")})
	if err := c.webFindings(root, paths); err != nil {
		return nil, err
	}
	sort.Slice(c.items, func(i, j int) bool { return c.items[i].path < c.items[j].path })
	return c, nil
}

// add copies a workbook into the corpus folder under its own name.
func (c *corpus) add(kind, path string) {
	dst := filepath.Join(c.dir, filepath.Base(path))
	data, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(dst, data, 0o644)
	}
	if err != nil {
		panic(err) // a temp folder we just made
	}
	c.items = append(c.items, item{kind, dst})
}

// foreignInputs writes src as LibreOffice, openpyxl and pandas save it, and as excelize writes it without
// a theme part, into dir.
func (c *corpus) foreignInputs(tl tools, src, dir string) error {
	lo := filepath.Join(dir, "lo")
	if err := os.MkdirAll(lo, 0o755); err != nil {
		return err
	}
	var wg sync.WaitGroup
	var loErr, pyErr error
	wg.Add(2)
	go func() {
		defer wg.Done()
		if loErr = soffice(tl.soffice, lo, "xlsx", []string{src}); loErr != nil {
			return
		}
		loErr = os.Rename(filepath.Join(lo, strings.TrimSuffix(filepath.Base(src), ".xlsx")+".xlsx"),
			filepath.Join(dir, "libreoffice.xlsx"))
	}()
	go func() {
		defer wg.Done()
		_, pyErr = run(time.Minute, tl.python, filepath.Join("testdata", "readers.py"), "prep", src, dir)
	}()
	wg.Wait()
	if loErr != nil {
		return loErr
	}
	if pyErr != nil {
		return pyErr
	}
	noTheme := filepath.Join(dir, "no-theme.xlsx")
	if err := dropTheme(src, noTheme); err != nil {
		return err
	}
	c.inputs["libreoffice"] = filepath.Join(dir, "libreoffice.xlsx")
	c.inputs["openpyxl"] = filepath.Join(dir, "openpyxl.xlsx")
	c.inputs["pandas"] = filepath.Join(dir, "pandas.xlsx")
	c.inputs["excelize-no-theme"] = noTheme
	return nil
}

var (
	reThemeRel      = regexp.MustCompile(`<Relationship [^>]*Target="[^"]*theme[^"]*"[^>]*/>`)
	reThemeOverride = regexp.MustCompile(`<Override [^>]*PartName="/xl/theme/[^"]*"[^>]*/>`)
)

// dropTheme copies a package without its theme part.
func dropTheme(src, dst string) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/theme/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		switch zf.Name {
		case "xl/_rels/workbook.xml.rels":
			data = reThemeRel.ReplaceAll(data, nil)
		case "[Content_Types].xml":
			data = reThemeOverride.ReplaceAll(data, nil)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: time.Now()})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(dst, out.Bytes(), 0o644)
}

// templates writes the blank templates of both versions and pre-filled ones, by WriteTemplate and by the
// filler, from the figures of a checked file.
func (c *corpus) templates(files []batch.File) error {
	var r *model.Report
	for _, f := range files {
		if f.Report != nil && f.Verdict == batch.Passed && f.Report.Version == model.V2021 {
			r = f.Report
			break
		}
	}
	if r == nil {
		return fmt.Errorf("no passing file to pre-fill templates from")
	}
	write := func(kind, name string, opt xlsx.TemplateOptions) error {
		p := filepath.Join(c.dir, name)
		c.items = append(c.items, item{kind, p})
		return xlsx.WriteTemplate(p, opt)
	}
	if err := write("template-2019", "模板2019版.xlsx", xlsx.TemplateOptions{Year: 2020}); err != nil {
		return err
	}
	if err := write("template-2021", "模板2021版.xlsx", xlsx.TemplateOptions{Year: year}); err != nil {
		return err
	}
	unit := model.Unit{Name: "示例市<财政局>&“审计”", Code: "T-01"} // text that must be escaped
	if err := write("template-prefilled", "预填模板.xlsx", xlsx.TemplateOptions{Year: year, Unit: unit, Report: r}); err != nil {
		return err
	}
	fill, err := xlsx.NewTemplateFiller(xlsx.TemplateOptions{Year: year})
	if err != nil {
		return err
	}
	p := filepath.Join(c.dir, "预填模板_批量.xlsx")
	c.items = append(c.items, item{"template-prefilled-filler", p})
	return fill.Write(p, model.Unit{Name: "示例市财政局", Code: "T-02"}, r)
}

// webFindings uploads the returned files to the web page and downloads its findings workbook.
func (c *corpus) webFindings(root string, paths []string) error {
	srv, err := web.New(web.Options{Dir: filepath.Join(root, "web"), Token: "interop", Tool: "nianbao"})
	if err != nil {
		return err
	}
	defer srv.Close()
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	do := func(method, path string, body io.Reader, ctype string) ([]byte, error) {
		req, err := http.NewRequest(method, ts.URL+path, body)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer interop")
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		data, err := io.ReadAll(res.Body)
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, data)
		}
		return data, err
	}
	body, ctype, err := multipartFiles(paths)
	if err != nil {
		return err
	}
	if _, err := do("POST", fmt.Sprintf("/api/%d/submissions", year), body, ctype); err != nil {
		return err
	}
	data, err := do("GET", fmt.Sprintf("/api/%d/findings.xlsx", year), nil, "")
	if err != nil {
		return err
	}
	p := filepath.Join(c.dir, "网页_校验结果.xlsx")
	c.items = append(c.items, item{"findings", p})
	return os.WriteFile(p, data, 0o644)
}

// multipartFiles builds a multipart body with each file under "file", as the page uploads them.
func multipartFiles(paths []string) (io.Reader, string, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, "", err
		}
		w, err := mw.CreateFormFile("file", filepath.Base(p))
		if err != nil {
			return nil, "", err
		}
		if _, err := w.Write(data); err != nil {
			return nil, "", err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return &buf, mw.FormDataContentType(), nil
}
