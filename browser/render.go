package browser

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/privaudit/privaudit/record"
)

// Time limits of a page's steps other than loading.
const (
	// quietTime is how long no request must be in flight for the network
	// to be quiet.
	quietTime = 500 * time.Millisecond
	// stepTimeout bounds the short steps (reading the links, listing the
	// cookies).
	stepTimeout = 3 * time.Second
)

var (
	errTabCrashed   = errors.New("the tab crashed")
	errBrowserEnded = errors.New("the browser ended")
)

// Render renders urls in a fresh browser context, in a pool of
// Options.Concurrency tabs, and returns the phase's record: per page its
// status, error and links, and at the end the cookies in the context,
// the storage keys per origin and the requests per (host, type), with the
// page each was first seen on.
//
// before, when not nil, runs once on the first URL's tab after it loaded
// (and the network went quiet), before the other pages are rendered; they
// are then rendered in the same context, so they carry what it did (a
// consent decision). It has PageTimeout, and the network may go quiet
// again (IdleWait) after it. A first page that did not finish loading in
// time gets before all the same (what loaded is there to act on); one that
// could not be rendered at all (a network error, a crash) does not, and
// the other pages are rendered without it: Pages[0].Error says why. When
// before fails, Render renders no other page and returns the phase so far
// (the cookies, storage and requests included) and an error that wraps
// before's.
//
// A page that fails is recorded with its error, and the others go on; a
// URL that is not http(s) is not rendered. The
// error of Render is ctx's cause when ctx ended, or wraps ErrBrowserDied
// when Chromium died; the phase then holds what was recorded by then.
// Render may run in several goroutines at once.
func (b *Browser) Render(ctx context.Context, name record.PhaseName, urls []string, before func(ctx context.Context, tab Tab) error) (record.Phase, error) {
	ph := record.Phase{Name: name, Pages: make([]record.RenderedPage, len(urls))}
	for i, u := range urls {
		ph.Pages[i].URL = u
	}
	if err := b.usable(); err != nil {
		return ph, fmt.Errorf("rendering phase %s: %w", name, err)
	}
	// The phase ends with ctx, and with the browser.
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(b.ctx, func() { cancel(errBrowserEnded) })
	defer stop()

	bctx, err := b.newContext(rctx)
	if err != nil {
		return ph, b.renderError(ctx, name, fmt.Errorf("creating a browser context: %w", err))
	}
	defer b.disposeContext(bctx)
	rec := newPhase(&sessionConfig{userAgent: b.userAgent, locale: b.opts.Locale})

	workers := make([]*worker, min(b.opts.Concurrency, len(urls)))
	for i := range workers {
		workers[i] = &worker{b: b, rec: rec, bctx: bctx}
		defer workers[i].close()
	}
	next := 0
	if before != nil && len(urls) > 0 {
		var berr error
		ph.Pages[0], berr = workers[0].render(rctx, urls[0], before)
		next = 1
		if berr != nil && rctx.Err() == nil && !b.died() {
			notRendered(ph.Pages[1:], "the step before them failed")
			b.finish(&ph, rec, bctx)
			return ph, fmt.Errorf("rendering phase %s: on %s: %w", name, urls[0], berr)
		}
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for i := range jobs {
				ph.Pages[i], _ = w.render(rctx, urls[i], nil)
			}
		})
	}
dispatch:
	for i := next; i < len(urls); i++ {
		select {
		case jobs <- i:
		case <-rctx.Done():
			notRendered(ph.Pages[i:], context.Cause(rctx).Error())
			break dispatch
		}
	}
	close(jobs)
	wg.Wait()
	for _, w := range workers {
		w.close()
	}
	b.finish(&ph, rec, bctx)
	if rctx.Err() != nil || b.died() {
		return ph, b.renderError(ctx, name, context.Cause(rctx))
	}
	return ph, nil
}

// usable returns why the browser cannot render, if it cannot.
func (b *Browser) usable() error {
	switch {
	case b.died():
		return b.diedError()
	case b.closing.Load():
		return errors.New("the browser is closed")
	}
	return nil
}

// renderError returns the error of a phase that ended early: ctx's, or
// the browser's death.
func (b *Browser) renderError(ctx context.Context, name record.PhaseName, err error) error {
	switch {
	case ctx.Err() != nil:
		err = context.Cause(ctx)
	case b.died():
		err = b.diedError()
	case b.closing.Load():
		err = errors.New("the browser was closed")
	}
	return fmt.Errorf("rendering phase %s: %w", name, err)
}

func notRendered(pages []record.RenderedPage, why string) {
	for i := range pages {
		if pages[i].Error == "" && pages[i].Status == 0 {
			pages[i].Error = "not rendered: " + why
		}
	}
}

// finish lists the cookies of the browser context and fills the phase.
func (b *Browser) finish(ph *record.Phase, rec *phase, bctx cdp.BrowserContextID) {
	ph.Requests = rec.requestList()
	ph.Storage = rec.storage()
	// The phase may have ended: the cookies are listed all the same.
	cookies, err := b.listCookies(context.Background(), bctx)
	if err != nil {
		if !b.closing.Load() && !b.died() {
			b.warn(fmt.Sprintf("phase %s: listing the cookies: %v", ph.Name, err))
		}
		return
	}
	ph.Cookies = rec.cookies(cookies)
}

// newContext creates a browser context (an incognito-like profile) that
// accepts third-party cookies, as Chromium's default profile does.
func (b *Browser) newContext(ctx context.Context) (cdp.BrowserContextID, error) {
	cctx, cancel := b.callContext(ctx, commandTimeout)
	defer cancel()
	res, err := chromedp.CallBrowser(cctx, target.CreateBrowserContext, target.CreateBrowserContextParams{})
	if err != nil {
		return "", err
	}
	return res.BrowserContextID, nil
}

// disposeContext disposes of a browser context, closing its tabs.
func (b *Browser) disposeContext(id cdp.BrowserContextID) {
	if b.closing.Load() || b.died() {
		return
	}
	cctx, cancel := context.WithTimeout(b.ctx, commandTimeout)
	defer cancel()
	if _, err := chromedp.CallBrowser(cctx, target.DisposeBrowserContext, target.DisposeBrowserContextParams{BrowserContextID: id}); err != nil && !b.closing.Load() && !b.died() {
		b.warn(fmt.Sprintf("disposing of a browser context: %v", err))
	}
}

// listCookies returns every cookie of a browser context (HttpOnly,
// third-party and partitioned ones included). It gives up when ctx ends,
// or after stepTimeout.
func (b *Browser) listCookies(ctx context.Context, id cdp.BrowserContextID) ([]*network.Cookie, error) {
	cctx, cancel := b.callContext(ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.CallBrowser(cctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: id})
	if err != nil {
		return nil, err
	}
	return res.Cookies, nil
}

// callContext returns a context of the browser for a command: it ends
// with ctx, or after d.
func (b *Browser) callContext(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	cctx, cancel := context.WithTimeoutCause(b.ctx, d, fmt.Errorf("no answer within %v", d))
	stop := context.AfterFunc(ctx, cancel)
	return cctx, func() {
		stop()
		cancel()
	}
}

// worker renders pages one after the other in a tab of its own: the
// tab is opened for the first page and kept for the next (as a reader
// browsing in one tab: its sessionStorage stays), and replaced after a
// page that timed out or crashed it.
type worker struct {
	b    *Browser
	rec  *phase
	bctx cdp.BrowserContextID

	// The open tab, if any: its chromedp context and its recorder.
	tabCtx   context.Context
	closeTab context.CancelFunc
	t        *tabRec
	sid      target.SessionID
}

// open opens a tab in the browser context and sets it up.
func (w *worker) open(ctx context.Context) error {
	b := w.b
	w.tabCtx, w.closeTab = chromedp.NewContext(b.ctx, chromedp.WithExistingBrowserContext(w.bctx))
	// The phase's end closes the tab; the tab's first command opens it and
	// binds its life to tabCtx.
	stop := context.AfterFunc(ctx, w.closeTab)
	defer stop()
	if err := chromedp.Do(w.tabCtx); err != nil {
		return err
	}
	tgt := chromedp.FromContext(w.tabCtx).Target
	w.t, w.sid = w.rec.newTab(cdp.FrameID(tgt.TargetID)), tgt.SessionID
	b.conn.register(tgt.SessionID, &session{tab: w.t})
	cctx, cancel := context.WithTimeout(w.tabCtx, commandTimeout)
	defer cancel()
	for _, cmd := range tabSetup(w.rec.setup) {
		if err := b.conn.call(cctx, tgt.SessionID, cmd.method, cmd.params, nil); err != nil {
			return err
		}
	}
	return nil
}

// close closes the tab, if one is open.
func (w *worker) close() {
	if w.closeTab == nil {
		return
	}
	if w.t != nil {
		w.b.conn.unregister(w.t)
	}
	w.closeTab()
	w.tabCtx, w.closeTab, w.t = nil, nil, nil
}

// render renders one page, and runs before on it when not nil (its error
// is returned).
func (w *worker) render(ctx context.Context, pageURL string, before func(context.Context, Tab) error) (out record.RenderedPage, beforeErr error) {
	b := w.b
	out.URL = pageURL
	if err := ctx.Err(); err != nil {
		out.Error = "not rendered: " + context.Cause(ctx).Error()
		return out, nil
	}
	if u, err := url.Parse(pageURL); err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		out.Error = "not rendered: not an http(s) URL"
		return out, nil
	}
	if w.closeTab == nil {
		if err := w.open(ctx); err != nil {
			w.close()
			out.Error = w.failure(ctx, nil, pageURL, "opening a tab", err)
			return out, nil
		}
	}
	t := w.t
	t.setPage(pageURL)
	if hook := testHookPage; hook != nil {
		sid := w.sid
		hook(pageURL, func() { _ = b.conn.send(context.Background(), sid, "Page.crash", nil) })
	}
	// opCtx ends with the phase, and when the tab crashes.
	opCtx, opCancel := context.WithCancelCause(w.tabCtx)
	defer opCancel(nil)
	stopPhase := context.AfterFunc(ctx, func() { opCancel(context.Cause(ctx)) })
	defer stopPhase()
	go func() {
		select {
		case <-t.crashed:
			opCancel(errTabCrashed)
		case <-opCtx.Done():
		}
	}()
	// fail records why the page failed, and closes a tab that may be in a
	// bad state.
	fail := func(step string, err error) (record.RenderedPage, error) {
		out.Error = w.failure(ctx, opCtx, pageURL, step, err)
		w.close()
		return out, nil
	}

	lctx, lcancel := context.WithTimeoutCause(opCtx, b.opts.PageTimeout, fmt.Errorf("did not load within %v", b.opts.PageTimeout))
	err := chromedp.Do(lctx, chromedp.Navigate(pageURL))
	loadCause := context.Cause(lctx)
	lcancel()
	_, out.Status = t.state()
	if err != nil {
		if opCtx.Err() != nil {
			return fail("loading", err)
		}
		if errors.Is(err, context.DeadlineExceeded) && loadCause != nil {
			// What did load still has links, and gets the step; the tab,
			// still loading, is not reused.
			b.warn(fmt.Sprintf("%s: %v", pageURL, loadCause))
			out.Links = b.links(opCtx)
			if before != nil {
				beforeErr = w.before(opCtx, before)
			}
			out, _ = fail("loading", loadCause)
			return out, beforeErr
		}
		out.Error = err.Error()
		return out, nil
	}
	b.waitQuiet(opCtx, t)
	out.Links = b.links(opCtx)
	if before != nil {
		beforeErr = w.before(opCtx, before)
		if opCtx.Err() != nil {
			return fail("the step on the page", opCtx.Err())
		}
		b.waitQuiet(opCtx, t)
	}
	_, out.Status = t.state()
	if c, err := b.listCookies(opCtx, w.bctx); err == nil {
		w.rec.listCookies(c, pageURL)
	}
	if opCtx.Err() != nil {
		return fail("reading the page", opCtx.Err())
	}
	return out, beforeErr
}

// before runs the step on the page, with PageTimeout.
func (w *worker) before(ctx context.Context, before func(context.Context, Tab) error) error {
	tctx, cancel := context.WithTimeout(ctx, w.b.opts.PageTimeout)
	defer cancel()
	return before(tctx, &pageTab{ctx: tctx, rec: w.t, b: w.b, bctx: w.bctx})
}

// failure returns the error to record of a page whose step failed, and
// warns of a crash.
func (w *worker) failure(ctx, opCtx context.Context, pageURL, step string, err error) string {
	if opCtx != nil {
		if cause := context.Cause(opCtx); cause != nil {
			err = cause
		}
	}
	switch {
	case errors.Is(err, errTabCrashed):
		w.b.warn(fmt.Sprintf("%s: %v", pageURL, errTabCrashed))
		return errTabCrashed.Error()
	case w.b.died():
		return "Chromium died"
	case ctx.Err() != nil:
		return "not rendered: " + context.Cause(ctx).Error()
	case errors.Is(err, errBrowserEnded) || w.b.closing.Load():
		return "the browser was closed"
	}
	if step == "loading" {
		return err.Error()
	}
	return fmt.Sprintf("%s: %v", step, err)
}

// testHookPage, when set, is called before each page loads, with a func
// that crashes the tab's renderer (tests use it).
var testHookPage func(pageURL string, crash func())

// tabSetup returns the commands that set up a tab's own session: those of
// any page session, and the domains chromedp enables that the recording
// has no use for turned off (DOM and CSS would have Chromium send the
// whole document tree; the discovery of targets, every target of the
// browser).
func tabSetup(cfg *sessionConfig) []command {
	return append(sessionSetup("page", cfg),
		command{"DOM.disable", nil},
		command{"CSS.disable", nil},
		command{target.SetDiscoverTargets.Method, target.SetDiscoverTargetsParams{Discover: false}},
	)
}

// waitQuiet waits for the tab's network to be quiet, at most IdleWait.
func (b *Browser) waitQuiet(ctx context.Context, t *tabRec) {
	deadline := time.Now().Add(b.opts.IdleWait)
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for !t.quiet(quietTime) && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// linksJS returns the absolute http(s) URLs of the document's anchors,
// without their fragments, each once, in document order.
const linksJS = `(() => {
  const seen = new Set(), out = [];
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    let u;
    try { u = new URL(a.href, document.baseURI); } catch (e) { continue; }
    if (u.protocol !== "http:" && u.protocol !== "https:") continue;
    u.hash = "";
    if (!seen.has(u.href)) { seen.add(u.href); out.push(u.href); }
  }
  return out;
})()`

// links reads the links of the rendered page.
func (b *Browser) links(ctx context.Context) []string {
	cctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	links, err := chromedp.Run(cctx, chromedp.Evaluate[[]string](linksJS))
	if err != nil {
		return nil
	}
	for i, l := range links {
		if u, err := url.Parse(l); err == nil {
			links[i] = u.String()
		}
	}
	return links
}
