package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readReport(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("report not written: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("report %s is not JSON: %v", path, err)
	}
	return m
}

// chdir runs the test in dir (config and ignore files are looked up in the
// working directory).
func chdir(t *testing.T, dir string) {
	t.Helper()
	old, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chdir(old) })
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	t.Setenv("PRIVAUDIT_CONFIG", "")

	// A bad key fails with exit 2, naming the key and the line.
	writeFile(t, dir, ".privaudit.yaml", "version: 1\nfail-under: 50\nmax-pagez: 10\n")
	_, stderr, code := runCLI(t, "audit", "https://example.invalid")
	if code != ExitUsage || !strings.Contains(stderr, ".privaudit.yaml:3: max-pagez: unknown key") || !strings.Contains(stderr, `"max-pages"`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// --no-config skips it: the DNS failure is reached (exit 3).
	if _, stderr, code := runCLI(t, "audit", "--no-config", "https://nonexistent.invalid"); code != ExitSite {
		t.Errorf("--no-config: exit %d, stderr %q", code, stderr)
	}

	// A good file drives the demo through --config: gate keys apply, and a
	// flag on the command line wins over the file.
	cfg := writeFile(t, dir, "gate.yaml", "version: 1\nfail-under: 99\nformat: json\nchecks:\n  trust-seal: off\n")
	out, stderr, code := runCLI(t, "demo", "--config", cfg)
	if code != ExitGate || !strings.Contains(stderr, "score") {
		t.Errorf("config fail-under: exit %d, stderr %q", code, stderr)
	}
	if !json.Valid([]byte(out)) {
		t.Errorf("config format json: stdout is not JSON:\n%s", out)
	}
	if strings.Contains(out, `"id": "trust-seal"`) {
		t.Error("checks: {trust-seal: off} must not run the check")
	}
	if _, _, code := runCLI(t, "demo", "--config", cfg, "--fail-under", "10"); code != ExitOK {
		t.Errorf("flag must win over the file: exit %d", code)
	}
	// PRIVAUDIT_CONFIG is used when --config is not given.
	t.Setenv("PRIVAUDIT_CONFIG", filepath.Join(dir, "missing.yaml"))
	if _, stderr, code := runCLI(t, "audit", "https://example.invalid"); code != ExitUsage || !strings.Contains(stderr, "PRIVAUDIT_CONFIG") {
		t.Errorf("PRIVAUDIT_CONFIG to a missing file: exit %d, stderr %q", code, stderr)
	}
}

func TestFailOnAndPerCheckLevels(t *testing.T) {
	dir := t.TempDir()
	// The demo has high-severity findings (privacy links, forms).
	_, stderr, code := runCLI(t, "demo", "--fail-on", "high")
	if code != ExitGate || !strings.Contains(stderr, "privacy-policy-link") {
		t.Errorf("fail-on high: exit %d, stderr %q", code, stderr)
	}
	if _, _, code := runCLI(t, "demo", "--fail-on", "critical"); code != ExitOK {
		t.Errorf("fail-on critical: exit %d (the demo has no critical finding)", code)
	}
	// Checks at level warn never fail the gate.
	cfg := writeFile(t, dir, "levels.yaml", "version: 1\nchecks:\n  privacy-policy-link: warn\n  https: warn\n  form-security: warn\n  consent-checkboxes: warn\n  privacy-policy-reachable: warn\n  third-party-disclosure: warn\n  cookies-explained: warn\n")
	if _, stderr, code := runCLI(t, "demo", "--config", cfg, "--fail-on", "high"); code != ExitOK {
		t.Errorf("levels warn: exit %d, stderr %q", code, stderr)
	}
	// A per-check minimum score fails the gate.
	cfg = writeFile(t, dir, "min.yaml", "version: 1\nchecks:\n  privacy-policy-link:\n    min-score: 90\n")
	if _, stderr, code := runCLI(t, "demo", "--config", cfg); code != ExitGate || !strings.Contains(stderr, "under its minimum 90") {
		t.Errorf("min-score: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, "demo", "--fail-on", "severe"); code != ExitUsage {
		t.Errorf("bad --fail-on: exit %d, stderr %q", code, stderr)
	}
}

func TestBaselineAndIgnoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	first := filepath.Join(dir, "first.json")
	if _, stderr, code := runCLI(t, "demo", "-f", "json", "-o", first); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Same site, baseline = the first run: nothing is new, so the gate
	// passes even at --fail-on low, although findings remain.
	second := filepath.Join(dir, "second.json")
	_, stderr, code := runCLI(t, "demo", "-f", "json", "-o", second, "--baseline", first, "--fail-on", "low")
	if code != ExitOK {
		t.Fatalf("baseline: exit %d: %s", code, stderr)
	}
	rep := readReport(t, second)
	b := rep["baseline"].(map[string]any)
	if b["new"].(float64) != 0 || b["unchanged"].(float64) == 0 || b["fixed"].(float64) != 0 {
		t.Errorf("baseline summary %v", b)
	}
	// Without the baseline the same findings fail the gate.
	if _, _, code := runCLI(t, "demo", "-f", "json", "-o", second, "--fail-on", "low"); code != ExitGate {
		t.Errorf("no baseline: exit %d, want %d", code, ExitGate)
	}

	// Ignore everything of privacy-policy-link (until 2099) and one
	// fingerprint whose entry has expired.
	var fp string
	for _, c := range readReport(t, first)["checks"].([]any) {
		cm := c.(map[string]any)
		if cm["id"] == "form-security" {
			fp = cm["findings"].([]any)[0].(map[string]any)["fingerprint"].(string)
		}
	}
	writeFile(t, dir, ".privauditignore.yaml", fmt.Sprintf(`ignore:
  - check: privacy-policy-link
    urls: ["/blog/*", "/landing/*"]
    reason: old templates, replaced in January
    expires: 2099-01-31
  - fingerprint: %s
    reason: the newsletter provider moves to HTTPS
    expires: 2020-01-01
`, fp))
	out, stderr, code := runCLI(t, "demo", "--fail-on", "high", "--show-suppressed")
	if !strings.Contains(stderr, "expired on 2020-01-01") {
		t.Errorf("the expired entry must be reported: %q", stderr)
	}
	if !strings.Contains(out, "Suppressed findings") || !strings.Contains(out, "old templates, replaced in January") {
		t.Errorf("--show-suppressed must list them:\n%s", out)
	}
	if code != ExitGate || strings.Contains(stderr, "privacy-policy-link") || !strings.Contains(stderr, "form-security") {
		t.Errorf("suppressed checks must not gate, the expired entry must: exit %d, %q", code, stderr)
	}
	// The ignore file given explicitly must exist.
	if _, stderr, code := runCLI(t, "demo", "--ignore-file", filepath.Join(dir, "nope.yaml")); code != ExitUsage {
		t.Errorf("missing --ignore-file: exit %d, %q", code, stderr)
	}
	// A baseline that is not a report is a usage error.
	bad := writeFile(t, dir, "bad.json", "[]")
	if _, _, code := runCLI(t, "demo", "--baseline", bad); code != ExitUsage {
		t.Errorf("bad baseline: exit %d", code)
	}
}

func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	if _, stderr, code := runCLI(t, "demo", "-f", "json", "-o", a); code != ExitOK {
		t.Fatal(stderr)
	}
	// Make the second report differ: drop one finding, as if fixed.
	m := readReport(t, a)
	checks := m["checks"].([]any)
	first := checks[0].(map[string]any)
	first["findings"] = first["findings"].([]any)[1:]
	m["score"] = m["score"].(float64) + 5
	b, _ := json.Marshal(m)
	bPath := writeFile(t, dir, "b.json", string(b))

	out, stderr, code := runCLI(t, "diff", a, bPath)
	if code != ExitOK || !strings.Contains(out, "0 new, 1 fixed, 0 changed") || !strings.Contains(out, "+5.0") {
		t.Errorf("diff: exit %d %q\n%s", code, stderr, out)
	}
	out, _, _ = runCLI(t, "diff", a, bPath, "-f", "markdown")
	if !strings.Contains(out, "### Fixed findings") {
		t.Errorf("markdown diff:\n%s", out)
	}
	out, _, _ = runCLI(t, "diff", a, bPath, "-f", "json")
	var d struct {
		Fixed []any `json:"fixed"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || len(d.Fixed) != 1 {
		t.Errorf("json diff: %v\n%s", err, out)
	}
	if _, _, code := runCLI(t, "diff", a); code != ExitUsage {
		t.Errorf("diff with one file: exit %d", code)
	}
	if _, _, code := runCLI(t, "diff", a, filepath.Join(dir, "missing.json")); code != ExitUsage {
		t.Errorf("diff with a missing file: exit %d", code)
	}
}

func TestSeveralFormats(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "out", "privaudit")
	stdout, stderr, code := runCLI(t, "demo", "-f", "json", "-f", "sarif", "-f", "junit", "-f", "markdown", "-f", "html", "-f", "table", "-o", base)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout must stay empty when writing files: %q", stdout)
	}
	for _, ext := range []string{".json", ".sarif", ".xml", ".md", ".html", ".txt"} {
		if st, err := os.Stat(base + ext); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", ext, err)
		}
	}
	// A base name given with a format's extension keeps it once.
	named := filepath.Join(dir, "named.json")
	if _, stderr, code := runCLI(t, "demo", "-f", "json", "-f", "sarif", "-o", named); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{named, filepath.Join(dir, "named.sarif")} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	if _, stderr, code := runCLI(t, "demo", "-f", "json", "-f", "sarif"); code != ExitUsage || !strings.Contains(stderr, "--output") {
		t.Errorf("several formats without -o: exit %d %q", code, stderr)
	}
	// -f json on stdout is clean JSON, whatever goes to stderr.
	out, _, _ := runCLI(t, "demo", "-f", "json", "--verbose")
	if !json.Valid([]byte(out)) {
		t.Error("-f json with --verbose: stdout is not clean JSON")
	}
}

func TestQuietAndVerbose(t *testing.T) {
	_, stderr, code := runCLI(t, "demo", "-q")
	if code != ExitOK || stderr != "" {
		t.Errorf("--quiet: exit %d, stderr %q", code, stderr)
	}
	_, stderr, _ = runCLI(t, "demo", "--verbose")
	if !strings.Contains(stderr, "privaudit: crawl: ") || !strings.Contains(stderr, "privaudit: policy: ") {
		t.Errorf("--verbose should log the phases: %q", stderr)
	}
	if _, _, code := runCLI(t, "demo", "-q", "-v"); code != ExitUsage {
		t.Errorf("-q -v: exit %d", code)
	}
}

func TestMaxTime(t *testing.T) {
	// A site whose start page answers at once and whose other pages hold
	// their response until the client gives up: the limit runs out during
	// the crawl whatever the machine's speed.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path != "/robots.txt" {
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "text/html")
		var b strings.Builder
		b.WriteString("<html><body>")
		for i := 0; i < 30; i++ {
			fmt.Fprintf(&b, `<a href="/%d">p</a>`, i)
		}
		b.WriteString("</body></html>")
		_, _ = w.Write([]byte(b.String()))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "r.json")
	start := time.Now()
	_, stderr, code := runCLI(t, "audit", srv.URL, "--no-config", "--max-time", "700ms", "--concurrency", "2", "-f", "json", "-o", path, "--no-sitemaps", "--fail-on", "none")
	if code != ExitTimeout {
		t.Errorf("exit %d, want %d: %s", code, ExitTimeout, stderr)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("took %v: --max-time must stop the crawl", elapsed)
	}
	rep := readReport(t, path)
	if rep["complete"] != false || rep["timedOut"] != true {
		t.Errorf("report complete=%v timedOut=%v", rep["complete"], rep["timedOut"])
	}
}

// --max-time running out before the start page answers is a time-out
// (exit 4) with a report, not "the site could not be audited".
func TestMaxTimeBeforeTheStartPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			<-r.Context().Done() // held until the client gives up
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := runCLI(t, "audit", srv.URL, "--no-config", "--max-time", "300ms", "-f", "json", "-o", path, "--fail-on", "high")
	if code != ExitTimeout || !strings.Contains(stderr, "before the start page answered") {
		t.Errorf("exit %d, want %d: %s", code, ExitTimeout, stderr)
	}
	rep := readReport(t, path)
	gate, _ := rep["gate"].(map[string]any)
	if rep["timedOut"] != true || rep["complete"] != false || rep["error"] == nil || gate == nil || gate["passed"] != false {
		t.Errorf("report timedOut=%v complete=%v error=%v gate=%v", rep["timedOut"], rep["complete"], rep["error"], gate)
	}
}

// A site that cannot be audited (exit 3) still gets a report in every
// format asked for, written before the exit, saying why and failing the
// gate: a CI job's "if: always()" steps find their files.
func TestReportWrittenWhenTheSiteCannotBeAudited(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	notFound := httptest.NewServer(http.NotFoundHandler())
	defer notFound.Close()
	for name, target := range map[string]string{"unreachable": closedURL, "404 start page": notFound.URL} {
		dir := t.TempDir()
		base := filepath.Join(dir, "out", "privaudit")
		_, stderr, code := runCLI(t, "audit", target, "--no-config", "--timeout", "2s", "-f", "json", "-f", "sarif", "-f", "junit", "-f", "table", "-o", base)
		if code != ExitSite {
			t.Errorf("%s: exit %d, want %d: %s", name, code, ExitSite, stderr)
		}
		for _, ext := range []string{".json", ".sarif", ".xml", ".txt"} {
			if _, err := os.Stat(base + ext); err != nil {
				t.Errorf("%s: %s not written: %v", name, ext, err)
			}
		}
		rep := readReport(t, base+".json")
		gate, _ := rep["gate"].(map[string]any)
		if msg, _ := rep["error"].(string); msg == "" || rep["complete"] != false || gate == nil || gate["passed"] != false {
			t.Errorf("%s: report error=%v complete=%v gate=%v", name, rep["error"], rep["complete"], gate)
		}
	}
}

func TestChecksExplainSchema(t *testing.T) {
	out, _, code := runCLI(t, "checks")
	if code != ExitOK || !strings.Contains(out, "privacy-policy-link") || !strings.Contains(out, "trust-seal") || !strings.Contains(out, "20") {
		t.Errorf("checks (exit %d):\n%s", code, out)
	}
	out, _, code = runCLI(t, "explain", "consent-checkboxes")
	if code != ExitOK || !strings.Contains(out, "Why it matters") || !strings.Contains(out, "Planet49") || !strings.Contains(out, "How to fix it") {
		t.Errorf("explain (exit %d):\n%s", code, out)
	}
	if _, stderr, code := runCLI(t, "explain", "nope"); code != ExitUsage || !strings.Contains(stderr, "unknown check") {
		t.Errorf("explain nope: exit %d %q", code, stderr)
	}
	for _, args := range [][]string{{"schema"}, {"schema", "--config"}} {
		out, _, code := runCLI(t, args...)
		var s map[string]any
		if code != ExitOK || json.Unmarshal([]byte(out), &s) != nil || s["$schema"] == nil {
			t.Errorf("%v: exit %d\n%.300s", args, code, out)
		}
	}
}

// TestExamplesAreValid keeps the example files in examples/ in step with
// the configuration and ignore-file formats.
func TestExamplesAreValid(t *testing.T) {
	cfg := filepath.Join("..", "..", "examples", "privaudit.yaml")
	// The example asks 95% of pages to link the policy; the demo has 75%.
	if _, stderr, code := runCLI(t, "demo", "--config", cfg, "--fail-on", "none", "--fail-under", "0", "-q"); code != ExitGate || !strings.Contains(stderr, "under its minimum 95") {
		t.Errorf("examples/privaudit.yaml: exit %d %q", code, stderr)
	}
	ign := filepath.Join("..", "..", "examples", "privauditignore.yaml")
	if _, stderr, code := runCLI(t, "demo", "--ignore-file", ign, "-q"); code != ExitOK {
		t.Errorf("examples/privauditignore.yaml: exit %d %q", code, stderr)
	}
	for _, name := range []string{"github-actions.yml", "gitlab-ci.yml"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
		if err != nil || !strings.Contains(string(b), "privaudit audit") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestInterrupted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			time.Sleep(200 * time.Millisecond)
		}
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 20; i++ {
			fmt.Fprintf(w, `<a href="%s/%d">p</a>`, strings.TrimSuffix(r.URL.Path, "/"), i)
		}
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "r.json")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(600*time.Millisecond, cancel) // as Ctrl-C does through signal.NotifyContext
	var out, errb bytes.Buffer
	start := time.Now()
	code := Run(ctx, []string{"audit", srv.URL, "-f", "json", "-o", path, "--no-sitemaps", "--concurrency", "2"}, &out, &errb)
	if code != ExitInterrupted || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("exit %d, stderr %q; want %d", code, errb.String(), ExitInterrupted)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v after the interrupt", time.Since(start))
	}
	rep := readReport(t, path)
	if rep["interrupted"] != true || rep["complete"] != false {
		t.Errorf("report interrupted=%v complete=%v", rep["interrupted"], rep["complete"])
	}
	if crawl := rep["crawl"].(map[string]any); crawl["errors"].(float64) != 0 {
		t.Errorf("URLs cut short by the interrupt are skipped, not errors: %v", crawl)
	}
	// The policies were not fetched: the checks that read them give no
	// verdict (error), rather than "no page links a privacy policy".
	for _, c := range rep["checks"].([]any) {
		cm := c.(map[string]any)
		if cm["id"] == "privacy-policy-reachable" && cm["status"] != "error" {
			t.Errorf("privacy-policy-reachable after an interrupt: %v (%v), want error", cm["status"], cm["summary"])
		}
	}
}

func TestInterruptedBeforeTheStartPage(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select { // a start page that never answers
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	var out, errb bytes.Buffer
	if code := Run(ctx, []string{"audit", srv.URL, "--no-sitemaps"}, &out, &errb); code != ExitInterrupted {
		t.Errorf("exit %d, stderr %q; want %d", code, errb.String(), ExitInterrupted)
	}
}

func TestFlagsWinOverConfigForQuietAndVerbose(t *testing.T) {
	cfg := writeFile(t, t.TempDir(), "q.yaml", "version: 1\nquiet: true\n")
	_, stderr, code := runCLI(t, "demo", "--config", cfg, "-v")
	if code != ExitOK || !strings.Contains(stderr, "privaudit: crawl: ") {
		t.Errorf("-v over a quiet config: exit %d, stderr %q", code, stderr)
	}
	if _, stderr, _ := runCLI(t, "demo", "--config", cfg); strings.Contains(stderr, "Serving") {
		t.Errorf("quiet from the config: stderr %q", stderr)
	}
}

func TestPolicyURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			time.Sleep(2 * time.Second)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html lang="en"><body><main><h1>Privacy</h1><p>We do not knowingly collect personal data from children under 13.</p></main></body></html>`)
	}))
	defer srv.Close()
	out, stderr, code := runCLI(t, "policy", srv.URL+"/privacy", "-f", "json")
	if code != ExitOK || !strings.Contains(out, `"children"`) {
		t.Fatalf("exit %d %q\n%s", code, stderr, out)
	}
	start := time.Now()
	if _, stderr, code := runCLI(t, "policy", srv.URL+"/slow", "--timeout", "200ms"); code != ExitSite || time.Since(start) > time.Second {
		t.Errorf("slow URL with --timeout 200ms: exit %d after %v: %q", code, time.Since(start), stderr)
	}
}

// A baseline of another site is refused: fingerprints are relative to the
// origin, so its findings would match by chance and stop gating.
func TestBaselineOfAnotherSite(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	if _, stderr, code := runCLI(t, "demo", "-f", "json", "-o", base); code != ExitOK {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	b, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.json")
	re := regexp.MustCompile(`https://127\.0\.0\.1:\d+`)
	writeFile(t, dir, "other.json", re.ReplaceAllString(string(b), "https://www.other.example"))

	_, stderr, code := runCLI(t, "demo", "--baseline", other, "--fail-on", "high")
	if code != ExitUsage || !strings.Contains(stderr, "other.example") || !strings.Contains(stderr, "--baseline-any-origin") || strings.Count(stderr, "\n") > 2 {
		t.Errorf("baseline of another site: exit %d, stderr %q", code, stderr)
	}
	// The same site on another port is the same site (the demo's port
	// changes on every run); --baseline-any-origin compares anyway.
	if _, stderr, code := runCLI(t, "demo", "--baseline", base, "--fail-on", "high"); code != ExitOK {
		t.Errorf("baseline of the same site: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "demo", "--baseline", other, "--baseline-any-origin", "--fail-on", "high"); code != ExitOK {
		t.Errorf("--baseline-any-origin: exit %d, %s", code, stderr)
	}
	// diff refuses the same way.
	if _, stderr, code := runCLI(t, "diff", other, base); code != ExitUsage || !strings.Contains(stderr, "other.example") {
		t.Errorf("diff of two sites: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "diff", other, base, "--baseline-any-origin"); code != ExitOK {
		t.Errorf("diff --baseline-any-origin: exit %d, %s", code, stderr)
	}
}
