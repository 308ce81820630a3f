package cli

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/internal/testsite"
)

// audit --save-record writes what was gathered; audit --from-record judges
// it again offline, with the same report as the live run.
func TestSaveAndJudgeRecord(t *testing.T) {
	dir := t.TempDir()
	srv := testsite.Serve(t, testsite.FixtureDir(t, "cookies-unexplained"), false, nil)
	rec, live, again := filepath.Join(dir, "site.record.json"), filepath.Join(dir, "live.json"), filepath.Join(dir, "again.json")
	if _, stderr, code := runCLI(t, "audit", srv.URL, "--no-config", "--fail-on", "none", "--save-record", rec, "-f", "json", "-o", live); code != ExitOK {
		t.Fatalf("live audit: exit %d, %s", code, stderr)
	}
	srv.Close() // judging the record needs no site
	if _, stderr, code := runCLI(t, "audit", "--no-config", "--fail-on", "none", "--from-record", rec, "-f", "json", "-o", again); code != ExitOK {
		t.Fatalf("--from-record: exit %d, %s", code, stderr)
	}
	a, b := readNormalized(t, live), readNormalized(t, again)
	if !bytes.Equal(a, b) {
		t.Errorf("the report judged from the record differs from the live one:\n%s\n---\n%s", a, b)
	}
	// Bad uses: a URL with --from-record, a file that is not a record.
	if _, stderr, code := runCLI(t, "audit", "--no-config", "--from-record", rec, "https://example.org"); code != ExitUsage || !strings.Contains(stderr, "none with --from-record") {
		t.Errorf("URL and --from-record: exit %d, %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "audit", "--no-config", "--from-record", live); code != ExitUsage || !strings.Contains(stderr, "not a privaudit record") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("a report as a record: exit %d, %q", code, stderr)
	}
	if _, stderr, code := runCLI(t, "audit", "--no-config", "--from-record", filepath.Join(dir, "missing.json")); code != ExitUsage {
		t.Errorf("missing record: exit %d, %s", code, stderr)
	}
}

func readNormalized(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return normalizeJSON(t, string(b))
}

// A record that cannot be saved is a warning; the report is still written.
func TestSaveRecordFailureKeepsTheReport(t *testing.T) {
	srv := testsite.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html><body><a href="/privacy">Privacy</a> info@example.org</body></html>`))
	}))
	out := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := runCLI(t, "audit", srv.URL, "--no-config", "--fail-on", "none", "--no-sitemaps", "--save-record", "/nonexistent/dir/r.json", "-f", "json", "-o", out)
	if code != ExitOK || !strings.Contains(stderr, "the record was not saved") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("the report was not written: %v", err)
	}
}
