package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/datadb"
)

const (
	updateDBCSV = `ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
1,Google Analytics,Analytics,_ga,,ID used to identify users,2 years,Google,https://policies.google.com/privacy,0
`
	updateDBRule = `{"Cookiebot": {"detectors": [], "methods": [{"name": "HIDE_CMP"}]}}`
)

// dbMirror serves the published files at their paths, and counts the
// requests.
type dbMirror struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string]string
	requests int
}

func newDBMirror(t *testing.T) *dbMirror {
	t.Helper()
	m := &dbMirror{files: map[string]string{
		"/open-cookie-database.csv": updateDBCSV,
		"/rules-list.json":          `{"references": ["https://raw.githubusercontent.com/cavi-au/Consent-O-Matic/master/rules/cookiebot.json"]}`,
		"/rules/cookiebot.json":     updateDBRule,
	}}
	m.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.requests++
		body, ok := m.files[r.URL.Path]
		m.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(m.Close)
	return m
}

// set serves body at path; an empty body removes the file.
func (m *dbMirror) set(path, body string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if body == "" {
		delete(m.files, path)
		return
	}
	m.files[path] = body
}

func (m *dbMirror) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests
}

// runUpdateDB runs privaudit with args and $PRIVAUDIT_CACHE set to cache.
func runUpdateDB(t *testing.T, cache string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if c, _, err := newRootCommand().Find([]string{"update-db"}); err != nil || c.Name() != "update-db" {
		t.Skip("update-db is not registered: add newUpdateDBCommand() to root.AddCommand in root.go")
	}
	t.Setenv(datadb.EnvCache, cache)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code = Run(ctx, args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestUpdateDBDownloadsFromMirror(t *testing.T) {
	m := newDBMirror(t)
	cache := t.TempDir()
	stdout, stderr, code := runUpdateDB(t, cache, "update-db", "--source", m.URL)
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("stdout has %d lines, want one per database:\n%s", len(lines), stdout)
	}
	today := time.Now().UTC().Format("2006-01-02")
	for i, want := range []string{
		"open-cookie-database: updated, 1 cookie, ",
		"consent-o-matic: updated, 1 rule from 1 file, ",
	} {
		if !strings.HasPrefix(lines[i], want) || !strings.Contains(lines[i], " bytes, fetched "+today) || !strings.Contains(lines[i], " from "+m.URL+"/") {
			t.Errorf("line %d = %q, want it to start %q and give the size, date and mirror URL", i+1, lines[i], want)
		}
	}
	for _, f := range []string{"open-cookie-database.csv", "consent-o-matic-rules.json"} {
		if _, err := os.Stat(filepath.Join(cache, f)); err != nil {
			t.Errorf("not cached: %v", err)
		}
		if _, err := os.Stat(filepath.Join(cache, f+datadb.MetaSuffix)); err != nil {
			t.Errorf("no sidecar: %v", err)
		}
	}
}

func TestUpdateDBNamesAndDir(t *testing.T) {
	m := newDBMirror(t)
	cache, dir := t.TempDir(), filepath.Join(t.TempDir(), "db")
	stdout, stderr, code := runUpdateDB(t, cache, "update-db", "open-cookie-database", "--source", m.URL+"/", "--dir", dir)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 1 || !strings.HasPrefix(stdout, "open-cookie-database: updated") {
		t.Errorf("stdout %q, want the one database named", stdout)
	}
	if _, _, ok := datadb.Lookup(dir, datadb.OpenCookieDatabase); !ok {
		t.Error("not cached in --dir")
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("the cache directory was written with --dir: %v", entries)
	}
}

func TestUpdateDBFailedDownloadExits3(t *testing.T) {
	m := newDBMirror(t)
	cache := t.TempDir()
	if _, stderr, code := runUpdateDB(t, cache, "update-db", "--source", m.URL); code != ExitOK {
		t.Fatalf("first run: exit %d, %s", code, stderr)
	}
	m.set("/open-cookie-database.csv", "<html><body>Not the database</body></html>")
	m.set("/rules/cookiebot.json", "")
	stdout, stderr, code := runUpdateDB(t, cache, "update-db", "--source", m.URL)
	if code != ExitSite {
		t.Errorf("exit %d, want %d", code, ExitSite)
	}
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "not a valid Open Cookie Database file") || !strings.Contains(stderr, "cookiebot.json: 404 Not Found") {
		t.Errorf("stderr %q, want one line with both reasons", stderr)
	}
	for _, name := range []string{"open-cookie-database", "consent-o-matic"} {
		if !strings.Contains(stdout, name+": not updated; kept the copy fetched ") {
			t.Errorf("stdout %q does not say %s kept its copy", stdout, name)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(cache, "open-cookie-database.csv")); string(b) != updateDBCSV {
		t.Errorf("the cached copy was replaced: %q", b)
	}

	// No copy and nothing to download.
	_, stderr, code = runUpdateDB(t, t.TempDir(), "update-db", "consent-o-matic", "--source", m.URL+"/nothing-here")
	if code != ExitSite || !strings.Contains(stderr, "rules-list.json: 404 Not Found") {
		t.Errorf("404: exit %d, stderr %q", code, stderr)
	}
}

func TestUpdateDBUsageErrors(t *testing.T) {
	m := newDBMirror(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"update-db", "cookies", "--source", m.URL}, `unknown database "cookies" (known: open-cookie-database, consent-o-matic)`},
		{[]string{"update-db", "--source", "mirror.example.org"}, "--source: invalid mirror URL"},
		{[]string{"update-db", "--mirror", m.URL}, "unknown flag: --mirror"},
	} {
		_, stderr, code := runUpdateDB(t, t.TempDir(), c.args...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 saying %q", c.args, code, stderr, c.want)
		}
	}
	if n := m.count(); n != 0 {
		t.Errorf("%d requests made for usage errors", n)
	}
}
