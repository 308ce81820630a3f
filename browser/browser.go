// Package browser is privaudit's browser gatherer: it renders pages in
// headless Chromium through the DevTools protocol (chromedp) and records
// what a real browser stores and sends: the cookies (first and third
// party, with how and by whom each was set), localStorage and
// sessionStorage, and the requests the pages make, in the record types of
// package record.
//
// # The browser
//
// Launch starts Chromium (--headless=new) with a fresh temporary profile
// and the flags of a closed network (no background networking, component
// updates, sync, crash reporting, default apps, first-run or translate),
// and talks to it over a pipe (--remote-debugging-pipe: no port is
// opened). Close kills Chromium and its helper processes (on Linux: its
// process group, then any process whose command line names the profile)
// and removes the profile; it is idempotent, and the end of Launch's
// context does it too.
//
// # Rendering
//
// Render renders a list of URLs in a fresh browser context
// (Target.createBrowserContext, an incognito-like profile of its own) with
// a pool of Options.Concurrency tabs, each rendering pages one after the
// other (a tab is replaced after a page that timed out or crashed it), and
// returns the record of the phase. A page has Options.PageTimeout to load;
// then the network must go quiet: no request of the tab (its frames and
// workers included) in flight for 500 ms, waited for at most
// Options.IdleWait. Its links are then read from the rendered DOM. A page
// that fails (a time limit, a crashed tab) is recorded with its error, and
// the others go on.
//
// # What is observed, and how
//
// Chromium runs cross-site iframes and workers in processes of their own,
// as targets chromedp does not attach to. The package taps chromedp's
// connection (conn): it asks each tab to attach its new iframes and
// workers automatically and to hold them until they are set up, sets each
// up (network and storage events, the write hook, the User-Agent and
// language), lets it run, and records the events of every session of the
// tab in the order Chromium sent them. So a third-party iframe's requests,
// cookies and storage are seen as the first party's are, with site
// isolation left on.
//
//   - Requests: every http(s) and WebSocket request
//     (Network.requestWillBeSent, webSocketCreated; a redirect hop counts as
//     a request), counted per (host, resource type as Chromium names it:
//     Document, Script, XHR, Fetch, Ping for beacons...). A host keeps its
//     port when the URL has one (https://127.0.0.1:8443 gives
//     "127.0.0.1:8443"), so that two loopback origins stay apart; a
//     default port is never shown. SetBy names hosts the same way.
//   - Cookies: listed at the end of the phase from the browser context
//     (Storage.getCookies: all of them, first and third party, partitioned
//     ones too), and matched with the writes observed. A Set-Cookie header
//     of a response (Network.responseReceivedExtraInfo, less the cookies
//     Chromium blocked) makes Via "http" and SetBy the response's host. A
//     script's write (document.cookie or cookieStore.set, reported by a hook
//     that runs before the page's own scripts in every frame) makes Via
//     "script" and SetBy the host of the frame whose document the cookie
//     was set on. The last write of a cookie (same name, domain and path)
//     says how it was set; FirstSeenOn is the page being rendered at its
//     first. A cookie no write explains says "script", with no SetBy, and
//     was first seen on the page after which it was first listed.
//   - Storage: the DOMStorage events of every frame (localStorage and
//     sessionStorage, by origin; a third-party iframe's partitioned storage
//     under the iframe's origin), replayed, so that a frame removed before
//     the end still counts. Values are cut to 64 characters. FirstSeenOn is
//     the page whose script called setItem (the hook reports it); an item
//     set otherwise (localStorage.x = ...) takes the page of the first
//     storage event, which may be another tab's with a frame of the same
//     origin.
//
// Third-party cookies are allowed, as in Chromium's default profile (an
// incognito-like context would block them).
//
// What it does not see: the requests a page sends as it unloads (beacons
// on pagehide), which Chromium does not report to DevTools; the pages a
// page opens (window.open), whose tabs are not attached.
package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/privaudit/privaudit/version"
)

// Defaults of Options.
const (
	DefaultConcurrency = 4
	DefaultPageTimeout = 20 * time.Second
	DefaultIdleWait    = 2 * time.Second
	DefaultLocale      = "en-US"
)

// Time limits of the browser's own steps.
const (
	startTimeout   = 30 * time.Second
	commandTimeout = 10 * time.Second
	killWait       = 5 * time.Second
)

// Options configure a browser. The zero value of a field takes its
// default.
type Options struct {
	// Chrome is the path of the Chromium binary ("": $CHROME_PATH, then
	// chromium, chromium-browser, google-chrome, headless-shell on PATH;
	// see Find).
	Chrome string
	// Concurrency is the number of tabs in flight (default 4).
	Concurrency int
	// PageTimeout is the time a page has to load (default 20s).
	PageTimeout time.Duration
	// IdleWait is the longest wait, after a page loaded, for the network
	// to go quiet: no request in flight for 500 ms (default 2s).
	IdleWait time.Duration
	// UserAgent is the User-Agent the pages see (default: the browser's
	// own, with privaudit's, version.UserAgent, appended).
	UserAgent string
	// Locale is sent as Accept-Language and is navigator.language
	// (default "en-US").
	Locale string
	// Scope, when set, tells first-party hosts (host without port) from
	// others. It only tags what is recorded, never limits it; the record
	// types have no field for the tag yet, so it is kept for when they do.
	Scope func(host string) bool
	// Insecure makes Chromium accept any certificate.
	Insecure bool
}

func (o *Options) defaults() {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = DefaultPageTimeout
	}
	if o.IdleWait <= 0 {
		o.IdleWait = DefaultIdleWait
	}
	if o.Locale == "" {
		o.Locale = DefaultLocale
	}
}

// ErrBrowserDied means Chromium exited while in use (it crashed or was
// killed).
var ErrBrowserDied = errors.New("chromium died")

// Browser is a running headless Chromium. Render may be called from
// several goroutines; each call renders in a browser context of its own.
type Browser struct {
	opts Options
	bin  string
	// dir is the temporary profile directory; tmp is Chromium's own
	// temporary directory (its TMPDIR), removed with it.
	dir, tmp string

	proc *process
	conn *conn
	// ctx is chromedp's context of the browser; cancel ends it, allocCancel
	// its allocator's.
	ctx         context.Context
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	// stopAfter stops the watch of Launch's context.
	stopAfter func() bool

	version, userAgent string

	closing   atomic.Bool
	closeOnce sync.Once
	closeErr  error
	// death is how Chromium ended when it died in use.
	deathOnce sync.Once
	death     error

	mu       sync.Mutex
	warnings []string
}

// Launch starts Chromium with a fresh temporary profile. The end of ctx
// closes the browser as Close does (Close must still be called, and then
// waits for the cleanup).
func Launch(ctx context.Context, o Options) (*Browser, error) {
	o.defaults()
	bin, err := Find(o.Chrome)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("launching Chromium: %w", err)
	}
	dir, err := os.MkdirTemp("", "privaudit-chromium-")
	if err != nil {
		return nil, fmt.Errorf("launching Chromium: creating the profile directory: %w", err)
	}
	tmp, err := chromeTemp()
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("launching Chromium: %w", err)
	}
	b := &Browser{opts: o, bin: bin, dir: dir, tmp: tmp}
	if err := writePreferences(dir); err != nil {
		_ = os.RemoveAll(dir)
		_ = os.RemoveAll(tmp)
		return nil, fmt.Errorf("launching Chromium: %w", err)
	}
	b.proc, err = startProcess(bin, dir, tmp, chromeArgs(dir, o))
	if err != nil {
		_ = os.RemoveAll(dir)
		_ = os.RemoveAll(tmp)
		return nil, fmt.Errorf("launching Chromium (%s): %w", bin, err)
	}
	b.conn = newConn(chromedp.NewPipeConn(b.proc.fromChrome, b.proc.toChrome))
	allocCtx, allocCancel := chromedp.NewAllocatorContext(context.Background(), &allocator{conn: b.conn})
	b.allocCancel = allocCancel
	quiet := func(string, ...any) {}
	var cancel context.CancelFunc
	b.ctx, cancel = chromedp.NewContext(allocCtx, chromedp.WithBrowserOption(
		chromedp.WithBrowserLogf(quiet), chromedp.WithBrowserErrorf(quiet)))
	// chromedp's cancel must run once: a second call waits for ever.
	b.cancel = sync.OnceFunc(cancel)
	go func() {
		// Chromium exiting (or its connection breaking) ends everything
		// waiting on it.
		select {
		case <-b.proc.exited:
		case <-b.conn.lost:
		}
		if !b.closing.Load() {
			b.noteDeath()
		}
		b.cancel()
	}()

	if err := b.start(ctx); err != nil {
		_ = b.Close()
		return nil, err
	}
	b.stopAfter = context.AfterFunc(ctx, func() { _ = b.Close() })
	return b, nil
}

// start waits for Chromium to answer, and reads its version.
func (b *Browser) start(ctx context.Context) error {
	done := make(chan error, 1)
	go func() {
		// The first Run binds chromedp's browser to the context it gets:
		// b.ctx, never one with a deadline.
		done <- chromedp.Do(b.ctx)
	}()
	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	fail := func(why string) error {
		out := strings.TrimSpace(b.proc.output())
		if out != "" {
			out = ": " + firstLines(out, 5)
		}
		return fmt.Errorf("launching Chromium (%s): %s%s", b.bin, why, out)
	}
	exited := func() error {
		// What it said before it exited explains why.
		select {
		case <-b.proc.outDone:
		case <-time.After(time.Second):
		}
		return fail(fmt.Sprintf("it exited (%v)", b.proc.exitError()))
	}
	select {
	case err := <-done:
		if err != nil {
			// A connection lost at the start is Chromium exiting.
			select {
			case <-b.proc.exited:
				return exited()
			case <-time.After(time.Second):
			}
			return fail(err.Error())
		}
	case <-b.proc.exited:
		return exited()
	case <-timer.C:
		return fail(fmt.Sprintf("no answer within %v", startTimeout))
	case <-ctx.Done():
		return fmt.Errorf("launching Chromium: %w", ctx.Err())
	}
	cctx, cancel := context.WithTimeout(b.ctx, commandTimeout)
	defer cancel()
	v, err := chromedp.CallBrowser(cctx, cdpbrowser.GetVersion, cdp.Empty{})
	if err != nil {
		return fail("reading its version: " + err.Error())
	}
	b.version = v.Product
	b.userAgent = b.opts.UserAgent
	if b.userAgent == "" {
		b.userAgent = strings.TrimSpace(v.UserAgent + " " + version.UserAgent())
	}
	return nil
}

// preferences are the profile's preferences: third-party cookies allowed
// in every browser context, incognito-like ones included (Chromium's
// default blocks them there), as the default profile allows them.
const preferences = `{"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": false}}`

// writePreferences writes the preferences of the profile in dir.
func writePreferences(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "Default"), 0o700); err != nil {
		return fmt.Errorf("writing the profile's preferences: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Default", "Preferences"), []byte(preferences), 0o600); err != nil {
		return fmt.Errorf("writing the profile's preferences: %w", err)
	}
	return nil
}

// chromeArgs returns Chromium's command line.
func chromeArgs(dir string, o Options) []string {
	args := []string{
		"--headless=new",
		"--remote-debugging-pipe",
		"--user-data-dir=" + dir,
		// A closed network: nothing but what the pages ask for.
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--disable-breakpad",
		"--disable-crash-reporter",
		"--disable-default-apps",
		"--disable-extensions",
		"--disable-component-extensions-with-background-pages",
		"--disable-domain-reliability",
		"--disable-client-side-phishing-detection",
		"--safebrowsing-disable-auto-update",
		"--no-first-run",
		"--no-default-browser-check",
		"--metrics-recording-only",
		"--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication,InterestFeedContentSuggestions,WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
		"--password-store=basic",
		"--use-mock-keychain",
		// Tabs render side by side, none in the background.
		"--disable-background-timer-throttling",
		"--disable-backgrounding-occluded-windows",
		"--disable-renderer-backgrounding",
		"--disable-hang-monitor",
		"--disable-ipc-flooding-protection",
		"--disable-dev-shm-usage",
		"--disable-gpu",
		"--hide-scrollbars",
		"--mute-audio",
		"--window-size=1366,768",
		"--lang=" + o.Locale,
		"--accept-lang=" + o.Locale,
	}
	if o.Insecure {
		args = append(args, "--ignore-certificate-errors")
	}
	if runtime.GOOS == "linux" && os.Getuid() == 0 {
		// Chromium's sandbox does not run as root (containers, CI).
		args = append(args, "--no-sandbox")
	}
	return append(args, "about:blank")
}

// allocator hands chromedp the connection to the Chromium Launch started.
type allocator struct {
	conn *conn
	used atomic.Bool
}

// Allocate satisfies chromedp.Allocator.
func (a *allocator) Allocate(ctx context.Context, opts ...chromedp.BrowserOption) (*chromedp.Browser, error) {
	if !a.used.CompareAndSwap(false, true) {
		return nil, errors.New("the browser was allocated already")
	}
	return chromedp.NewBrowserTransport(ctx, a.conn, opts...)
}

// Wait satisfies chromedp.Allocator: Close waits for the process.
func (a *allocator) Wait() {}

// Version returns the browser's product and version
// ("Chrome/142.0.7444.59").
func (b *Browser) Version() string { return b.version }

// UserAgent returns the User-Agent the pages see.
func (b *Browser) UserAgent() string { return b.userAgent }

// Locale returns the language the pages see.
func (b *Browser) Locale() string { return b.opts.Locale }

// Warnings returns what went wrong so far without stopping the rendering
// (a page that hung, a crashed tab), for record.Browser.Warnings.
func (b *Browser) Warnings() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.warnings...)
}

func (b *Browser) warn(w string) {
	b.mu.Lock()
	b.warnings = append(b.warnings, w)
	b.mu.Unlock()
}

// died reports whether Chromium exited, or its connection broke, without
// Close.
func (b *Browser) died() bool {
	if b.closing.Load() {
		return false
	}
	select {
	case <-b.proc.exited:
		return true
	case <-b.conn.lost:
		return true
	default:
		return false
	}
}

// exitError returns how Chromium ended, waiting a moment for it to be
// reaped when its connection broke first.
func (b *Browser) exitError() error {
	select {
	case <-b.proc.exited:
	case <-time.After(2 * time.Second):
	}
	return b.proc.exitError()
}

// noteDeath warns, once, that Chromium died, and returns how.
func (b *Browser) noteDeath() error {
	b.deathOnce.Do(func() {
		b.death = b.exitError()
		b.warn(fmt.Sprintf("Chromium exited: %v", b.death))
	})
	return b.death
}

// diedError returns the error of a browser that died.
func (b *Browser) diedError() error {
	return fmt.Errorf("%w (%v)", ErrBrowserDied, b.noteDeath())
}

// Close kills Chromium and its helper processes and removes the profile
// directory. It is idempotent and safe to call at any time, also while
// Render runs (which then fails).
func (b *Browser) Close() error {
	b.closeOnce.Do(func() { b.closeErr = b.shutdown() })
	return b.closeErr
}

func (b *Browser) shutdown() error {
	b.closing.Store(true)
	if b.stopAfter != nil {
		b.stopAfter()
	}
	if b.cancel != nil {
		b.cancel()
		b.allocCancel()
	}
	var errs []error
	if b.proc != nil {
		if err := b.proc.kill(b.dir); err != nil {
			errs = append(errs, err)
		}
	}
	if err := removeAll(b.dir); err != nil {
		errs = append(errs, fmt.Errorf("removing the profile directory: %w", err))
	}
	if err := removeAll(b.tmp); err != nil {
		errs = append(errs, fmt.Errorf("removing Chromium's temporary directory: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing Chromium: %w", err)
	}
	return nil
}

// chromeTemp makes Chromium's own temporary directory, where it keeps the
// socket that makes it a single instance (org.chromium.Chromium.XXXXXX):
// killed rather than shut down, Chromium leaves that behind, so it goes in
// a directory removed with the profile. A Unix socket's path is at most 107
// bytes, so the directory is made under /tmp when the system's temporary
// directory has a long name (Chromium would not start).
func chromeTemp() (string, error) {
	base := os.TempDir()
	if len(base) > 40 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "pac-")
	if err != nil {
		return "", fmt.Errorf("creating Chromium's temporary directory: %w", err)
	}
	return dir, nil
}

// removeAll removes dir, retrying for a moment: a helper process that was
// just killed may still have been writing in it.
func removeAll(dir string) error {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return err
}

// process is the Chromium process.
type process struct {
	cmd *exec.Cmd
	// toChrome and fromChrome are the DevTools pipe.
	toChrome   io.WriteCloser
	fromChrome io.ReadCloser
	// exited closes when the process has exited; err is then its exit
	// error.
	exited chan struct{}
	err    error
	// out holds the start of Chromium's output; outDone closes when the
	// output ends (when Chromium and its helpers are gone).
	out     limitedBuffer
	outDone chan struct{}
}

// startProcess starts Chromium with the DevTools pipe as its file
// descriptors 3 (commands) and 4 (replies and events).
func startProcess(bin, dir, tmp string, args []string) (*process, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("creating the DevTools pipe: %w", err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		closeAll(cmdR, cmdW)
		return nil, fmt.Errorf("creating the DevTools pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		closeAll(cmdR, cmdW, respR, respW)
		return nil, fmt.Errorf("creating the output pipe: %w", err)
	}
	cmd := exec.Command(bin, args...)
	// Chromium keeps files outside the profile too, under the XDG
	// directories (NSS's database, caches; the crash database of the
	// crashpad that some builds, Debian's, start whatever the flags say, in
	// a session of its own): in the profile, they go with it, and that
	// crashpad is found by the profile's path when Close looks for what is
	// left.
	cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"TMPDIR="+tmp)
	cmd.ExtraFiles = []*os.File{cmdR, respW}
	// A file, not a writer: Wait must not wait for the helper processes,
	// which inherit it, to close it.
	cmd.Stdout, cmd.Stderr = outW, outW
	cmd.SysProcAttr = sysProcAttr()
	p := &process{cmd: cmd, toChrome: cmdW, fromChrome: respR, exited: make(chan struct{}), out: limitedBuffer{max: 64 << 10}, outDone: make(chan struct{})}

	started := make(chan error, 1)
	go func() {
		// On Linux, Pdeathsig kills Chromium when the thread that started
		// it ends: the thread must live as long as Chromium.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.exited)
	}()
	err = <-started
	closeAll(cmdR, respW, outW)
	if err != nil {
		closeAll(cmdW, respR, outR)
		return nil, err
	}
	go func() {
		defer close(p.outDone)
		_, _ = io.Copy(&p.out, outR)
		outR.Close()
	}()
	return p, nil
}

func closeAll(fs ...*os.File) {
	for _, f := range fs {
		f.Close()
	}
}

func (p *process) hasExited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// exitError returns how the process ended ("signal: killed"), once it
// has.
func (p *process) exitError() error {
	if !p.hasExited() {
		return errors.New("still running")
	}
	if p.err == nil {
		return errors.New("exit status 0")
	}
	return p.err
}

func (p *process) output() string { return p.out.String() }

// kill kills Chromium and every helper process of its profile dir, and
// waits for them.
func (p *process) kill(dir string) error {
	p.toChrome.Close()
	if !p.hasExited() {
		killGroup(p.cmd.Process)
	}
	select {
	case <-p.exited:
	case <-time.After(killWait):
		return fmt.Errorf("chromium (pid %d) did not exit", p.cmd.Process.Pid)
	}
	p.fromChrome.Close()
	return killLeftovers(dir)
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - len(b.buf); room > 0 {
		b.buf = append(b.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// firstLines returns the first n lines of s, joined by " | ".
func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, " | ")
}
