package web

import (
	"context"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests share one headless Chromium per test binary, started on first use and closed by
// TestMain; each test gets a tab in a browser context of its own (cookies, storage and downloads apart,
// disposed of when the test ends), as a fresh browser would be.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel []context.CancelFunc
)

// chromium finds a Chromium to drive, skipping the test when there is none unless NIANBAO_REQUIRE_BROWSER=1.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("NIANBAO_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium is not installed (NIANBAO_REQUIRE_BROWSER=1): apt-get install -y chromium")
	}
	t.Skip("Chromium is not installed; set NIANBAO_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// newTab is a tab of the shared Chromium in a new browser context, for at most timeout; the test skips
// without Chromium (see chromium) and in -short mode. Contexts made from it with
// chromedp.WithNewBrowserContext are more browsers of their own.
func newTab(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	exe := chromium(t)
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	profile := sharedDir(t)
	browserOnce.Do(func() {
		dir, err := os.MkdirTemp(profile, "chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(dir), chromedp.WindowSize(1280, 900),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		browserCtx, browserCancel = bctx, []context.CancelFunc{cancelBrowser, cancelAlloc}
		browserErr = chromedp.Do(bctx, chromedp.Navigate("about:blank"))
	})
	if browserErr != nil {
		t.Fatalf("starting Chromium: %v", browserErr)
	}
	ctx, cancelTab := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	ctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancel(); cancelTab() })
	return ctx
}

// closeBrowser stops the shared Chromium, if one was started.
func closeBrowser() {
	for _, cancel := range browserCancel {
		cancel()
	}
}

// pollEvery is how often a browser test evaluates what it waits for (chromedp polls on every animation
// frame by default, which keeps Chromium rendering while the server checks files).
const pollEvery = 100 * time.Millisecond
