package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/privaudit/privaudit/browser"
	"github.com/privaudit/privaudit/demo"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/sitefs"
)

func needChromium(t *testing.T) {
	t.Helper()
	if _, err := browser.Find(""); err != nil {
		t.Skipf("browser mode needs Chromium (apt-get install chromium): %v", err)
	}
}

// The demo in browser mode shows the whole picture: a banner with reject on
// its first layer, a preference cookie set by script before any choice,
// and analytics started even after reject.
func TestDemoBrowser(t *testing.T) {
	needChromium(t)
	out, stderr, code := runCLI(t, "demo", "--browser", "-f", "json")
	if code != ExitOK {
		t.Fatalf("demo --browser: exit %d, %s", code, stderr)
	}
	var rep struct {
		Settings struct{ Mode string }
		Checks   []struct{ ID, Status, Summary string }
		Cookies  []struct {
			Name, Via string
			Phases    []string
		}
		Consent struct {
			Found, Platform    string
			RejectOnFirstLayer bool
		}
		Browser struct{ PagesRendered []string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Settings.Mode != "browser" || rep.Consent.Found != "banner" || !rep.Consent.RejectOnFirstLayer || len(rep.Browser.PagesRendered) < 3 {
		t.Errorf("mode %s, consent %+v, pages %v", rep.Settings.Mode, rep.Consent, rep.Browser.PagesRendered)
	}
	want := map[string]string{"consent-banner": "pass", "reject-option": "pass", "pre-consent-tracking": "fail", "reject-respected": "fail"}
	for _, c := range rep.Checks {
		if w, ok := want[c.ID]; ok && c.Status != w {
			t.Errorf("%s: %s %q, want %s", c.ID, c.Status, c.Summary, w)
		}
	}
	script := false
	for _, c := range rep.Cookies {
		if c.Name == "_hjid" {
			script = c.Via == "script" && strings.Join(c.Phases, ",") == "reject,accept"
		}
	}
	if !script {
		t.Errorf("_hjid: set by script after reject and after accept: %+v", rep.Cookies)
	}
}

// Chromium missing: exit 2 and one line saying what to do.
func TestBrowserMissing(t *testing.T) {
	t.Setenv("CHROME_PATH", "")
	t.Setenv("PATH", t.TempDir())
	_, stderr, code := runCLI(t, "audit", "--no-config", "--browser", "http://127.0.0.1:1/")
	if code != ExitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "chromium") || !strings.Contains(stderr, "--chrome") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// Browser mode leaves nothing behind, whatever ends the audit: no Chromium
// process and no profile directory after a normal run, an error (Chromium
// dies mid-run; Chromium cannot start), --max-time, and SIGINT or SIGTERM.
// Each case runs privaudit as a process with a TMPDIR of its own (where
// Launch makes the profile), collects the Chromium processes under it
// while it runs, and checks the exit code and the report that the README
// promises for that end.
func TestBrowserCleanup(t *testing.T) {
	needChromium(t)
	// A "Chromium" that writes in its profile and exits at once.
	fake := filepath.Join(t.TempDir(), "fake-chromium")
	script := "#!/bin/sh\nfor a; do case $a in --user-data-dir=*) touch \"${a#*=}/written\";; esac; done\necho 'no display' >&2\nexit 1\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	// killChromium kills Chromium's main process (privaudit's child),
	// leaving its helpers for privaudit to find.
	killChromium := func(t *testing.T, cli int) {
		for _, pid := range chromiumChildren(cli) {
			if ppid, cmdline := procInfo(pid); ppid == cli && strings.Contains(cmdline, "--remote-debugging-pipe") {
				_ = syscall.Kill(pid, syscall.SIGKILL)
				return
			}
		}
		t.Error("Chromium's main process not found")
	}
	send := func(sig syscall.Signal) func(*testing.T, int) {
		return func(_ *testing.T, cli int) { _ = syscall.Kill(cli, sig) }
	}
	// The crawl of the demo site takes well under a second; in the
	// max-time case the site never answers Chromium's pages but the
	// start page: --max-time runs out while Chromium renders.
	maxTime := 3 * time.Second * testsite.TimeScale
	// The audits of SITE audit the demo site served by the test, which
	// tells when Chromium asks for a page (self-signed: --insecure).
	auditSite := []string{"audit", "SITE", "--browser", "--insecure", "--no-config", "--fail-on", "none"}
	interrupted := func(t *testing.T, rep browserReport) {
		if !rep.Interrupted || rep.Browser != nil || !rep.warned("the browser stage did not finish") {
			t.Errorf("interrupted %v, browser %+v, warnings %q: want interrupted while Chromium rendered", rep.Interrupted, rep.Browser, rep.Warnings)
		}
	}

	tests := []struct {
		name string
		args []string
		// act, when set, runs once Chromium asked for a page of SITE.
		act func(t *testing.T, cli int)
		// runs says Chromium must have run.
		runs bool
		code int
		// check checks the report.
		check func(t *testing.T, rep browserReport)
	}{
		// Three pages (of seven) keep the run short; TestDemoBrowser
		// renders them all.
		{"normal", []string{"demo", "--browser", "--browser-pages", "3"}, nil, true, ExitOK, func(t *testing.T, rep browserReport) {
			if rep.Browser == nil || len(rep.Browser.PagesRendered) != 3 || rep.Interrupted || rep.TimedOut {
				t.Errorf("browser %+v, interrupted %v, timed out %v, warnings %q: want the pages rendered", rep.Browser, rep.Interrupted, rep.TimedOut, rep.Warnings)
			}
		}},
		// An error of the browser stage is a warning: the static
		// findings stand, and the exit code is the gate's.
		{"chromium-killed", auditSite, killChromium, true, ExitOK, func(t *testing.T, rep browserReport) {
			if rep.Browser != nil || !rep.warned("the browser stage failed") || rep.Interrupted {
				t.Errorf("browser %+v, warnings %q: want the browser stage failed", rep.Browser, rep.Warnings)
			}
		}},
		{"chromium-fails", []string{"demo", "--browser", "--chrome", fake}, nil, false, ExitOK, func(t *testing.T, rep browserReport) {
			if rep.Browser != nil || !rep.warned("the browser could not start") {
				t.Errorf("browser %+v, warnings %q: want the browser could not start", rep.Browser, rep.Warnings)
			}
		}},
		{"max-time", slices.Concat(auditSite, []string{"--max-time", maxTime.String()}), nil, true, ExitTimeout, func(t *testing.T, rep browserReport) {
			if !rep.TimedOut || rep.Browser != nil || !rep.warned("the browser stage did not finish") {
				t.Errorf("timed out %v, browser %+v, warnings %q: want timed out while Chromium rendered", rep.TimedOut, rep.Browser, rep.Warnings)
			}
		}},
		{"SIGINT", auditSite, send(syscall.SIGINT), true, ExitInterrupted, interrupted},
		{"SIGTERM", auditSite, send(syscall.SIGTERM), true, ExitInterrupted, interrupted},
	}
	// The cases run side by side.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tmp := t.TempDir()
			site, browsed := serveDemo(t, tt.name == "max-time")
			out := filepath.Join(t.TempDir(), "report.json")
			args := []string{"-test.run=^$", "--"}
			for _, a := range tt.args {
				if a == "SITE" {
					a = site
				}
				args = append(args, a)
			}
			args = append(args, "-q", "-f", "json", "-o", out)
			run := startBrowserCLI(t, tmp, args)
			if tt.act != nil {
				select {
				case <-browsed:
					tt.act(t, run.cmd.Process.Pid)
				case <-run.done:
					b, _ := os.ReadFile(out)
					t.Fatalf("exited (%v) before Chromium asked for a page: %s\n%.3000s", run.err, run.stderr.String(), b)
				case <-time.After(time.Until(run.deadline)):
					run.kill()
					t.Fatalf("Chromium never asked for a page: %s", run.stderr.String())
				}
			}
			code := run.wait()
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, run.stderr.String())
			}
			seen := run.chromium()
			if tt.runs && len(seen) == 0 {
				t.Errorf("no Chromium process was seen: the case did not test the browser stage")
			}
			t.Logf("%d Chromium processes seen", len(seen))
			for _, pid := range seen {
				if alive(pid) {
					_, cmdline := procInfo(pid)
					t.Errorf("Chromium process %d is left behind: %.120s", pid, cmdline)
					_ = syscall.Kill(pid, syscall.SIGKILL)
				}
			}
			// Nothing of Chromium's is left in TMPDIR: not the profile
			// (privaudit-chromium-*), nor Chromium's own temporary
			// directory with its singleton socket.
			if all, _ := os.ReadDir(tmp); len(all) > 0 {
				var names []string
				for _, e := range all {
					names = append(names, e.Name())
				}
				t.Errorf("left behind in TMPDIR: %v", names)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("no report written: %v", err)
			}
			var rep browserReport
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatalf("report: %v", err)
			}
			if rep.warned("closing Chromium") {
				t.Errorf("warnings %q: Chromium was not closed cleanly", rep.Warnings)
			}
			tt.check(t, rep)
		})
	}
}

// serveDemo serves the demo site until the test ends; browsed closes when
// Chromium asks for a page (privaudit's crawl names privaudit alone).
func serveDemo(t *testing.T, hang bool) (origin string, browsed <-chan struct{}) {
	srv := httptest.NewUnstartedServer(nil)
	// Chromium probing the self-signed certificate is no error to print.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	origin = "https://" + srv.Listener.Addr().String()
	site := sitefs.New(demo.Site(), map[string]string{"ORIGIN": origin})
	ch := make(chan struct{})
	var once sync.Once
	release := make(chan struct{})
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.UserAgent(), "Chrome/") {
			once.Do(func() { close(ch) })
			if hang && r.URL.Path != "/" && !strings.Contains(r.URL.Path, ".") {
				// The browser stage cannot finish: only --max-time
				// (or the end of the test) ends it.
				select {
				case <-r.Context().Done():
				case <-release:
				}
				return
			}
		}
		site.ServeHTTP(w, r)
	})
	srv.StartTLS()
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first
	return origin, ch
}

// browserReport is what TestBrowserCleanup reads of a report.
type browserReport struct {
	TimedOut, Interrupted bool
	Warnings              []string
	Browser               *struct{ PagesRendered []string }
}

func (r browserReport) warned(s string) bool {
	for _, w := range r.Warnings {
		if strings.Contains(w, s) {
			return true
		}
	}
	return false
}

// browserCLI is privaudit run as a process (the test binary, see
// TestMain), with the Chromium processes seen under it while it runs.
type browserCLI struct {
	t        *testing.T
	cmd      *exec.Cmd
	stderr   bytes.Buffer
	done     chan struct{}
	err      error
	deadline time.Time

	mu   sync.Mutex
	seen map[int]bool
}

// startBrowserCLI starts privaudit with TMPDIR set to tmp. It is killed
// if it is still running at the end of the test, or after two minutes.
func startBrowserCLI(t *testing.T, tmp string, args []string) *browserCLI {
	t.Helper()
	r := &browserCLI{t: t, done: make(chan struct{}), seen: map[int]bool{}, deadline: time.Now().Add(2 * time.Minute * testsite.TimeScale)}
	r.cmd = exec.Command(os.Args[0], args...)
	r.cmd.Env = append(os.Environ(), "PRIVAUDIT_TEST_CLI=1", "TMPDIR="+tmp)
	r.cmd.Stderr = &r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		r.err = r.cmd.Wait()
		close(r.done)
	}()
	go func() {
		// Collect while it runs: once privaudit exits, what is left of
		// Chromium is no longer under it.
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			r.collect()
			select {
			case <-r.done:
				return
			case <-tick.C:
			}
		}
	}()
	t.Cleanup(r.kill)
	return r
}

// kill kills privaudit if it still runs, and waits for it to exit.
func (r *browserCLI) kill() {
	select {
	case <-r.done:
	default:
		_ = r.cmd.Process.Kill()
		<-r.done
	}
}

func (r *browserCLI) collect() {
	pids := chromiumChildren(r.cmd.Process.Pid)
	r.mu.Lock()
	for _, pid := range pids {
		r.seen[pid] = true
	}
	r.mu.Unlock()
}

// chromium returns the Chromium processes seen so far.
func (r *browserCLI) chromium() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var pids []int
	for pid := range r.seen {
		pids = append(pids, pid)
	}
	return pids
}

// wait waits for privaudit to exit, killing it at the deadline, and
// returns its exit code.
func (r *browserCLI) wait() int {
	r.t.Helper()
	select {
	case <-r.done:
	case <-time.After(time.Until(r.deadline)):
		r.kill()
		r.t.Fatalf("privaudit still running after its deadline: killed: %s", r.stderr.String())
	}
	var ee *exec.ExitError
	if errors.As(r.err, &ee) {
		return ee.ExitCode()
	}
	if r.err != nil {
		r.t.Fatalf("privaudit: %v", r.err)
	}
	return 0
}
