package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/privaudit/privaudit/browser"
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

// An interrupted browser audit stops, writes its report, exits 130 and
// leaves no Chromium process behind.
func TestBrowserInterruptedLeavesNoChromium(t *testing.T) {
	needChromium(t)
	dir := t.TempDir()
	report := filepath.Join(dir, "r.json")
	cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "demo", "--browser", "-f", "json", "-o", report)
	cmd.Env = append(os.Environ(), "PRIVAUDIT_TEST_CLI=1")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the browser runs.
	deadline := time.Now().Add(20 * time.Second)
	for len(chromiumChildren(cmd.Process.Pid)) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if len(chromiumChildren(cmd.Process.Pid)) == 0 {
		_ = cmd.Process.Kill()
		t.Fatalf("Chromium never started: %s", errb.String())
	}
	kids := chromiumChildren(cmd.Process.Pid)
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	var ee *exec.ExitError
	if err == nil || !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted {
		t.Errorf("exit: %v, want %d: %s", err, ExitInterrupted, errb.String())
	}
	time.Sleep(200 * time.Millisecond)
	for _, pid := range kids {
		if alive(pid) {
			t.Errorf("Chromium process %d is left behind", pid)
		}
	}
	if _, err := os.Stat(report); err != nil {
		t.Errorf("no report written: %v", err)
	}
}
