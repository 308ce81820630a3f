package consent

import (
	"github.com/privaudit/privaudit/internal/chromiumtest"

	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// tabDOM is a test-only DOM over a chromedp tab (package browser has the
// real one): selectors run through document.querySelector in the page.
type tabDOM struct {
	tab context.Context
}

// within returns a context of the tab that also ends when ctx ends.
func (d tabDOM) within(ctx context.Context) (context.Context, context.CancelFunc) {
	c, cancel := context.WithCancel(d.tab)
	stop := context.AfterFunc(ctx, cancel)
	return c, func() { stop(); cancel() }
}

func (d tabDOM) eval(ctx context.Context, js string, out any) error {
	c, cancel := d.within(ctx)
	defer cancel()
	raw, err := chromedp.Run(c, chromedp.Evaluate[[]byte](js))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	if out == nil || len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, out)
}

// query runs a function of the first element matching css.
func (d tabDOM) query(ctx context.Context, css, body string, out any) error {
	q, err := json.Marshal(css)
	if err != nil {
		return err
	}
	return d.eval(ctx, `(function(){var el=document.querySelector(`+string(q)+`);`+body+`})()`, out)
}

func (d tabDOM) Exists(ctx context.Context, css string) (bool, error) {
	var v bool
	err := d.query(ctx, css, `return el!==null;`, &v)
	return v, err
}

// visibleJS is the body of a query that tells whether el is visible.
const visibleJS = `if(!el)return false;var r=el.getBoundingClientRect();
	if(r.width<=0||r.height<=0)return false;
	return el.checkVisibility?el.checkVisibility({opacityProperty:true,visibilityProperty:true}):getComputedStyle(el).visibility!=='hidden';`

func (d tabDOM) Visible(ctx context.Context, css string) (bool, error) {
	var v bool
	err := d.query(ctx, css, visibleJS, &v)
	return v, err
}

// Click clicks with the mouse when the element is visible and uncovered,
// else with its click(), as the DOM's contract says.
func (d tabDOM) Click(ctx context.Context, css string) error {
	var at struct {
		Found, Mouse bool
		X, Y         float64
	}
	err := d.query(ctx, css, `if(!el)return {Found:false};
		var vis=(function(){`+visibleJS+`})();
		if(vis){el.scrollIntoView({block:'center',inline:'center'});
			var r=el.getBoundingClientRect(),x=r.left+r.width/2,y=r.top+r.height/2,hit=document.elementFromPoint(x,y);
			if(hit&&(hit===el||el.contains(hit)))return {Found:true,Mouse:true,X:x,Y:y};}
		el.click();return {Found:true};`, &at)
	if err != nil {
		return err
	}
	if !at.Found {
		return fmt.Errorf("no element matches %s", css)
	}
	if !at.Mouse {
		return nil
	}
	c, cancel := d.within(ctx)
	defer cancel()
	return chromedp.Do(c, chromedp.MouseClickXY(at.X, at.Y))
}

func (d tabDOM) Hide(ctx context.Context, css string) error {
	q, err := json.Marshal(css)
	if err != nil {
		return err
	}
	return d.eval(ctx, `document.querySelectorAll(`+string(q)+`).forEach(function(el){el.style.setProperty('display','none','important')})`, nil)
}

func (d tabDOM) Text(ctx context.Context, css string) (string, error) {
	var s *string
	if err := d.query(ctx, css, `return el?el.innerText.trim():null;`, &s); err != nil {
		return "", err
	}
	if s == nil {
		return "", fmt.Errorf("no element matches %s", css)
	}
	return *s, nil
}

func (d tabDOM) WaitVisible(ctx context.Context, css string, timeout time.Duration) (bool, error) {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := d.Visible(ctx, css)
		if err != nil || ok || !time.Now().Before(deadline) {
			return ok, err
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return false, err
		}
	}
}

func (d tabDOM) Eval(ctx context.Context, js string, out any) error { return d.eval(ctx, js, out) }

var _ DOM = tabDOM{}

// The browser shared by the package's tests: started on first use, closed
// by TestMain.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc = func() {}
	browserErr    error
	browserDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	browserCancel()
	if browserDir != "" {
		os.RemoveAll(browserDir)
	}
	os.Exit(code)
}

// chromiumPath finds a Chromium binary: $CHROMIUM, then the usual names.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var errNoChromium = errors.New("no Chromium binary found (install the chromium package or set CHROMIUM=/path/to/chrome)")

// newTab opens a tab in a fresh browser context (its own cookies), in the
// shared headless Chromium, skipping the test when there is none.
func newTab(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	browserOnce.Do(func() {
		bin := chromiumPath()
		if bin == "" {
			browserErr = errNoChromium
			return
		}
		dir, err := os.MkdirTemp("", "consent-test-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		browserDir = dir
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromiumtest.Options(bin, dir)...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		browserCancel = func() { cancelBrowser(); cancelAlloc() }
		start, cancelStart := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancelStart()
		done := make(chan error, 1)
		go func() { done <- chromedp.Do(bctx) }()
		select {
		case err = <-done:
		case <-start.Done():
			err = start.Err()
		}
		if err != nil {
			browserErr = fmt.Errorf("Chromium (%s) did not start: %w", bin, err)
			return
		}
		browserCtx = bctx
	})
	if browserErr != nil {
		if errors.Is(browserErr, errNoChromium) || strings.Contains(browserErr.Error(), "did not start") {
			t.Skipf("skipping: %v", browserErr)
		}
		t.Fatal(browserErr)
	}
	tab, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return tab
}
