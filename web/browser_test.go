package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"nianbao/demo"
)

// TestBrowser drives the page in headless Chromium as a clerk would: upload the roster and the demo
// region's returned files, wait for the statuses, open a failing unit, download its annotated copy and the
// summary, and compare the summary cell for cell with what `nianbao summary` writes for the same files.
// Screenshots of the main pages are written to $NIANBAO_SCREENSHOTS (default: nianbao-screenshots in the
// temp directory), never into the source tree; docs/screenshots holds a copy for the README.
func TestBrowser(t *testing.T) {
	s := newTestServer(t, "", Options{Loopback: true})
	downloads := t.TempDir()
	ctx := newTab(t, 4*time.Minute)
	done := make(chan string, 8)
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	go func() {
		for ev, err := range progress {
			if err != nil {
				return
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				done <- ev.GUID
			}
		}
	}()
	download := func(sel string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
		select {
		case guid := <-done:
			return filepath.Join(downloads, guid)
		case <-time.After(90 * time.Second):
			t.Fatalf("download of %s did not finish", sel)
		}
		return ""
	}
	shot := func(name string) { t.Helper(); screenshot(t, ctx, name) }
	poll := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(2*time.Minute), chromedp.WithPollingInterval(pollEvery))); err != nil {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('message').textContent`))
			t.Fatalf("%s: %v (message on the page: %q)", what, err, msg)
		}
	}
	eval := func(js string, v *[]string) {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		*v = out
	}
	count := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}

	region := demoRegion(t)
	files := received(t)
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &yes,
				BrowserContextID: chromedp.FromContext(ctx).BrowserContextID})
			return err
		}),
		chromedp.Navigate(s.ts.URL+fmt.Sprintf("/#/%d", testYear)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#roster-input`), []string{filepath.Join(region, demo.RosterFile)}),
	)
	if err != nil {
		t.Fatal(err)
	}
	poll("roster", `document.getElementById('roster-info').textContent.includes('共 24 个单位')`)
	poll("missing units", `document.querySelectorAll('#status-rows tr[data-status="未报送"]').length === 24`)
	shot("1-名单")

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`#file-input`), files)); err != nil {
		t.Fatal(err)
	}
	poll("uploads", `document.getElementById('progress-text').textContent.includes('完成')`)
	poll("statuses", `document.querySelectorAll('#status-rows tr[data-status="已报送·有错误"]').length > 0`)

	// The statuses on the page are the summary's.
	_, want := cliSummary(t, false)
	var rows []string
	eval(`[...document.querySelectorAll('#status-rows tr')].map(tr => tr.dataset.code + " " + tr.dataset.status)`, &rows)
	var wantRows []string
	for _, u := range want.Units {
		wantRows = append(wantRows, u.Code+" "+string(u.Status))
	}
	if strings.Join(rows, "\n") != strings.Join(wantRows, "\n") {
		t.Errorf("statuses on the page:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(wantRows, "\n"))
	}
	var counts []string
	eval(`[document.getElementById('counts').textContent]`, &counts)
	if !strings.Contains(counts[0], fmt.Sprintf("未报送%d", want.Counts.Missing)) || !strings.Contains(counts[0], fmt.Sprintf("有错误%d", want.Counts.Failed)) {
		t.Errorf("counts on the page: %q, want %+v", counts, want.Counts)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`#status-card`))); err != nil {
		t.Fatal(err)
	}
	shot("2-报送情况")

	// Search narrows the tree; clearing it shows every row again.
	name := want.Units[len(want.Units)/2].Name
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#search`), name)); err != nil {
		t.Fatal(err)
	}
	if n := count(`document.querySelectorAll('#status-rows tr').length`); n == 0 || n >= len(wantRows) {
		t.Errorf("search %s shows %d of %d rows", name, n, len(wantRows))
	}
	count(`(() => { const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input')); return 0; })()`)

	// A failing unit: its tables with the failing cells marked and the messages beside them.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#status-rows tr[data-status="已报送·有错误"] td:nth-child(2)`)),
		shownUnit(testYear),
		chromedp.WaitVisible(chromedp.CSS(`#unit-view td.error`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if cells, notes := count(`document.querySelectorAll('#unit-tables td.error').length`),
		count(`document.querySelectorAll('#unit-tables .notes li.error').length`); cells == 0 || notes == 0 {
		t.Errorf("unit page: %d error cells, %d error notes", cells, notes)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`#unit-tables td.error`))); err != nil {
		t.Fatal(err)
	}
	shot("3-单位")
	annotated := download(`#dl-annotated`)
	if data, err := os.ReadFile(annotated); err != nil || len(data) < 1000 || string(data[:2]) != "PK" {
		t.Errorf("annotated copy: %v, %d bytes", err, len(data))
	}

	// The summary downloaded from the page is the CLI's.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#back`)), shown(fmt.Sprintf("#/%d", testYear))); err != nil {
		t.Fatal(err)
	}
	got := download(`#dl-summary`)
	wantPath, _ := cliSummary(t, false)
	sameWorkbook(t, wantPath, got)
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`#summary-card`))); err != nil {
		t.Fatal(err)
	}
	shot("4-汇总")

	// The unit that sent two files: the clerk chooses the older one against the newest-first rule, then
	// withdraws the newer; the status follows.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#status-rows tr[data-status="被替代"] td:nth-child(2)`)),
		shownUnit(testYear),
		chromedp.WaitVisible(chromedp.CSS(`#unit-versions li:first-child button[data-act="选定此版"]`)),
		chromedp.Click(chromedp.CSS(`#unit-versions li:first-child button[data-act="选定此版"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	poll("choice", `document.querySelector('#unit-versions li:first-child').textContent.includes('采用（办事员选定）')`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#unit-versions li:nth-child(2) button[data-act="撤回"]`))); err != nil {
		t.Fatal(err)
	}
	poll("withdrawal", `document.querySelector('#unit-versions li:nth-child(2)').textContent.includes('撤回，不计入')`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#back`)), shown(fmt.Sprintf("#/%d", testYear))); err != nil {
		t.Fatal(err)
	}
	poll("status after the withdrawal", `document.querySelectorAll('#status-rows tr[data-status="被替代"]').length === 0 &&
		[...document.querySelectorAll('#status-rows td')].some(td => td.textContent.includes('采用：办事员选定'))`)

	// The roster and the region's own summary dropped among the submissions are answered, not filed.
	rowsBefore := count(`document.querySelectorAll('#status-rows tr').length`)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`#file-input`), []string{filepath.Join(region, demo.RosterFile), wantPath})); err != nil {
		t.Fatal(err)
	}
	poll("routed uploads", `document.querySelector('#upload-log li[data-kind="名单"] button[data-act="as-roster"]') !== null &&
		document.querySelector('#upload-log li[data-kind="本级汇总表"]') !== null &&
		document.getElementById('progress-text').textContent.includes('完成')`)
	if n := count(`document.querySelectorAll('#status-rows tr').length`); n != rowsBefore {
		t.Errorf("status rows after the routed uploads: %d, before %d", n, rowsBefore)
	}

	// All return copies as one zip; the units become 已退回; the log shows the acts.
	zipPath := download(`#dl-returns`)
	if data, err := os.ReadFile(zipPath); err != nil || len(data) < 1000 || string(data[:2]) != "PK" {
		t.Errorf("returns.zip: %v, %d bytes", err, len(data))
	}
	poll("returned", `[...document.querySelectorAll('#status-rows td')].some(td => td.textContent.includes('已退回（'))`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#dl-log`))); err != nil {
		t.Fatal(err)
	}
	poll("log", `document.getElementById('log-rows').textContent.includes('下载全部退回件') &&
		document.getElementById('log-rows').textContent.includes('撤回文件')`)
}

var yes = true

// shown waits until the page has shown the view at the address hash: app.js's route sets body[data-shown] last,
// after the view is filled in and scrolled to the top. A view's elements are visible before that, and a click
// sent then may land where the element was before the page moved (a download that never starts).
func shown(hash string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`body[data-shown=%q]`, hash)))
}

// shownUnit waits until the page has shown one file's view of the year.
func shownUnit(year int) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`body[data-shown^="#/%d/v/"]`, year)))
}
