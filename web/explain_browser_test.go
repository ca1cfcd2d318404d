package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"nianbao/batch"
	"nianbao/demo"
	"nianbao/model"
	"nianbao/summary"
	"nianbao/xlsx"
)

// TestBrowserFindingsExplanationsYears drives the page in headless Chromium: a failing file's findings
// grouped as the text report groups them (each consequence under its fault, "因此"), a warning explained
// in the unit page (the verdict becomes 通过（已说明）, the status follows), and a file of another year
// dropped in this year's 收件, offered for its own year and routed there with one click.
func TestBrowserFindingsExplanationsYears(t *testing.T) {
	s := newTestServer(t, "", Options{Loopback: true})
	s.putRoster(filepath.Join(demoRegion(t), demo.RosterFile))
	warned, _ := warnedPair(t)
	var failing batch.File
	for _, f := range checked(t) {
		for _, fd := range f.Findings {
			if !fd.Fault() && failing.Path == "" {
				failing = f
			}
		}
	}
	if failing.Path == "" {
		t.Fatal("no demo file with a consequence")
	}
	ids := map[string]int64{}
	var unit string
	for _, p := range []string{warned, failing.Path} {
		code, body := s.upload(fmt.Sprintf("/api/%d/submissions", testYear), p)
		var doc SubmitDocument
		if code != http.StatusOK || json.Unmarshal(body, &doc) != nil {
			t.Fatalf("upload %s: %d %s", p, code, body)
		}
		ids[p] = doc.Uploads[0].Version
		if p == warned {
			unit = doc.Files[0].Unit.Code
		}
	}
	otherYear := testYear - 1
	other := filepath.Join(t.TempDir(), "上年度报表.xlsx")
	if err := xlsx.WriteTemplate(other, xlsx.TemplateOptions{Year: otherYear, Unit: model.Unit{Code: "000099", Name: "外来局"}}); err != nil {
		t.Fatal(err)
	}
	// … and one inside a zip, which the page cannot send again alone: the server files what it kept.
	var inner bytes.Buffer
	if err := xlsx.WriteTemplateTo(&inner, xlsx.TemplateOptions{Year: otherYear, Unit: model.Unit{Code: "000098", Name: "另一外来局"}}); err != nil {
		t.Fatal(err)
	}
	zipped := filepath.Join(t.TempDir(), "上年度.zip")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	if zf, err := zw.Create("另一外来局.xlsx"); err != nil {
		t.Fatal(err)
	} else {
		zf.Write(inner.Bytes())
	}
	zw.Close()
	if err := os.WriteFile(zipped, zbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := newTab(t, 3*time.Minute)
	run := func(what string, acts ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, acts...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	poll := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Minute), chromedp.WithPollingInterval(pollEvery))); err != nil {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('message').textContent`))
			t.Fatalf("%s: %v (message on the page: %q)", what, err, msg)
		}
	}
	num := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}

	shot := func(name string) { // for looking at the page: only when NIANBAO_SCREENSHOTS names a folder
		t.Helper()
		dir := os.Getenv("NIANBAO_SCREENSHOTS")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	// Opened without a year in the address: the year most files were received for lately, shown at the top.
	run("open", chromedp.Navigate(s.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`)))
	opened, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('year-select').value`))
	if err != nil {
		t.Fatal(err)
	}
	if opened != fmt.Sprint(testYear) {
		t.Errorf("the page opened on %s, want %d", opened, testYear)
	}

	// The failing file: every fault once, each consequence under the fault(s) it follows from.
	run("failing unit", chromedp.Navigate(s.ts.URL+fmt.Sprintf("/#/%d/v/%d", testYear, ids[failing.Path])), shownUnit(testYear),
		chromedp.WaitVisible(chromedp.CSS(`#unit-findings li[data-finding]`)))
	faults, placed := 0, 0
	for _, fd := range failing.Findings {
		switch {
		case fd.Fault():
			faults++
		case len(fd.BecauseAll) > 0:
			placed += len(fd.BecauseAll)
		default:
			placed++
		}
	}
	shot("5-问题与后果")
	if n := num(`document.querySelectorAll('#unit-findings ol.findings > li').length`); n != faults {
		t.Errorf("%d faults on the page, want %d", n, faults)
	}
	if n := num(`document.querySelectorAll('#unit-findings li.consequence').length`); n != placed || placed == 0 {
		t.Errorf("%d consequences on the page, want %d", n, placed)
	}
	if n := num(`[...document.querySelectorAll('#unit-findings li.consequence')].filter(li =>
		li.closest('ol.findings > li').dataset.finding !== li.dataset.because ||
		!li.textContent.startsWith('因此')).length`); n != 0 {
		t.Errorf("%d consequences not under their fault", n)
	}

	// The warned file: the clerk types an explanation and saves it.
	run("warned unit", chromedp.Navigate(s.ts.URL+fmt.Sprintf("/#/%d/v/%d", testYear, ids[warned])), shown(fmt.Sprintf("#/%d/v/%d", testYear, ids[warned])),
		chromedp.WaitVisible(chromedp.CSS(`#unit-findings textarea[data-explain-input]`)),
		chromedp.SendKeys(chromedp.CSS(`#unit-findings textarea[data-explain-input]`), explainText),
		chromedp.Click(chromedp.CSS(`#unit-findings button[data-act="save-explanation"]`)))
	poll("explained", `document.getElementById('unit-meta').textContent.includes('通过（已说明）') &&
		[...document.querySelectorAll('#unit-findings li.explained')].some(li => li.textContent.includes('`+explainText+`'))`)
	shot("6-已说明")
	run("back", chromedp.Click(chromedp.CSS(`#back`)), shown(fmt.Sprintf("#/%d", testYear)))
	poll("status", fmt.Sprintf(`document.querySelector('#status-rows tr[data-code="%s"]') !== null &&
		document.querySelector('#status-rows tr[data-code="%s"]').dataset.status === '%s'`, unit, unit, summary.Explained))

	// A file of last year dropped here: not filed, offered for its own year, routed there with one click.
	run("drop other year", chromedp.SetUploadFiles(chromedp.CSS(`#file-input`), []string{other, zipped}))
	poll("offered", `document.querySelectorAll('#upload-log li[data-kind="其他年度"] button[data-act="to-year"]').length === 2 &&
		document.getElementById('progress-text').textContent.includes('完成')`)
	var here, there Status
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &here)
	if len(here.Files) != 2 {
		t.Errorf("%d files in %d: a report of another year was filed", len(here.Files), testYear)
	}
	for i := 0; i < 2; i++ {
		run("route", chromedp.Click(chromedp.CSS(`#upload-log li[data-kind="其他年度"] button[data-act="to-year"]`)))
		poll("routed", fmt.Sprintf(`document.getElementById('message').textContent.includes('放入 %d 年度') &&
			document.querySelectorAll('#upload-log li[data-kind="其他年度"]').length === %d`, otherYear, 1-i))
	}
	s.getJSON(fmt.Sprintf("/api/%d/status", testYear), &here)
	s.getJSON(fmt.Sprintf("/api/%d/status", otherYear), &there)
	names := map[string]bool{}
	for _, f := range there.Files {
		names[f.Name] = f.Year == otherYear && f.Verdict != batch.Unreadable
	}
	if len(here.Files) != 2 || len(there.Files) != 2 || !names[filepath.Base(other)] || !names["另一外来局.xlsx"] {
		t.Errorf("files: %d in %d, %v in %d", len(here.Files), testYear, names, otherYear)
	}
	run("other workspace", chromedp.Navigate(s.ts.URL+fmt.Sprintf("/#/%d", otherYear)))
	poll("other workspace files", `document.getElementById('files-count').textContent === '2' &&
		document.getElementById('year-select').value === '`+fmt.Sprint(otherYear)+`'`)
}
