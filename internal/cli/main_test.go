package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// runCLI runs the command line in-process and returns its output and exit
// code.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code = Run(ctx, args, &out, &errb)
	return out.String(), errb.String(), code
}

var originPattern = regexp.MustCompile(`https://127\.0\.0\.1:\d+`)

var (
	startedAtPattern  = regexp.MustCompile(`"(startedAt|finishedAt|fetchedAt)": "[^"]*"`)
	durationMSPattern = regexp.MustCompile(`"durationMs": \d+`)
)

// normalizeJSON replaces what changes from run to run (the demo's port, the
// time) so that the report can be compared with a golden file.
func normalizeJSON(t *testing.T, raw string) []byte {
	t.Helper()
	if !json.Valid([]byte(raw)) {
		t.Fatalf("report is not JSON:\n%s", raw)
	}
	raw = originPattern.ReplaceAllString(raw, "https://demo.test")
	raw = startedAtPattern.ReplaceAllString(raw, `"$1": "2000-01-01T00:00:00Z"`)
	raw = durationMSPattern.ReplaceAllString(raw, `"durationMs": 0`)
	return []byte(raw)
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got, *update, "make golden")
}

func TestGoldenDemoJSON(t *testing.T) {
	out, stderr, code := runCLI(t, "demo", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr: %s", code, stderr)
	}
	checkGolden(t, "demo.json", normalizeJSON(t, out))

	// The demo is built so that some pages pass and some fail the page checks.
	var rep struct {
		Score  float64
		Grade  string
		Checks []struct {
			ID, Status, Summary string
			Score               *float64
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	browserOnly := map[string]bool{}
	for _, c := range checks.All() {
		if !slices.Contains(c.Meta().SupportedModes(), evidence.ModeStatic) {
			browserOnly[c.Meta().ID] = true
		}
	}
	for _, c := range rep.Checks {
		if c.ID == "trust-seal" {
			continue
		}
		if browserOnly[c.ID] {
			// Not applicable without a browser, and saying so.
			if c.Status != "not-applicable" || c.Summary != "needs --browser" {
				t.Errorf("demo check %s: %s %q, want not-applicable \"needs --browser\"", c.ID, c.Status, c.Summary)
			}
			continue
		}
		if c.ID == "policy-ccpa" {
			// The demo shop is British: auto applies the GDPR, and says
			// why the CCPA does not apply.
			if c.Status != "not-applicable" || !strings.HasPrefix(c.Summary, "the CCPA does not apply: no signal of a Californian audience") {
				t.Errorf("demo check %s: %s %q, want not applicable for want of a Californian audience", c.ID, c.Status, c.Summary)
			}
			continue
		}
		if c.ID == "policy-change-notice" {
			// The demo keeps no history: nothing to compare with.
			if c.Status != "not-applicable" || c.Summary != "needs a history store (--store)" {
				t.Errorf("demo check %s: %s %q, want not applicable without a store", c.ID, c.Status, c.Summary)
			}
			continue
		}
		if c.Status == "not-applicable" || c.Status == "error" {
			t.Errorf("demo check %s is %s: the demo must exercise every check", c.ID, c.Status)
		}
	}
	if rep.Score <= 0 || rep.Score >= 100 {
		t.Errorf("demo score %v: want a mixed result", rep.Score)
	}
}

func TestGoldenDemoTable(t *testing.T) {
	out, stderr, code := runCLI(t, "demo")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr: %s", code, stderr)
	}
	if !strings.Contains(stderr, "Serving the demo site at https://127.0.0.1:") {
		t.Errorf("stderr should say where the demo is served: %q", stderr)
	}
	checkGolden(t, "demo.txt", []byte(originPattern.ReplaceAllString(out, "https://demo.test")))
}

func TestExitCodes(t *testing.T) {
	notHTML := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = w.Write([]byte("%PDF-1.4"))
	}))
	defer notHTML.Close()
	robots := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /\n"))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>hi</body></html>"))
	}))
	defer robots.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no argument", []string{"audit"}, ExitUsage, "audit takes one URL"},
		{"unknown flag", []string{"audit", "--bogus", "x.org"}, ExitUsage, "unknown flag"},
		{"unknown command", []string{"bogus"}, ExitUsage, "unknown command"},
		{"unknown scheme", []string{"audit", "ftp://example.org"}, ExitUsage, "unsupported scheme"},
		{"invalid URL", []string{"audit", "http://exa mple.org"}, ExitUsage, "invalid"},
		{"bad format", []string{"audit", "-f", "xml", "example.org"}, ExitUsage, "unknown report format"},
		{"bad fail-under", []string{"audit", "--fail-under", "120", "example.org"}, ExitUsage, "between 0 and 100"},
		{"bad alias", []string{"audit", "--alias", "a.org,b.org", "example.org"}, ExitUsage, "one host name per --alias"},
		{"refused connection", []string{"audit", closedURL}, ExitSite, "connection"},
		{"DNS failure", []string{"audit", "https://nonexistent.invalid"}, ExitSite, "DNS"},
		{"not HTML", []string{"audit", notHTML.URL}, ExitSite, "not HTML"},
		{"robots forbids", []string{"audit", robots.URL}, ExitSite, "robots.txt"},
		{"policy file missing", []string{"policy", "/nonexistent/policy.html"}, ExitUsage, "no such file"},
		{"policy file binary", []string{"policy", os.Args[0]}, ExitUsage, "not a text document"},
		{"demo gate fails", []string{"demo", "--fail-under", "99"}, ExitGate, "gate failed: score 72.3 is under 99"},
		{"demo gate passes", []string{"demo", "--fail-under", "10"}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.stderr)
			}
			if tt.code != ExitOK {
				lines := strings.Split(strings.TrimSpace(stderr), "\n")
				if last := lines[len(lines)-1]; !strings.HasPrefix(last, "privaudit: ") {
					t.Errorf("error is not one clear line: %q", stderr)
				}
			}
		})
	}
}

func TestReportWrittenBeforeGateFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.json")
	_, stderr, code := runCLI(t, "demo", "--format", "json", "--output", path, "--fail-under", "100")
	if code != ExitGate {
		t.Fatalf("exit %d, want %d: %s", code, ExitGate, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("report not written before the non-zero exit: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil || m["schemaVersion"] == nil {
		t.Fatalf("report file is not a JSON report: %v", err)
	}
}

func TestPolicyCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.md")
	text := "# Privacy policy\n\nLast updated: 7 May 2021\n\n## Cookies\n\nWe use cookies such as _ga to count visits to our website.\n\n## Children\n\nWe do not knowingly collect personal data from children under 13.\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "policy", path, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Language    string `json:"language"`
		LastUpdated string `json:"lastUpdated"`
		Aspects     map[string]struct {
			Covered  bool     `json:"covered"`
			Evidence []string `json:"evidence"`
		} `json:"aspects"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Language != "en" || got.LastUpdated != "2021-05-07" {
		t.Errorf("language %q lastUpdated %q, want en 2021-05-07", got.Language, got.LastUpdated)
	}
	if len(got.Aspects) != 14 {
		t.Errorf("%d aspects, want all 14 present", len(got.Aspects))
	}
	if !got.Aspects["children"].Covered || !got.Aspects["cookies"].Covered {
		t.Errorf("children and cookies should be covered: %+v", got.Aspects)
	}
	if got.Aspects["do-not-track"].Covered {
		t.Error("do-not-track is not in the text")
	}
	if ev := got.Aspects["children"].Evidence; len(ev) == 0 || !strings.Contains(ev[0], "children under 13") {
		t.Errorf("children evidence %q should quote the sentence", ev)
	}

	table, _, code := runCLI(t, "policy", path)
	if code != ExitOK || !strings.Contains(table, "children") || !strings.Contains(table, "aspects covered") {
		t.Errorf("table output (exit %d):\n%s", code, table)
	}
}
