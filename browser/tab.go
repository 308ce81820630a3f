package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// ErrNoElement means no element matches a selector.
var ErrNoElement = errors.New("no element matches")

// Tab is a rendered page the caller of Render may act on (the consent step
// clicks a banner's buttons there). Its methods are safe to call from one
// goroutine at a time, and only while the func Render called with it
// runs.
//
// A selector is a CSS selector. It reaches the elements of the page, of
// its open shadow roots and of its same-origin iframes (and theirs, at any
// depth); it cannot reach into a closed shadow root or a cross-origin
// iframe, whose document the page itself cannot read. Matches come in
// document order, the page's first. Scripts run in the page's main world.
type Tab interface {
	// URL returns the URL of the page (it changes when the page
	// navigates).
	URL() string
	// Exists reports whether an element matches css.
	Exists(ctx context.Context, css string) (bool, error)
	// Visible reports whether an element that matches css is visible:
	// rendered with a size, not hidden by CSS or opacity, in a visible
	// frame.
	Visible(ctx context.Context, css string) (bool, error)
	// WaitVisible waits at most timeout for an element that matches css
	// to be visible, and reports whether one was.
	WaitVisible(ctx context.Context, css string, timeout time.Duration) (bool, error)
	// Click clicks the first visible element that matches css (else the
	// first that matches): a real mouse click at its centre when nothing
	// covers it, else the element's click(). An error wraps ErrNoElement
	// when nothing matches.
	Click(ctx context.Context, css string) error
	// Hide hides every element that matches css (display: none).
	Hide(ctx context.Context, css string) error
	// Text returns the text of the first element that matches css, as
	// rendered (innerText), trimmed. An error wraps ErrNoElement when
	// nothing matches.
	Text(ctx context.Context, css string) (string, error)
	// Eval evaluates a JavaScript expression in the page, awaiting a
	// promise, and decodes its JSON value into out (when not nil; an
	// undefined value leaves out as it is).
	Eval(ctx context.Context, js string, out any) error
	// Cookies returns the value of each cookie of the tab's browser
	// context (that of Render's phase) by name, read from the browser's
	// cookie jar (Storage.getCookies), not from document.cookie: HttpOnly
	// cookies, those of third-party frames and partitioned ones are there
	// too. When several cookies have one name, the value is that of the
	// cookie the tab's page would be sent (its domain matches the page's
	// host), then of the longest path, then of the longest domain: the
	// one a script of the page finds first in document.cookie.
	Cookies(ctx context.Context) (map[string]string, error)
}

// pageTab implements Tab with chromedp on a tab of Render.
type pageTab struct {
	// ctx is the tab's chromedp context.
	ctx context.Context
	rec *tabRec
	// b and bctx are the browser and the browser context of the tab.
	b    *Browser
	bctx cdp.BrowserContextID
}

// findJS declares find(sel), which returns the elements that match sel in
// the document, its open shadow roots and its same-origin frames, and
// visible(el).
const findJS = `const find = (sel) => {
  const out = [];
  const visit = (root) => {
    out.push(...root.querySelectorAll(sel));
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el.tagName === "IFRAME" || el.tagName === "FRAME") {
        let d = null;
        try { d = el.contentDocument; } catch (e) {}
        if (d) visit(d);
      }
    }
  };
  visit(document);
  return out;
};
const visible = (el) => {
  if (!el || !el.isConnected) return false;
  if (typeof el.checkVisibility === "function" &&
      !el.checkVisibility({opacityProperty: true, visibilityProperty: true, checkOpacity: true, checkVisibilityCSS: true})) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  const w = el.ownerDocument.defaultView;
  let fe = null;
  try { fe = w && w.frameElement; } catch (e) {}
  return fe ? visible(fe) : true;
};`

// script returns an expression that runs body with find, visible and sel
// (the selector) in scope.
func script(sel, body string) string {
	q, _ := json.Marshal(sel)
	return "(() => {\n" + findJS + "\nconst sel = " + string(q) + ";\n" + body + "\n})()"
}

func (t *pageTab) URL() string {
	if u, _ := t.rec.state(); u != "" {
		return u
	}
	return t.rec.pageURL()
}

func (t *pageTab) Exists(ctx context.Context, css string) (bool, error) {
	var ok bool
	err := t.eval(ctx, script(css, `return find(sel).length > 0;`), &ok)
	return ok, err
}

func (t *pageTab) Visible(ctx context.Context, css string) (bool, error) {
	var ok bool
	err := t.eval(ctx, script(css, `return find(sel).some(visible);`), &ok)
	return ok, err
}

func (t *pageTab) WaitVisible(ctx context.Context, css string, timeout time.Duration) (bool, error) {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := t.Visible(ctx, css)
		if err != nil || ok {
			return ok, err
		}
		if !time.Now().Before(deadline) {
			return false, nil
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(min(100*time.Millisecond, time.Until(deadline))):
		}
	}
}

// clickJS finds the element to click, scrolls it into view and returns
// its centre in the top document's viewport, and whether a click there
// reaches it.
const clickJS = `const all = find(sel);
const el = all.find(visible) || all[0];
if (!el) return null;
el.scrollIntoView({block: "center", inline: "center"});
const r = el.getBoundingClientRect();
let x = r.left + r.width / 2, y = r.top + r.height / 2;
const root = el.getRootNode();
const hit = root.elementFromPoint ? root.elementFromPoint(x, y) : null;
const reached = visible(el) && hit !== null && (hit === el || el.contains(hit));
let w = el.ownerDocument.defaultView;
while (w && w.frameElement) {
  const f = w.frameElement, fr = f.getBoundingClientRect();
  x += fr.left + f.clientLeft;
  y += fr.top + f.clientTop;
  w = w.parent;
}
return {x, y, reached};`

func (t *pageTab) Click(ctx context.Context, css string) error {
	var p *struct {
		X, Y    float64
		Reached bool
	}
	if err := t.eval(ctx, script(css, clickJS), &p); err != nil {
		return err
	}
	if p == nil {
		return fmt.Errorf("clicking %q: %w", css, ErrNoElement)
	}
	if p.Reached {
		cctx, cancel := t.with(ctx)
		defer cancel()
		if err := chromedp.Do(cctx, chromedp.MouseClickXY(p.X, p.Y)); err != nil {
			return fmt.Errorf("clicking %q: %w", css, err)
		}
		return nil
	}
	var ok bool
	if err := t.eval(ctx, script(css, `const all = find(sel); const el = all.find(visible) || all[0]; if (!el) return false; el.click(); return true;`), &ok); err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("clicking %q: %w", css, ErrNoElement)
	}
	return nil
}

func (t *pageTab) Hide(ctx context.Context, css string) error {
	return t.eval(ctx, script(css, `for (const el of find(sel)) if (el.style) el.style.setProperty("display", "none", "important");`), nil)
}

func (t *pageTab) Text(ctx context.Context, css string) (string, error) {
	var s *string
	err := t.eval(ctx, script(css, `const el = find(sel)[0]; if (!el) return null; return String(el.innerText ?? el.textContent ?? "").trim();`), &s)
	if err != nil {
		return "", err
	}
	if s == nil {
		return "", fmt.Errorf("text of %q: %w", css, ErrNoElement)
	}
	return *s, nil
}

func (t *pageTab) Eval(ctx context.Context, js string, out any) error {
	return t.eval(ctx, js, out)
}

func (t *pageTab) Cookies(ctx context.Context) (map[string]string, error) {
	list, err := t.b.listCookies(ctx, t.bctx)
	if err != nil {
		if ctx.Err() != nil {
			err = context.Cause(ctx)
		}
		return nil, fmt.Errorf("listing the cookies: %w", err)
	}
	return cookieValues(list, t.URL()), nil
}

// cookieValues returns the value of each cookie of list by name; of
// several cookies of one name, that of the first by cookieBefore for a
// page at pageURL.
func cookieValues(list []*network.Cookie, pageURL string) map[string]string {
	host := ""
	if u, err := url.Parse(pageURL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	best := map[string]*network.Cookie{}
	for _, c := range list {
		if c == nil {
			continue
		}
		if cur, ok := best[c.Name]; !ok || cookieBefore(c, cur, host) {
			best[c.Name] = c
		}
	}
	out := make(map[string]string, len(best))
	for name, c := range best {
		out[name] = c.Value
	}
	return out
}

// cookieBefore reports whether a comes before b for a page of host: a
// cookie whose domain matches the host first (the page is sent it), then
// the longest path, then the longest domain, then an unpartitioned one
// (the others by domain, path and value, so that the order is total).
func cookieBefore(a, b *network.Cookie, host string) bool {
	if am, bm := domainMatch(host, a.Domain), domainMatch(host, b.Domain); am != bm {
		return am
	}
	if len(a.Path) != len(b.Path) {
		return len(a.Path) > len(b.Path)
	}
	ad, bd := strings.TrimPrefix(a.Domain, "."), strings.TrimPrefix(b.Domain, ".")
	if len(ad) != len(bd) {
		return len(ad) > len(bd)
	}
	if ap, bp := a.PartitionKey != nil, b.PartitionKey != nil; ap != bp {
		return !ap
	}
	if a.Domain != b.Domain {
		return a.Domain < b.Domain
	}
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	return a.Value < b.Value
}

// domainMatch reports whether a cookie of domain (".example.org" or
// "example.org") is sent to host.
func domainMatch(host, domain string) bool {
	d := strings.ToLower(strings.TrimPrefix(domain, "."))
	return host != "" && d != "" && (host == d || strings.HasSuffix(host, "."+d))
}

// with returns a chromedp context of the tab that ends with ctx.
func (t *pageTab) with(ctx context.Context) (context.Context, context.CancelFunc) {
	cctx, cancel := context.WithCancelCause(t.ctx)
	stop := context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	return cctx, func() {
		stop()
		cancel(nil)
	}
}

// eval evaluates js in the page's main world and decodes its value into
// out. A page that is navigating has no context to run in for a moment:
// eval then tries again, a few times.
func (t *pageTab) eval(ctx context.Context, js string, out any) error {
	cctx, cancel := t.with(ctx)
	defer cancel()
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var raw []byte
		raw, err = chromedp.Run(cctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
		if err == nil {
			if out == nil || len(raw) == 0 {
				return nil
			}
			if err := json.Unmarshal(raw, out); err != nil {
				return fmt.Errorf("evaluating a script: decoding its value: %w", err)
			}
			return nil
		}
		if ctx.Err() != nil || !navigating(err) {
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("evaluating a script: %w", context.Cause(ctx))
	}
	return fmt.Errorf("evaluating a script: %w", err)
}

// navigating reports whether err is that of a script that could not run
// because the page was between two documents.
func navigating(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Execution context was destroyed") ||
		strings.Contains(s, "Cannot find default execution context") ||
		strings.Contains(s, "Cannot find context with specified id")
}
