package serve_test

import (
	"github.com/privaudit/privaudit/internal/chromiumtest"

	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/privaudit/privaudit/browser"
)

// chromium is a headless Chromium of a test, with what it reported: the
// problems (exceptions, console errors, error log entries), the address of
// every request, and the dialogs opened.
type chromium struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string
	requests []string
	dialogs  []string
}

// startChromium starts a headless Chromium of its own, with a fresh
// profile, skipping the test when there is no Chromium (CI has it). It
// closes at the end of the test.
func startChromium(t *testing.T) *chromium {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	bin, err := browser.Find("")
	if err != nil {
		t.Skipf("skipping: the browser test needs Chromium (apt-get install chromium, or set CHROME_PATH): %v", err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromiumtest.Options(bin, dir)...)
	t.Cleanup(cancelAlloc)
	c := &chromium{}
	var tab context.Context
	listen := func(ev any) {
		c.mu.Lock()
		defer c.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			c.problems = append(c.problems, "exception: "+(&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				c.problems = append(c.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				c.problems = append(c.problems, fmt.Sprintf("log %s (%s): %s %s", ev.Entry.Level, ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			c.requests = append(c.requests, ev.Request.URL)
		case *page.EventJavascriptDialogOpening:
			c.dialogs = append(c.dialogs, string(ev.Type)+": "+ev.Message)
			go func() {
				_, _ = chromedp.Call(tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	}
	tab, cancelTab := chromedp.NewContext(actx, chromedp.WithListener(listen))
	t.Cleanup(cancelTab)
	c.ctx = tab
	if err := chromedp.Do(tab); err != nil {
		if ctx.Err() != nil || strings.Contains(err.Error(), "exec") {
			t.Skipf("skipping: Chromium (%s) did not start: %v", bin, err)
		}
		t.Fatalf("starting Chromium: %v", err)
	}
	return c
}

// open opens target in a window width pixels wide and waits for it to
// load; it returns the document's HTTP status (after redirects).
func (c *chromium) open(t *testing.T, target string, width int64) int {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(c.ctx, chromedp.EmulateViewport(width, 900, opts...)); err != nil {
		t.Fatalf("setting the viewport: %v", err)
	}
	resp, err := chromedp.Run(c.ctx, chromedp.NavigateResponse(target))
	if err != nil {
		t.Fatalf("opening %s: %v", target, err)
	}
	if resp == nil {
		t.Fatalf("opening %s: no response", target)
	}
	return int(resp.Status)
}

// eval evaluates js in the page.
func eval[T any](t *testing.T, c *chromium, js string) T {
	t.Helper()
	v, err := chromedp.Run(c.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluating %.80s: %v", js, err)
	}
	return v
}

// screenshot writes a PNG of the whole page to dir/name.png.
func (c *chromium) screenshot(t *testing.T, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// take returns what the browser reported since the last call, after a
// moment for late events to arrive, and forgets it.
func (c *chromium) take() (problems, requests, dialogs []string) {
	time.Sleep(150 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	problems, requests, dialogs = c.problems, c.requests, c.dialogs
	c.problems, c.requests, c.dialogs = nil, nil, nil
	return problems, requests, dialogs
}

// checkClean fails the test for any problem, dialog, or request that left
// origin (data: URLs stay in the page) since the last call.
func (c *chromium) checkClean(t *testing.T, origin, what string) {
	t.Helper()
	problems, requests, dialogs := c.take()
	for _, p := range problems {
		t.Errorf("%s: browser: %s", what, p)
	}
	for _, d := range dialogs {
		t.Errorf("%s: a dialog opened: %s", what, d)
	}
	if len(requests) == 0 {
		t.Errorf("%s: no request seen (the network listener is not working)", what)
	}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme+"://"+u.Host != origin) {
			t.Errorf("%s: a request left the server: %s", what, r)
		}
	}
}
