package cli

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// Messages say what the input should have been, in one line, without Go's
// internals (strconv, json, Go type names).
func TestMessagesWithoutGoInternals(t *testing.T) {
	dir := t.TempDir()
	notJSON := writeFile(t, dir, "not.json", "nope")
	array := writeFile(t, dir, "array.json", "[1, 2]")
	empty := writeFile(t, dir, "empty.csv", "")
	ocdJSON := writeFile(t, dir, "ocd.json", `["a", "b"]`)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"float flag", []string{"audit", "--fail-under", "abc", "x.org"}, `--fail-under: "abc" is not a number`},
		{"int flag", []string{"audit", "--max-pages", "lots", "x.org"}, `--max-pages: "lots" is not a whole number`},
		{"duration flag", []string{"audit", "--timeout", "soon", "x.org"}, `--timeout: "soon" is not a duration`},
		{"baseline not JSON", []string{"audit", "--no-config", "--baseline", notJSON, "x.org"}, "not valid JSON (error at byte 2); expected a privaudit JSON report"},
		{"baseline an array", []string{"audit", "--no-config", "--baseline", array, "x.org"}, "found a JSON array where an object was expected"},
		{"diff not JSON", []string{"diff", notJSON, array}, "not valid JSON"},
		{"empty cookie database", []string{"audit", "--no-config", "--cookie-db", empty, "x.org"}, "the file is empty; expected an Open Cookie Database CSV file"},
		{"cookie database JSON of the wrong shape", []string{"audit", "--no-config", "--cookie-db", ocdJSON, "x.org"}, "found a JSON array where an object was expected"},
		{"record not JSON", []string{"audit", "--no-config", "--from-record", notJSON}, "not valid JSON"},
	} {
		_, stderr, code := runCLI(t, tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and one line with %q", tc.name, code, stderr, tc.want)
		}
		for _, leak := range []string{"strconv.", "Go value", "json: cannot", "invalid character", "struct {", "report.Report"} {
			if strings.Contains(stderr, leak) {
				t.Errorf("%s: %q leaks %q", tc.name, stderr, leak)
			}
		}
	}
}

// Limits: zero and absurd values are refused, naming the one flag at
// fault.
func TestLimitsRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--max-pages", "0"}, "--max-pages: must be at least 1"},
		{[]string{"--concurrency", "0"}, "--concurrency: must be at least 1"},
		{[]string{"--timeout", "0s"}, "--timeout: must be at least 1"},
		{[]string{"--max-body-size", "0"}, "--max-body-size: must be at least 1"},
		{[]string{"--concurrency", "1000000"}, "--concurrency: at most 64"},
		{[]string{"--max-depth", "-1"}, "--max-depth: cannot be negative"},
	} {
		args := append([]string{"audit", "--no-config", "http://127.0.0.1:1/"}, tc.args...)
		_, stderr, code := runCLI(t, args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", tc.args, code, stderr, tc.want)
		}
	}
}

// Smaller things a new user met.
func TestCLIDetails(t *testing.T) {
	// -v is --verbose everywhere; the version has --version only.
	if out, _, code := runCLI(t, "--version"); code != ExitOK || !strings.Contains(out, "privaudit") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	if _, _, code := runCLI(t, "-v"); code != ExitUsage {
		t.Errorf("root -v: exit %d, want a usage error (-v is --verbose in subcommands)", code)
	}
	// Severities are accepted in any case, as formats are.
	if _, stderr, code := runCLI(t, "demo", "--fail-on", "CRITICAL", "-f", "JSON"); code != ExitOK {
		t.Errorf("--fail-on CRITICAL: exit %d, %s", code, stderr)
	}
	// explain suggests the check meant.
	if _, stderr, code := runCLI(t, "explain", "cookie-explained"); code != ExitUsage || !strings.Contains(stderr, `did you mean "cookies-explained"`) {
		t.Errorf("explain typo: exit %d, %s", code, stderr)
	}
	// A plain-HTTP server audited as host:port (taken as https) gets a hint.
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	hostPort := strings.TrimPrefix(plain.URL, "http://")
	if _, stderr, code := runCLI(t, "audit", "--no-config", hostPort, "-o", filepath.Join(t.TempDir(), "r.txt")); code != ExitSite || !strings.Contains(stderr, "try http://") {
		t.Errorf("plain HTTP as https: exit %d, %s", code, stderr)
	}
}
