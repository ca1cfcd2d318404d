package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserUnitLink: on a server that needs a token, the clerk makes the links on the page; unit A's
// link, opened in a fresh browser context (no cookie of the clerk's), shows A's page, uploads A's
// corrected file and shows its result at once in the official layout; the token leaves the address;
// another unit's version, the clerk's page and the roster stay out of reach.
func TestBrowserUnitLink(t *testing.T) {
	f := newLinkFixture(t, "")
	clerk := newTab(t, 3*time.Minute)
	poll := func(ctx context.Context, what, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Minute), chromedp.WithPollingInterval(pollEvery))); err != nil {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById('message') || {}).textContent || document.body.innerText.slice(0, 300)`))
			t.Fatalf("%s: %v (page says %q)", what, err, msg)
		}
	}
	eval := func(ctx context.Context, js string) string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return out
	}

	// The clerk, with the access token, sees the links on the page.
	if err := chromedp.Do(clerk, chromedp.Navigate(f.ts.URL+"/?token="+testToken),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`))); err != nil {
		t.Fatal(err)
	}
	eval(clerk, `document.getElementById('links-create').click(), ""`)
	poll(clerk, "links on the clerk's page", fmt.Sprintf(`document.querySelectorAll('#links-rows tr').length === %d`, len(f.links)))
	link := eval(clerk, fmt.Sprintf(`document.querySelector('#links-rows tr[data-code="%s"] input.link-url').value`, unitA))
	if link != f.links[unitA].URL {
		t.Fatalf("link on the page %q, want %q", link, f.links[unitA].URL)
	}

	// Unit A, in a browser context of its own.
	unit, cancelUnit := chromedp.NewContext(clerk, chromedp.WithNewBrowserContext())
	defer cancelUnit()
	if err := chromedp.Do(unit, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`))); err != nil {
		t.Fatal(err)
	}
	poll(unit, "unit page", fmt.Sprintf(`document.getElementById('who').textContent.includes('%s')`, unitA))
	if href := eval(unit, `location.href`); strings.Contains(href, "t=") || strings.Contains(href, f.links[unitA].Token) {
		t.Errorf("the token stays in the address: %s", href)
	}
	poll(unit, "unit status", `document.getElementById('self-status').textContent.includes('有错误') && document.querySelectorAll('#self-files tr[data-version]').length === 1`)
	screenshot(t, unit, "5-单位报送")
	if err := chromedp.Do(unit, chromedp.SetUploadFiles(chromedp.CSS(`#self-file`), []string{demoFile(t, unitA, true)})); err != nil {
		t.Fatal(err)
	}
	poll(unit, "own result", `!document.getElementById('unit-view').hidden && document.querySelectorAll('#unit-tables table.form').length > 0 &&
		document.getElementById('unit-meta').textContent.includes('修改后')`)
	if verdict := eval(unit, `document.querySelector('#unit-meta .badge').textContent`); verdict != "通过" && verdict != "有警告" {
		t.Errorf("the corrected file on the unit page: %s", verdict)
	}
	screenshot(t, unit, "6-单位校验结果")
	if n := eval(unit, `String(document.querySelectorAll('#unit-versions li').length)`); n != "2" {
		t.Errorf("versions on the unit page: %s, want A's 2", n)
	}
	if vis := eval(unit, `String([...document.querySelectorAll('#unit-versions button')].filter(b => b.offsetParent !== null).length)`); vis != "0" {
		t.Errorf("%s clerk's buttons visible on the unit page", vis)
	}

	// Nothing of another unit: its version page, its file, the roster, the clerk's page.
	for _, path := range []string{
		fmt.Sprintf("/api/%d/versions/%d", testYear, f.verB), fmt.Sprintf("/api/%d/versions/%d/file", testYear, f.verB),
		fmt.Sprintf("/api/%d/roster", testYear), fmt.Sprintf("/api/%d/summary.xlsx", testYear),
	} {
		got := eval(unit, fmt.Sprintf(`fetch(%q).then(r => r.status + " " + r.headers.get("content-type"))`, path))
		if !strings.HasPrefix(got, fmt.Sprint(http.StatusForbidden)) {
			t.Errorf("unit fetching %s: %s", path, got)
		}
	}
	if err := chromedp.Do(unit, chromedp.Navigate(f.ts.URL+fmt.Sprintf("/unit#/%d/v/%d", testYear, f.verB)),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`))); err != nil {
		t.Fatal(err)
	}
	poll(unit, "another unit's page refused", `document.getElementById('message').textContent.includes('只能报送和查看本单位')`)
	if n := eval(unit, `String(document.querySelectorAll('#unit-tables table').length)`); n != "0" {
		t.Errorf("another unit's tables shown: %s", n)
	}
	if err := chromedp.Do(unit, chromedp.Navigate(f.ts.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`))); err != nil {
		t.Fatal(err)
	}
	if p := eval(unit, `location.pathname`); p != "/unit" {
		t.Errorf("the clerk's page opened for the unit: %s", p)
	}

	// The clerk sees A's upload, by A, in the log.
	eval(clerk, `document.getElementById('dl-log').click(), ""`) // a script's click: the sticky header may cover the button
	poll(clerk, "log", fmt.Sprintf(`document.getElementById('log-rows').textContent.includes('单位 %s') &&
		document.getElementById('log-rows').textContent.includes('通过报送链接打开报送页面')`, unitA))

	// A unit explains a warning of its own file on its page.
	warned, _ := warnedPair(t)
	code, _, _ := strings.Cut(filepath.Base(warned), "_")
	other, cancelOther := chromedp.NewContext(clerk, chromedp.WithNewBrowserContext())
	defer cancelOther()
	if err := chromedp.Do(other, chromedp.Navigate(f.links[code].URL), chromedp.WaitVisible(chromedp.CSS(`body[data-ready]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#self-file`), []string{warned})); err != nil {
		t.Fatal(err)
	}
	poll(other, "the warning's 说明 field", `document.querySelector('#unit-findings textarea[data-explain-input]') !== null`)
	if n := eval(other, `String([...document.querySelectorAll('[data-act="accept-explanation"], [data-act="选定此版"], [data-act="撤回"]')].filter(b => b.offsetParent !== null).length)`); n != "0" {
		t.Errorf("%s clerk's buttons on the unit page", n)
	}
	if err := chromedp.Do(other, chromedp.SendKeys(chromedp.CSS(`#unit-findings textarea[data-explain-input]`), explainText)); err != nil {
		t.Fatal(err)
	}
	eval(other, `document.querySelector('#unit-findings [data-act="save-explanation"]').click(), ""`)
	poll(other, "explained", `document.querySelector('#unit-findings li.explained') !== null && document.getElementById('unit-meta').textContent.includes('已说明')`)
}

// screenshot writes a screenshot of a page to $NIANBAO_SCREENSHOTS (default: nianbao-screenshots in the
// temp directory), and logs where.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := os.Getenv("NIANBAO_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "nianbao-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", filepath.Join(dir, name+".png"))
}
