package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/pgtest"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/store"
)

// historyJSON runs `privaudit history SITE -f json` and returns its audits.
func historyJSON(t *testing.T, args ...string) []store.Audit {
	t.Helper()
	out, stderr, code := runCLI(t, append([]string{"history", "-f", "json"}, args...)...)
	if code != ExitOK {
		t.Fatalf("history %v: exit %d: %s", args, code, stderr)
	}
	var h struct {
		Site   string        `json:"site"`
		Audits []store.Audit `json:"audits"`
	}
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("history -f json: %v\n%s", err, out)
	}
	return h.Audits
}

// TestStoreNightly runs the demo as a nightly job would, with a SQLite
// store: every audit is kept, history lists them, --baseline last and
// last-passing read the store, $PRIVAUDIT_STORE names it.
func TestStoreNightly(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	db := filepath.Join(dir, "history.db")
	for i := range 3 {
		out := filepath.Join(dir, "night.json")
		if _, stderr, code := runCLI(t, "demo", "--store", db, "-f", "json", "-o", out); code != ExitOK || strings.Contains(stderr, "warning: history") {
			t.Fatalf("night %d: exit %d: %s", i, code, stderr)
		}
		if rep := readReport(t, out); i > 0 && rep["history"] == nil {
			t.Errorf("night %d: the report has no history of the nights before", i)
		}
	}
	audits := historyJSON(t, "127.0.0.1", "--store", db)
	if len(audits) != 3 {
		t.Fatalf("history lists %d audits, want 3", len(audits))
	}
	if !audits[0].StartedAt.After(audits[2].StartedAt) {
		t.Errorf("history is not newest first: %v, %v", audits[0].StartedAt, audits[2].StartedAt)
	}
	if audits[0].New != 0 || audits[0].Fixed != 0 || audits[0].Findings == 0 || audits[0].GatePassed == nil || !*audits[0].GatePassed {
		t.Errorf("the same site three times: %+v", audits[0])
	}

	// --baseline last: nothing is new since last night, so even
	// --fail-on low passes.
	out := filepath.Join(dir, "baseline.json")
	if _, stderr, code := runCLI(t, "demo", "--store", db, "--baseline", "last", "--fail-on", "low", "-f", "json", "-o", out); code != ExitOK {
		t.Fatalf("--baseline last: exit %d: %s", code, stderr)
	}
	b := readReport(t, out)["baseline"].(map[string]any)
	if b["new"].(float64) != 0 || b["unchanged"].(float64) == 0 || !strings.Contains(b["path"].(string), "store") {
		t.Errorf("--baseline last: %v", b)
	}
	// That run failed no gate; the one before the next did not pass
	// --fail-on low without a baseline: last-passing skips it.
	if _, _, code := runCLI(t, "demo", "--store", db, "--fail-on", "low", "-f", "json", "-o", out); code != ExitGate {
		t.Fatalf("--fail-on low without a baseline: exit %d", code)
	}
	if _, stderr, code := runCLI(t, "demo", "--store", db, "--baseline", "last-passing", "--fail-on", "low", "-f", "json", "-o", out); code != ExitOK {
		t.Errorf("--baseline last-passing: exit %d: %s", code, stderr)
	}
	if b := readReport(t, out)["baseline"].(map[string]any); !strings.Contains(b["path"].(string), "last-passing") {
		t.Errorf("--baseline last-passing: %v", b)
	}

	// $PRIVAUDIT_STORE names the store when --store is not given.
	t.Setenv(StoreEnv, db)
	if got := historyJSON(t, "https://127.0.0.1:1/"); len(got) != 6 {
		t.Errorf("history with $%s: %d audits, want 6", StoreEnv, len(got))
	}
	table, _, code := runCLI(t, "history", "127.0.0.1", "--limit", "2")
	if code != ExitOK || !strings.Contains(table, "2 audits of 127.0.0.1") || !strings.Contains(table, "Fixed") {
		t.Errorf("history table: exit %d\n%s", code, table)
	}
}

// TestStoreProblems checks the store's bad inputs: each is one line, and
// a store that cannot be opened never costs the report.
func TestStoreProblems(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	out := filepath.Join(dir, "r.json")
	empty, err := store.Open(context.Background(), filepath.Join(dir, "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	empty.Close()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"baseline last without a store", []string{"demo", "--baseline", "last"}, ExitUsage, "--baseline last reads the history store"},
		{"store required, none given", []string{"demo", "--store-required"}, ExitUsage, "no history store"},
		{"an unknown scheme", []string{"history", "x", "--store", "mysql://db/x"}, ExitUsage, "history store"},
		{"history without a store", []string{"history", "x"}, ExitUsage, "no history store"},
		{"history of a store that does not exist", []string{"history", "x", "--store", filepath.Join(dir, "nope.db")}, ExitUsage, "no such store"},
		{"history of a site never audited", []string{"history", "nowhere.example", "--store", filepath.Join(dir, "empty.db")}, ExitUsage, "no audit of nowhere.example"},
		{"a bad --since", []string{"history", "x", "--since", "yesterday", "--store", filepath.Join(dir, "empty.db")}, ExitUsage, "--since"},
		{"policy-history of a site never audited", []string{"policy-history", "nowhere.example", "--store", filepath.Join(dir, "empty.db"), "--show", "3"}, ExitUsage, "no policy version"},
		{"import of a file that is not a report", []string{"import", writeFile(t, dir, "bad.json", "[]"), "--store", filepath.Join(dir, "empty.db")}, ExitUsage, "report"},
		{"serve on a public address without a token", []string{"serve", "--store", filepath.Join(dir, "empty.db"), "--addr", "0.0.0.0:0"}, ExitUsage, "--token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(StoreEnv, "")
			_, stderr, code := runCLI(t, c.args...)
			// The demo says where it serves its site; the error is one line.
			stderr = strings.TrimSpace(regexp.MustCompile(`(?m)^Serving the demo site at \S+\n`).ReplaceAllString(stderr, ""))
			if code != c.code || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") > 0 {
				t.Errorf("exit %d, stderr %q; want exit %d, one line with %q", code, stderr, c.code, c.want)
			}
		})
	}

	// A store that cannot be opened is a warning: the audit runs, its
	// report is written, the gate decides the exit.
	_, stderr, code := runCLI(t, "demo", "--store", dir, "-f", "json", "-o", out)
	if code != ExitOK || !strings.Contains(stderr, "warning: history store") {
		t.Errorf("an unusable store: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("the report was not written: %v", err)
	}
	// With --store-required too the report is written, then the exit is 2.
	os.Remove(out)
	_, stderr, code = runCLI(t, "demo", "--store", dir, "--store-required", "-f", "json", "-o", out)
	if code != ExitUsage || !strings.Contains(stderr, "history store") {
		t.Errorf("an unusable store, --store-required: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("--store-required: the report was not written: %v", err)
	}
}

// TestStoreSaveFails checks a store that fails when the report is stored:
// a warning, and with --store-required an exit 2 in place of 0 or 1 (the
// report was written before).
func TestStoreSaveFails(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close() // every write now fails
	rep := &report.Report{SchemaVersion: report.SchemaVersion, Target: "https://example.org", Origin: "https://example.org"}
	var warned []string
	h := &auditHistory{st: st, warn: func(s string) { warned = append(warned, s) }}
	h.save(context.Background(), rep, nil)
	if len(warned) != 1 || !strings.Contains(warned[0], "written but not stored") {
		t.Errorf("save on a closed store: warnings %q", warned)
	}
	if err := h.exit(nil); err != nil {
		t.Errorf("without --store-required the exit stays 0: %v", err)
	}
	h.required = true
	var ee *ExitError
	for _, before := range []error{nil, &ExitError{Code: ExitGate, Err: errors.New("gate failed")}} {
		if err := h.exit(before); !errors.As(err, &ee) || ee.Code != ExitUsage {
			t.Errorf("--store-required after %v: %v, want exit %d", before, err, ExitUsage)
		}
	}
	site := &ExitError{Code: ExitSite, Err: errors.New("unreachable")}
	if err := h.exit(site); err != site {
		t.Errorf("--store-required keeps exit %d: %v", ExitSite, err)
	}
}

// TestStoreConcurrentAudits runs two audits into one SQLite file at once:
// both wait for each other and succeed.
func TestStoreConcurrentAudits(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	db := filepath.Join(dir, "history.db")
	var wg sync.WaitGroup
	codes := make([]int, 4)
	errs := make([]string, 4)
	for i := range codes {
		wg.Go(func() {
			_, errs[i], codes[i] = runCLI(t, "demo", "--store", db, "--store-required", "-f", "json", "-o", filepath.Join(dir, "r"+string(rune('a'+i))+".json"))
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != ExitOK {
			t.Errorf("audit %d: exit %d: %s", i, c, errs[i])
		}
	}
	if got := historyJSON(t, "127.0.0.1", "--store", db); len(got) != len(codes) {
		t.Errorf("%d audits stored, want %d", len(got), len(codes))
	}
}

// TestStoreTwoProcesses runs two privaudit processes that audit into one
// SQLite file at the same moment: both succeed.
func TestStoreTwoProcesses(t *testing.T) {
	fixture := testsite.FixtureDir(t, "compliant")
	srv := testsite.Serve(t, fixture, false, nil)
	dir := t.TempDir()
	db := filepath.Join(dir, "history.db")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([][]byte, 2)
	for i := range errs {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "--", "audit", srv.URL, "--no-config", "--store", db, "--store-required", "--fail-on", "none", "-q",
				"-f", "json", "-o", filepath.Join(dir, fmt.Sprintf("r%d.json", i)))
			cmd.Env = append(os.Environ(), "PRIVAUDIT_TEST_CLI=1")
			outs[i], errs[i] = cmd.CombinedOutput()
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	if got := historyJSON(t, "127.0.0.1", "--store", db); len(got) != 2 {
		t.Errorf("%d audits stored, want 2", len(got))
	}
}

// TestStorePostgres runs the nightly commands against a real PostgreSQL
// server: audit --store, history, --baseline last, policy-history.
func TestStorePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	chdir(t, dir)
	out := filepath.Join(dir, "r.json")
	for i := range 2 {
		if _, stderr, code := runCLI(t, "demo", "--store", dsn, "--store-required", "-f", "json", "-o", out); code != ExitOK {
			t.Fatalf("night %d: exit %d: %s", i, code, stderr)
		}
	}
	if _, stderr, code := runCLI(t, "demo", "--store", dsn, "--baseline", "last", "--fail-on", "low", "-f", "json", "-o", out); code != ExitOK {
		t.Errorf("--baseline last: exit %d: %s", code, stderr)
	}
	audits := historyJSON(t, "127.0.0.1", "--store", dsn)
	if len(audits) != 3 || audits[0].PolicyHash == "" || audits[0].PolicyChanged {
		t.Errorf("history on PostgreSQL: %+v", audits)
	}
	if out, stderr, code := runCLI(t, "policy-history", "127.0.0.1", "--store", dsn); code != ExitOK || !strings.Contains(out, "1 version of") {
		t.Errorf("policy-history: exit %d: %s\n%s", code, stderr, out)
	}
}

// TestImportAndPolicyHistory imports JSON reports into a store, and
// follows a fixture site whose policy gains a sentence without a new date:
// the report says what changed, policy-change-notice fails, and
// policy-history shows the two versions and the diff.
func TestImportAndPolicyHistory(t *testing.T) {
	fixture := testsite.FixtureDir(t, "compliant")
	dir := t.TempDir()
	chdir(t, dir)
	site := filepath.Join(dir, "site")
	if err := os.CopyFS(site, os.DirFS(fixture)); err != nil {
		t.Fatal(err)
	}
	srv := testsite.Serve(t, site, false, nil)
	db := filepath.Join(dir, "history.db")
	audit := func(name string) map[string]any {
		t.Helper()
		out := filepath.Join(dir, name+".json")
		if _, stderr, code := runCLI(t, "audit", srv.URL, "--no-config", "--store", db, "--store-required", "--fail-on", "none", "-f", "json", "-o", out); code != ExitOK {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		return readReport(t, out)
	}
	first := audit("first")
	if first["policyChange"] != nil {
		t.Errorf("the first audit reports a policy change")
	}
	audit("second")
	policy := filepath.Join(site, "privacy", "index.html")
	body, err := os.ReadFile(policy)
	if err != nil {
		t.Fatal(err)
	}
	added := "We now also share your order history with our new delivery partner, Parcelfast Ltd, to plan deliveries."
	body = []byte(strings.Replace(string(body), "<h2>Who is responsible</h2>", "<p>"+added+"</p>\n<h2>Who is responsible</h2>", 1))
	if err := os.WriteFile(policy, body, 0o644); err != nil {
		t.Fatal(err)
	}
	third := audit("third")
	pc, _ := third["policyChange"].(map[string]any)
	if pc == nil || pc["sentencesAdded"].(float64) != 1 || pc["lastUpdatedBefore"] != pc["lastUpdatedAfter"] {
		t.Fatalf("policyChange after a sentence was added: %v", third["policyChange"])
	}
	for _, c := range third["checks"].([]any) {
		if cm := c.(map[string]any); cm["id"] == "policy-change-notice" && cm["status"] != "fail" {
			t.Errorf("policy-change-notice: %v, want fail (the date did not move)", cm["status"])
		}
	}

	out, stderr, code := runCLI(t, "policy-history", "127.0.0.1", "--store", db)
	if code != ExitOK || !strings.Contains(out, "2 versions") {
		t.Errorf("policy-history: exit %d: %s\n%s", code, stderr, out)
	}
	if _, stderr, code := runCLI(t, "policy-history", "127.0.0.1", "--store", db, "--show", "3"); code != ExitUsage || !strings.Contains(stderr, "give 1 to 2") {
		t.Errorf("policy-history --show out of range: exit %d: %s", code, stderr)
	}
	out, stderr, code = runCLI(t, "policy-history", "127.0.0.1", "--store", db, "--show", "2")
	if code != ExitOK || !strings.Contains(out, "+ "+added) || !strings.Contains(out, "(1 sentence added, 0 removed)") {
		t.Errorf("policy-history --show 2: exit %d: %s\n%s", code, stderr, out)
	}

	// The three reports, imported into another store (twice: the second
	// time each is already there).
	db2 := filepath.Join(dir, "imported.db")
	files := []string{filepath.Join(dir, "third.json"), filepath.Join(dir, "first.json"), filepath.Join(dir, "second.json")}
	if _, stderr, code := runCLI(t, append([]string{"import", "--store", db2}, files...)...); code != ExitOK || !strings.Contains(stderr, "stored 3, skipped 0") {
		t.Errorf("import: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, append([]string{"import", "--store", db2}, files...)...); code != ExitOK || !strings.Contains(stderr, "stored 0, skipped 3") {
		t.Errorf("import again: exit %d: %s", code, stderr)
	}
	got := historyJSON(t, "127.0.0.1", "--store", db2)
	if len(got) != 3 || !got[0].StartedAt.After(got[1].StartedAt) {
		t.Errorf("imported history: %+v", got)
	}
}

// TestBatchStore stores every site of a batch, after its line.
func TestBatchStore(t *testing.T) {
	urls, _ := batchSites(t, "compliant", "no-contact", "german")
	dir := t.TempDir()
	chdir(t, dir)
	list := writeFile(t, dir, "sites.txt", strings.Join(urls, "\n")+"\n")
	db := filepath.Join(dir, "history.db")
	out := filepath.Join(dir, "out.ndjson")
	_, stderr, code := runCLI(t, "batch", list, "--no-config", "--store", db, "--store-required", "--fail-on", "none", "-o", out, "--parallel-sites", "3")
	if code != ExitOK {
		t.Fatalf("batch --store: exit %d: %s", code, stderr)
	}
	if n := len(readLines(t, out)); n != 3 {
		t.Errorf("%d lines, want 3", n)
	}
	// The fixture sites all run on 127.0.0.1: one site of the store
	// (hosts compare without port, as baselines do).
	if got := historyJSON(t, "127.0.0.1", "--store", db); len(got) != 3 {
		t.Errorf("%d audits stored, want 3", len(got))
	}
}

// TestServeCommand runs privaudit serve as a process: it says where it
// listens, answers, refuses a request without the token ($PRIVAUDIT_TOKEN),
// and stops cleanly on SIGINT.
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	db := filepath.Join(dir, "history.db")
	if _, stderr, code := runCLI(t, "demo", "--store", db, "-f", "json", "-o", filepath.Join(dir, "r.json")); code != ExitOK {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	cmd := exec.Command(os.Args[0], "--", "serve", "--store", db, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "PRIVAUDIT_TEST_CLI=1", TokenEnv+"=s3cret")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil {
		t.Fatalf("serve said nothing: %v", err)
	}
	m := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/) \(token required\)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("serve's first line: %q", line)
	}
	get := func(path, token string) int {
		req, _ := http.NewRequest(http.MethodGet, m[1]+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("", ""); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}
	if code := get("api/sites", "wrong"); code != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d, want 401", code)
	}
	for _, p := range []string{"", "api/sites", "sites/127.0.0.1"} {
		if code := get(p, "s3cret"); code != http.StatusOK {
			t.Errorf("GET /%s with the token: %d", p, code)
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGINT: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("serve did not stop on SIGINT")
	}
}

// TestStoreFromConfig reads the store from the configuration file's
// store key; $PRIVAUDIT_STORE wins over the file, --store over both.
func TestStoreFromConfig(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	cfg := writeFile(t, dir, ".privaudit.yaml", "version: 1\nstore: from-config.db\nstore-required: true\n")
	out := filepath.Join(dir, "r.json")
	t.Setenv(StoreEnv, "")
	// The demo reads a configuration file only when --config names it.
	if _, stderr, code := runCLI(t, "demo", "--config", cfg, "-f", "json", "-o", out); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	t.Setenv(StoreEnv, filepath.Join(dir, "from-env.db"))
	if _, stderr, code := runCLI(t, "demo", "--config", cfg, "-f", "json", "-o", out); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "demo", "--config", cfg, "-f", "json", "-o", out, "--store", "from-flag.db"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, db := range []string{"from-config.db", "from-env.db", "from-flag.db"} {
		if got := historyJSON(t, "127.0.0.1", "--store", filepath.Join(dir, db)); len(got) != 1 {
			t.Errorf("%s holds %d audits, want 1", db, len(got))
		}
	}
	// history reads the store key of ./.privaudit.yaml too.
	t.Setenv(StoreEnv, "")
	if got := historyJSON(t, "127.0.0.1"); len(got) != 1 {
		t.Errorf("history with the configuration's store: %d audits, want 1", len(got))
	}
}

// TestStoreReadsTheCanonicalOrigin audits a site typed as 127.0.0.1 that
// redirects to localhost: the store is read under the origin the site
// answers on (where its audits are stored), not the host typed.
func TestStoreReadsTheCanonicalOrigin(t *testing.T) {
	srv := testsite.New(t, testsite.FixtureDir(t, "compliant"), false)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	srv.StartWith(nil, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.Host, "127.0.0.1") {
				http.Redirect(w, r, "http://localhost:"+port+r.URL.RequestURI(), http.StatusMovedPermanently)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	dir := t.TempDir()
	chdir(t, dir)
	db := filepath.Join(dir, "history.db")
	out := filepath.Join(dir, "r.json")
	run := func(args ...string) map[string]any {
		t.Helper()
		if _, stderr, code := runCLI(t, append([]string{"audit", srv.URL, "--no-config", "--store", db, "--store-required", "--fail-on", "none", "-f", "json", "-o", out}, args...)...); code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return readReport(t, out)
	}
	if o := run()["origin"].(string); !strings.Contains(o, "localhost") {
		t.Fatalf("the audit did not follow the redirect: origin %s", o)
	}
	rep := run("--baseline", "last")
	b, _ := rep["baseline"].(map[string]any)
	if b == nil || !strings.Contains(b["path"].(string), "of localhost") {
		t.Errorf("--baseline last of a redirected site: %v", rep["baseline"])
	}
	for _, c := range rep["checks"].([]any) {
		if cm := c.(map[string]any); cm["id"] == "policy-change-notice" && cm["status"] != "pass" {
			t.Errorf("policy-change-notice: %v (%v), want pass: the previous policy is read under localhost", cm["status"], cm["summary"])
		}
	}
	if rep["history"] == nil {
		t.Error("no trend: the earlier audit was not read")
	}
}

// TestBatchStoreRequired runs a batch whose store cannot be opened, with
// --store-required: every line is written, then the exit is 2.
func TestBatchStoreRequired(t *testing.T) {
	urls, _ := batchSites(t, "compliant", "no-contact")
	dir := t.TempDir()
	chdir(t, dir)
	list := writeFile(t, dir, "sites.txt", strings.Join(urls, "\n")+"\n")
	out := filepath.Join(dir, "out.ndjson")
	_, stderr, code := runCLI(t, "batch", list, "--no-config", "--store", dir, "--store-required", "--fail-on", "none", "-o", out)
	if code != ExitUsage || !strings.Contains(stderr, "history store") {
		t.Errorf("batch, unusable store, --store-required: exit %d: %s", code, stderr)
	}
	if n := len(readLines(t, out)); n != 2 {
		t.Errorf("%d lines written, want 2", n)
	}
}
