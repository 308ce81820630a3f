package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/version"
)

// requireChrome skips the test when there is no Chromium.
func requireChrome(t testing.TB) {
	t.Helper()
	if _, err := Find(""); err != nil {
		t.Skipf("skipping: %v", err)
	}
}

// shared is the browser of the tests that do not watch a browser's life.
var shared struct {
	once sync.Once
	b    *Browser
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.b != nil {
		if err := shared.b.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// testOptions are the options of the tests' browsers.
func testOptions() Options {
	return Options{Insecure: true, Concurrency: 3, PageTimeout: 2 * time.Second * testsite.TimeScale, IdleWait: time.Second}
}

// sharedBrowser returns the shared browser, launched at the first call.
func sharedBrowser(t *testing.T) *Browser {
	t.Helper()
	requireChrome(t)
	shared.once.Do(func() {
		shared.b, shared.err = Launch(context.Background(), testOptions())
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.b
}

// site is a test site served over HTTPS on 127.0.0.1, reached as two
// origins: fp (https://127.0.0.1:PORT, the first party) and tp
// (https://localhost:PORT, a third party).
type site struct {
	fp, tp string
	// release ends the pages that never finish loading.
	release     chan struct{}
	releaseOnce sync.Once
	// secondConsent is set when /second was asked for with the consent
	// cookie.
	secondConsent atomic.Bool
	// hits counts the requests per path, and headers holds the last
	// request headers of each.
	mu      sync.Mutex
	hits    map[string]int
	headers map[string]http.Header
}

func newSite(t testing.TB) *site {
	t.Helper()
	s := &site{release: make(chan struct{}), hits: map[string]int{}, headers: map[string]http.Header{}}
	mux := http.NewServeMux()
	page := func(path, body string, headers ...string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i+1 < len(headers); i += 2 {
				w.Header().Add(headers[i], headers[i+1])
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, strings.NewReplacer("FP", s.fp, "TP", s.tp).Replace(body))
		})
	}
	page("/{$}", `<!doctype html><title>home</title>
<script>
  document.cookie = "fp_js=abc; path=/; SameSite=Lax";
  localStorage.setItem("fp_local", "x".repeat(100));
  sessionStorage.fp_session = "s";
</script>
<iframe src="TP/frame"></iframe>
<div id="host"></div>
<script>
  const root = document.getElementById("host").attachShadow({mode: "open"});
  root.innerHTML = '<div id="banner"><p>We use cookies.</p><button id="accept">Accept all</button></div>';
  root.getElementById("accept").addEventListener("click", (e) => {
    document.cookie = "consent=yes; path=/; max-age=3600";
    window.acceptTrusted = e.isTrusted;
  });
  addEventListener("load", () => {
    navigator.sendBeacon("TP/beacon", "hi");
    fetch("TP/api", {mode: "no-cors"});
  });
  new Worker("/worker.js");
  new WebSocket("TP/ws".replace("https:", "wss:")).onerror = () => {};
</script>
<a href="/second#top">second</a> <a href="TP/ext#x">ext</a> <a href="mailto:someone@example.org">mail</a>`,
		"Set-Cookie", "fp_http=1; Path=/; HttpOnly; Secure; SameSite=Lax")
	page("/frame", `<!doctype html><script>
  document.cookie = "tp_js=1; SameSite=None; Secure; path=/";
  localStorage.setItem("tp_local", "y");
  const x = new XMLHttpRequest(); x.open("GET", "/xhr"); x.send();
</script>`, "Set-Cookie", "tp_http=1; SameSite=None; Secure; Path=/")
	page("/plain", `<!doctype html><title>plain</title><a href="/">home</a>`)
	page("/tab", `<!doctype html><title>tab</title>
<div id="vis">Hello <b>world</b></div>
<div id="hid" style="display:none">hidden</div>
<div id="later" style="display:none">later</div>
<div id="faint" style="opacity:0">faint</div>
<div id="host"></div><div id="closedhost"></div>
<iframe id="same" srcdoc="<p id=inframe>in a frame</p><button id=fbtn onclick='parent.document.title=&quot;frame clicked&quot;'>x</button>"></iframe>
<iframe src="TP/xframe"></iframe>
<button id="covered" onclick="window.coveredClicked = true">covered</button>
<div style="position:fixed;left:0;top:0;width:100vw;height:100vh;z-index:9" id="overlay"></div>
<script>
  setTimeout(() => { document.getElementById("later").style.display = "block"; }, 300);
  const root = document.getElementById("host").attachShadow({mode: "open"});
  root.innerHTML = '<button id="deep">deep</button>';
  root.getElementById("deep").addEventListener("click", (e) => { window.deepTrusted = e.isTrusted; });
  document.getElementById("closedhost").attachShadow({mode: "closed"}).innerHTML = '<p id="secret">secret</p>';
</script>`)
	page("/xframe", `<!doctype html><p id="xinner">cross-origin</p>`)
	mux.HandleFunc("/worker.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `fetch("/from-worker");`)
	})
	mux.HandleFunc("/second", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("consent"); err == nil && c.Value == "yes" {
			s.secondConsent.Store(true)
		}
		fmt.Fprint(w, `<!doctype html><title>second</title><a href="/">home</a>`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>slow</title><a href="/plain">plain</a>`)
		w.(http.Flusher).Flush()
		select {
		case <-s.release:
		case <-r.Context().Done():
		}
	})
	for _, p := range []string{"/beacon", "/api", "/xhr", "/ext", "/from-worker"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.headers[r.URL.Path] = r.Header.Clone()
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(func() {
		s.stop()
		srv.Close()
	})
	s.fp = srv.URL
	s.tp = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	return s
}

// stop ends the pages that never finish loading.
func (s *site) stop() { s.releaseOnce.Do(func() { close(s.release) }) }

func (s *site) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) header(path, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.headers[path].Get(name)
}

func host(u string) string { return strings.TrimPrefix(u, "https://") }

func findCookie(cs []record.BrowserCookie, name string) *record.BrowserCookie {
	for i := range cs {
		if cs[i].Name == name {
			return &cs[i]
		}
	}
	return nil
}

func findRequest(rs []record.Request, host, typ string) *record.Request {
	for i := range rs {
		if rs[i].Host == host && rs[i].Type == typ {
			return &rs[i]
		}
	}
	return nil
}

func findItem(items []record.StorageItem, origin, kind, key string) *record.StorageItem {
	for i := range items {
		if items[i].Origin == origin && items[i].Kind == kind && items[i].Key == key {
			return &items[i]
		}
	}
	return nil
}

// TestRender renders a site whose first page sets cookies by Set-Cookie
// and by script, first and third party (in a cross-site iframe, which
// sends an XHR), stores items, sends a beacon and a fetch, opens a
// WebSocket, starts a worker that fetches, and has a consent banner the step before the others
// accepts; one page never finishes loading.
func TestRender(t *testing.T) {
	b := sharedBrowser(t)
	s := newSite(t)
	home, second, slow, plain := s.fp+"/", s.fp+"/second", s.fp+"/slow", s.fp+"/plain"
	ctx := context.Background()

	var steps []string
	before := func(ctx context.Context, tab Tab) error {
		steps = append(steps, "url "+tab.URL())
		ok, err := tab.WaitVisible(ctx, "#accept", 2*time.Second)
		if err != nil || !ok {
			return fmt.Errorf("no banner: %v, %v", ok, err)
		}
		return tab.Click(ctx, "#accept")
	}
	start := time.Now()
	ph, err := b.Render(ctx, record.PhaseAccept, []string{home, second, slow, plain}, before)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("rendered in %v", time.Since(start))
	if ph.Name != record.PhaseAccept {
		t.Errorf("phase %q", ph.Name)
	}
	if !slices.Equal(steps, []string{"url " + home}) {
		t.Errorf("before ran %q", steps)
	}

	// Pages: in order, with statuses and links; the slow one times out
	// and the rest goes on.
	if len(ph.Pages) != 4 {
		t.Fatalf("%d pages", len(ph.Pages))
	}
	for i, want := range []string{home, second, slow, plain} {
		p := ph.Pages[i]
		if p.URL != want || p.Status != 200 {
			t.Errorf("page %d: %s status %d, want %s 200", i, p.URL, p.Status, want)
		}
		if (p.Error != "") != (want == slow) {
			t.Errorf("page %s: error %q", p.URL, p.Error)
		}
	}
	if e := ph.Pages[2].Error; !strings.Contains(e, "did not load within") {
		t.Errorf("slow page: error %q", e)
	}
	if got, want := ph.Pages[0].Links, []string{second, s.tp + "/ext"}; !slices.Equal(got, want) {
		t.Errorf("links %q, want %q", got, want)
	}
	if got := ph.Pages[2].Links; !slices.Equal(got, []string{plain}) {
		t.Errorf("the slow page's links %q", got)
	}
	if !slices.ContainsFunc(b.Warnings(), func(w string) bool { return strings.HasPrefix(w, slow+": did not load") }) {
		t.Errorf("no warning of the slow page in %q", b.Warnings())
	}
	if !s.secondConsent.Load() {
		t.Error("the page after the step did not carry the consent cookie")
	}

	// Cookies: how and by whom each was set.
	fp, tp := host(s.fp), host(s.tp)
	for _, want := range []struct{ name, domain, via, setBy string }{
		{"fp_http", "127.0.0.1", "http", fp},
		{"fp_js", "127.0.0.1", "script", fp},
		{"consent", "127.0.0.1", "script", fp},
		{"tp_http", "localhost", "http", tp},
		{"tp_js", "localhost", "script", tp},
	} {
		c := findCookie(ph.Cookies, want.name)
		if c == nil {
			t.Errorf("cookie %s missing; got %+v", want.name, ph.Cookies)
			continue
		}
		if c.Domain != want.domain || c.Via != want.via || c.SetBy != want.setBy || c.FirstSeenOn != home {
			t.Errorf("cookie %s: domain %q via %q setBy %q first seen on %q, want %q %q %q %q",
				want.name, c.Domain, c.Via, c.SetBy, c.FirstSeenOn, want.domain, want.via, want.setBy, home)
		}
	}
	if c := findCookie(ph.Cookies, "fp_http"); c != nil && (!c.HTTPOnly || !c.Secure || c.SameSite != "Lax" || c.Expires != "" || c.ValueLength != 1) {
		t.Errorf("fp_http attributes: %+v", *c)
	}
	if c := findCookie(ph.Cookies, "consent"); c != nil {
		if exp, err := time.Parse(time.RFC3339, c.Expires); err != nil || time.Until(exp) < 50*time.Minute {
			t.Errorf("consent expires %q", c.Expires)
		}
	}
	if c := findCookie(ph.Cookies, "tp_js"); c != nil && (c.SameSite != "None" || !c.Secure) {
		t.Errorf("tp_js attributes: %+v", *c)
	}

	// Storage, first and third party.
	for _, want := range []struct{ origin, kind, key, value string }{
		{s.fp, "local", "fp_local", strings.Repeat("x", 64)},
		{s.fp, "session", "fp_session", "s"},
		{s.tp, "local", "tp_local", "y"},
	} {
		it := findItem(ph.Storage, want.origin, want.kind, want.key)
		if it == nil {
			t.Errorf("storage %+v missing; got %+v", want, ph.Storage)
			continue
		}
		if it.Value != want.value || it.FirstSeenOn != home {
			t.Errorf("storage %s: value %q first seen on %q", want.key, it.Value, it.FirstSeenOn)
		}
	}

	// Requests, per host and type: the documents, the iframe's, its XHR,
	// the beacon and the fetch.
	for _, want := range []struct {
		host, typ string
		count     int
	}{
		{fp, "Document", 4},
		{tp, "Document", 1},
		{tp, "XHR", 1},
		{tp, "Ping", 1},
		{tp, "Fetch", 1},
		{tp, "WebSocket", 1},
	} {
		r := findRequest(ph.Requests, want.host, want.typ)
		if r == nil {
			t.Errorf("no %s request to %s; got %+v", want.typ, want.host, ph.Requests)
			continue
		}
		if r.Count != want.count || r.ExamplePage == "" || !strings.Contains(r.ExampleURL, "s://"+want.host+"/") {
			t.Errorf("%s %s: %+v, want count %d", want.host, want.typ, *r, want.count)
		}
	}
	if r := findRequest(ph.Requests, tp, "Ping"); r != nil && (r.ExampleURL != s.tp+"/beacon" || r.ExamplePage != home) {
		t.Errorf("beacon: %+v", *r)
	}
	if n := s.hit("/beacon"); n != 1 {
		t.Errorf("the beacon reached the server %d times", n)
	}
	// A dedicated worker's own request.
	if r := findRequest(ph.Requests, fp, "Fetch"); r == nil || r.Count != 1 || r.ExampleURL != s.fp+"/from-worker" || r.ExamplePage != home {
		t.Errorf("the worker's fetch: %+v", r)
	}
}

// TestRenderBeforeFails: when the step on the first page fails, the other
// pages are not rendered and Render says why.
func TestRenderBeforeFails(t *testing.T) {
	b := sharedBrowser(t)
	s := newSite(t)
	boom := errors.New("boom")
	ph, err := b.Render(context.Background(), record.PhaseReject, []string{s.fp + "/plain", s.fp + "/second"},
		func(context.Context, Tab) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want one that wraps %v", err, boom)
	}
	if ph.Pages[0].Status != 200 || ph.Pages[0].Error != "" {
		t.Errorf("first page: %+v", ph.Pages[0])
	}
	if !strings.Contains(ph.Pages[1].Error, "not rendered") || s.hit("/second") != 0 {
		t.Errorf("second page: %+v (%d hits)", ph.Pages[1], s.hit("/second"))
	}
}

// TestRenderBeforeOnSlowPage: a first page that does not finish loading
// in time still gets the step, on what did load.
func TestRenderBeforeOnSlowPage(t *testing.T) {
	b := sharedBrowser(t)
	s := newSite(t)
	var found bool
	ph, err := b.Render(context.Background(), record.PhaseAccept, []string{s.fp + "/slow", s.fp + "/plain"},
		func(ctx context.Context, tab Tab) error {
			var err error
			found, err = tab.Exists(ctx, `a[href="/plain"]`)
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	if !found || !strings.Contains(ph.Pages[0].Error, "did not load within") || ph.Pages[1].Status != 200 {
		t.Errorf("step saw the link: %v; pages %+v", found, ph.Pages)
	}
}

// TestRenderOddURLs renders nothing, and URLs that are not http(s).
func TestRenderOddURLs(t *testing.T) {
	b := sharedBrowser(t)
	ph, err := b.Render(context.Background(), record.PhaseBefore, nil, nil)
	if err != nil || len(ph.Pages) != 0 || len(ph.Cookies) != 0 {
		t.Errorf("%+v, %v", ph, err)
	}
	odd := []string{"file:///etc/passwd", "javascript:alert(1)", "chrome://version", "https:///nohost", "%%"}
	ph, err = b.Render(context.Background(), record.PhaseBefore, odd, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ph.Pages {
		if p.Error != "not rendered: not an http(s) URL" || len(p.Links) > 0 {
			t.Errorf("%s: %+v", p.URL, p)
		}
	}
	if len(ph.Requests) > 0 {
		t.Errorf("requests: %+v", ph.Requests)
	}
}

// TestRenderFreshContext: each phase starts with no cookie or storage of
// the phases before.
func TestRenderFreshContext(t *testing.T) {
	b := sharedBrowser(t)
	s := newSite(t)
	for range 2 {
		ph, err := b.Render(context.Background(), record.PhaseBefore, []string{s.fp + "/"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		// A cookie left from the first phase would not be set again by a
		// write of this one: its first write's page would be missing.
		for _, c := range ph.Cookies {
			if c.FirstSeenOn == "" || c.SetBy == "" {
				t.Errorf("cookie %s carried over: %+v", c.Name, c)
			}
		}
	}
}

// TestCrashedTab: a tab that crashes gives its page an error and a
// warning; the next page gets a new tab.
func TestCrashedTab(t *testing.T) {
	requireChrome(t)
	s := newSite(t)
	o := testOptions()
	o.Concurrency = 1
	b, err := Launch(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	crashed := s.fp + "/slow"
	testHookPage = func(pageURL string, crash func()) {
		if pageURL == crashed {
			time.AfterFunc(200*time.Millisecond, crash)
		}
	}
	defer func() { testHookPage = nil }()
	ph, err := b.Render(context.Background(), record.PhaseBefore, []string{s.fp + "/plain", crashed, s.fp + "/second"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e := ph.Pages[1].Error; e != "the tab crashed" {
		t.Errorf("crashed page: error %q", e)
	}
	for _, i := range []int{0, 2} {
		if p := ph.Pages[i]; p.Status != 200 || p.Error != "" {
			t.Errorf("page %s: %d %q", p.URL, p.Status, p.Error)
		}
	}
	if w := b.Warnings(); !slices.Contains(w, crashed+": the tab crashed") {
		t.Errorf("warnings %q", w)
	}
}

// alive reports whether the process pid runs.
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// checkGone fails the test if anything of b is left: its process, a
// helper process of its profile, or the profile directory.
func checkGone(t *testing.T, b *Browser) {
	t.Helper()
	if pid := b.proc.cmd.Process.Pid; alive(pid) {
		t.Errorf("Chromium (pid %d) still runs", pid)
	}
	if pids := profilePIDs(b.dir, false); len(pids) > 0 {
		t.Errorf("processes of the profile still run: %v", pids)
	}
	if _, err := os.Stat(b.dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the profile directory %s is left: %v", b.dir, err)
	}
	if _, err := os.Stat(b.tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Chromium's temporary directory %s is left: %v", b.tmp, err)
	}
}

// launched launches a browser of its own for a test of its life.
func launched(t *testing.T, ctx context.Context) *Browser {
	t.Helper()
	requireChrome(t)
	b, err := Launch(ctx, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = b.Close() })
	if len(profilePIDs(b.dir, false)) < 2 {
		t.Errorf("Chromium runs as %v: expected it and its helpers", profilePIDs(b.dir, false))
	}
	return b
}

// TestCleanup checks that nothing of Chromium is left after Close, after a
// normal run, an error, the end of the context and a crash.
func TestCleanup(t *testing.T) {
	requireChrome(t)
	s := newSite(t)

	t.Run("normal", func(t *testing.T) {
		b := launched(t, context.Background())
		if _, err := b.Render(context.Background(), record.PhaseBefore, []string{s.fp + "/"}, nil); err != nil {
			t.Fatal(err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		checkGone(t, b)
		if err := b.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		if _, err := b.Render(context.Background(), record.PhaseBefore, []string{s.fp + "/"}, nil); err == nil {
			t.Error("Render after Close: no error")
		}
	})

	t.Run("error", func(t *testing.T) {
		b := launched(t, context.Background())
		ran := false
		ph, err := b.Render(context.Background(), record.PhaseBefore, []string{hangUp(t), s.fp + "/plain"},
			func(context.Context, Tab) error { ran = true; return nil })
		if err != nil || ran || !strings.Contains(ph.Pages[0].Error, "net::ERR_") || ph.Pages[1].Status != 200 {
			t.Errorf("error %v, step run %v, pages %+v", err, ran, ph.Pages)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		checkGone(t, b)
	})

	t.Run("launch-error", func(t *testing.T) {
		fake := t.TempDir() + "/chromium"
		if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		_, err := Launch(context.Background(), Options{Chrome: fake})
		if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "cannot open display") {
			t.Errorf("error %v", err)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("profile directory left: %v", left[0].Name())
		}
	})

	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		b := launched(t, ctx)
		done := make(chan error, 1)
		go func() {
			_, err := b.Render(ctx, record.PhaseBefore, []string{s.fp + "/slow", s.fp + "/slow?2", s.fp + "/plain", s.fp + "/plain?2"}, nil)
			done <- err
		}()
		time.Sleep(300 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Render: %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second * testsite.TimeScale):
			t.Fatal("Render did not return after the context ended")
		}
		// The end of Launch's context closed the browser; Close waits for
		// the cleanup.
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		checkGone(t, b)
	})

	t.Run("crash", func(t *testing.T) {
		b := launched(t, context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := b.Render(context.Background(), record.PhaseBefore, []string{s.fp + "/slow", s.fp + "/plain"}, nil)
			done <- err
		}()
		time.Sleep(300 * time.Millisecond)
		// Kill Chromium alone: its helpers are left to Close.
		if err := b.proc.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if !errors.Is(err, ErrBrowserDied) || !strings.Contains(err.Error(), "killed") {
				t.Errorf("Render: %v, want ErrBrowserDied", err)
			}
		case <-time.After(10 * time.Second * testsite.TimeScale):
			t.Fatal("Render did not return after Chromium died")
		}
		if w := b.Warnings(); !slices.ContainsFunc(w, func(s string) bool { return strings.HasPrefix(s, "Chromium exited") }) {
			t.Errorf("warnings %q", w)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		checkGone(t, b)
	})
}

// hangUp returns the URL of a server that closes every connection at
// once, until the test ends.
func hangUp(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return "https://" + l.Addr().String() + "/"
}

// TestLaunch checks the browser's identity.
func TestLaunch(t *testing.T) {
	b := sharedBrowser(t)
	if !strings.Contains(b.Version(), "Chrome/") {
		t.Errorf("version %q", b.Version())
	}
	if ua := b.UserAgent(); !strings.HasPrefix(ua, "Mozilla/5.0") || !strings.HasSuffix(ua, " "+version.UserAgent()) {
		t.Errorf("user agent %q", ua)
	}
}

// TestLocaleAndUserAgent: the pages and their third-party frames, and the
// requests they make, see the User-Agent and language asked for.
func TestLocaleAndUserAgent(t *testing.T) {
	requireChrome(t)
	s := newSite(t)
	o := testOptions()
	o.Locale, o.UserAgent = "fr-FR", "TestAgent/1.0"
	b, err := Launch(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.UserAgent() != "TestAgent/1.0" || b.Locale() != "fr-FR" {
		t.Errorf("user agent %q, locale %q", b.UserAgent(), b.Locale())
	}
	var lang, ua string
	_, err = b.Render(context.Background(), record.PhaseBefore, []string{s.fp + "/"}, func(ctx context.Context, tab Tab) error {
		if err := tab.Eval(ctx, "navigator.language", &lang); err != nil {
			return err
		}
		return tab.Eval(ctx, "navigator.userAgent", &ua)
	})
	if err != nil {
		t.Fatal(err)
	}
	if lang != "fr-FR" || ua != "TestAgent/1.0" {
		t.Errorf("the page sees language %q, user agent %q", lang, ua)
	}
	// The iframe's document, and the XHR its own process sends.
	for _, path := range []string{"/", "/frame", "/xhr"} {
		if got := s.header(path, "User-Agent"); got != "TestAgent/1.0" {
			t.Errorf("%s: User-Agent %q", path, got)
		}
		if got := s.header(path, "Accept-Language"); !strings.HasPrefix(got, "fr-FR") {
			t.Errorf("%s: Accept-Language %q", path, got)
		}
	}
}

// TestFindNoChrome: without Chromium, the error says how to get one.
func TestFindNoChrome(t *testing.T) {
	t.Setenv("PATH", "")
	t.Setenv("CHROME_PATH", "")
	for _, path := range []string{"/nonexistent/chromium", ""} {
		_, err := Find(path)
		if !errors.Is(err, ErrNoChrome) {
			t.Fatalf("Find(%q): %v, want ErrNoChrome", path, err)
		}
		msg := err.Error()
		for _, want := range []string{"--chrome", "CHROME_PATH", "apt-get install chromium"} {
			if !strings.Contains(msg, want) {
				t.Errorf("Find(%q): %q does not say %q", path, msg, want)
			}
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("Find(%q): %q is not one line", path, msg)
		}
	}
	t.Setenv("CHROME_PATH", "/nonexistent/chrome")
	if _, err := Find(""); !errors.Is(err, ErrNoChrome) || !strings.Contains(err.Error(), "CHROME_PATH=/nonexistent/chrome") {
		t.Errorf("Find with a bad CHROME_PATH: %v", err)
	}
	if _, err := Launch(context.Background(), Options{Chrome: "/nonexistent/chromium"}); !errors.Is(err, ErrNoChrome) {
		t.Errorf("Launch: %v, want ErrNoChrome", err)
	}
}
