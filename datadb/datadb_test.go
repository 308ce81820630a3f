package datadb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privaudit/privaudit/catalog"
)

const (
	goodCSV = `ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
1,Google Analytics,Analytics,_ga,,ID used to identify users,2 years,Google,https://policies.google.com/privacy,0
2,Google Analytics,Analytics,_gac_,,Campaign information,90 days,Google,https://policies.google.com/privacy,1
`
	newerCSV = goodCSV + `3,Hotjar,Analytics,_hjid,,Hotjar user ID,1 year,Hotjar,https://www.hotjar.com/legal/policies/privacy/,0
`
	ruleA = `{"$schema": "https://raw.githubusercontent.com/cavi-au/Consent-O-Matic/master/rules.schema.json",
 "Autodesk": {"detectors": [{"presentMatcher": {"type": "css", "target": {"selector": "#a"}}}], "methods": [{"name": "HIDE_CMP"}]}}`
	ruleB = `{"Cookiebot": {"detectors": [], "methods": [{"name": "OPEN_OPTIONS"}]},
 "Didomi": {"detectors": [], "methods": []}}`
	htmlPage = "<!doctype html><title>Moved</title><p>This page has moved.</p>\n"
)

// site serves files by path and counts the requests.
type site struct {
	mu       sync.Mutex
	files    map[string]string
	headers  map[string]http.Header
	requests map[string]int
	*httptest.Server
}

func newSite(t *testing.T, files map[string]string) *site {
	t.Helper()
	s := &site{files: files, headers: map[string]http.Header{}, requests: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.URL.Path]++
		body, ok := s.files[r.URL.Path]
		h := s.headers[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range h {
			w.Header()[k] = v
		}
		if etag := h.Get("ETag"); etag != "" && r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) set(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path] = body
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// publishAt points the databases' published locations at base for the
// test.
func publishAt(t *testing.T, base string) {
	t.Helper()
	saved := databases
	databases = Databases()
	for i := range databases {
		databases[i].Base = base + "/" + databases[i].Name + "/"
	}
	t.Cleanup(func() { databases = saved })
}

func update(t *testing.T, dir string, names []string, source string) ([]Status, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return Update(ctx, nil, dir, names, source)
}

func status(t *testing.T, sts []Status, name string) Status {
	t.Helper()
	for _, s := range sts {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no status for %s in %v", name, sts)
	return Status{}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// noTemp fails when a temporary file was left in dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestUpdateDownloadsFromPublishedLocation(t *testing.T) {
	srv := newSite(t, map[string]string{"/open-cookie-database/open-cookie-database.csv": goodCSV, "/consent-o-matic/rules/a.json": ruleA, "/consent-o-matic/rules/b.json": ruleB})
	srv.set("/consent-o-matic/rules-list.json", fmt.Sprintf(`{"references": [%q, "rules/b.json"]}`, srv.URL+"/consent-o-matic/rules/a.json"))
	srv.headers["/open-cookie-database/open-cookie-database.csv"] = http.Header{"Etag": {`"v1"`}, "Last-Modified": {"Wed, 21 Jan 2026 12:06:50 GMT"}}
	publishAt(t, srv.URL)
	dir := t.TempDir()

	sts, err := update(t, dir, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 2 || sts[0].Name != OpenCookieDatabase || sts[1].Name != ConsentOMatic {
		t.Fatalf("statuses %v, want both databases in table order", sts)
	}
	ocd := sts[0]
	if !ocd.Updated || ocd.Err != nil {
		t.Fatalf("open-cookie-database: %+v", ocd)
	}
	if got := readFile(t, filepath.Join(dir, "open-cookie-database.csv")); got != goodCSV {
		t.Errorf("cached copy = %q", got)
	}
	m := ocd.Meta
	wantURL := srv.URL + "/open-cookie-database/open-cookie-database.csv"
	if m.Name != OpenCookieDatabase || m.Title != "Open Cookie Database" || m.URL != wantURL || m.Published != wantURL || m.License != "Apache-2.0" ||
		m.Size != int64(len(goodCSV)) || m.Entries != 2 || m.ETag != `"v1"` || m.LastModified == "" || time.Since(m.FetchedAt) > time.Minute {
		t.Errorf("meta = %+v", m)
	}
	path, looked, ok := Lookup(dir, OpenCookieDatabase)
	if !ok || path != filepath.Join(dir, "open-cookie-database.csv") || looked.SHA256 != m.SHA256 {
		t.Errorf("Lookup = %q, %+v, %v", path, looked, ok)
	}
	// The version is the one the catalogue computes for the same file.
	cat := catalog.Builtin()
	if _, err := cat.LoadCookieDatabase(path); err != nil {
		t.Fatal(err)
	}
	srcs := cat.Sources()
	if v := srcs[len(srcs)-1].Version; v != m.Version() || v == "" {
		t.Errorf("catalogue version %q, meta version %q", v, m.Version())
	}
	for _, want := range []string{"open-cookie-database: updated, 2 cookies, ", " bytes, fetched ", " from " + wantURL} {
		if !strings.Contains(ocd.String(), want) {
			t.Errorf("status line %q lacks %q", ocd.String(), want)
		}
	}

	com := sts[1]
	if !com.Updated || com.Meta.Entries != 3 || com.Meta.Parts != 2 || com.Meta.URL != srv.URL+"/consent-o-matic/rules-list.json" || com.Meta.License != "MIT" {
		t.Fatalf("consent-o-matic: %+v", com)
	}
	rules, err := parseRules([]byte(readFile(t, com.Path)))
	if err != nil || len(rules) != 3 || rules["Autodesk"] == nil || rules["Didomi"] == nil {
		t.Errorf("merged rules %v, %v", rules, err)
	}
	if !strings.Contains(com.String(), "3 rules from 2 files") {
		t.Errorf("status line %q", com.String())
	}
	noTemp(t, dir)

	// A second run asks whether the copy changed; the server says no.
	sts, err = update(t, dir, []string{OpenCookieDatabase}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 1 || !sts[0].UpToDate || sts[0].Updated || sts[0].Meta.CheckedAt.IsZero() || sts[0].Meta.SHA256 != m.SHA256 {
		t.Errorf("second run: %+v", sts)
	}
	if _, _, ok := Lookup(dir, OpenCookieDatabase); !ok {
		t.Error("the copy is no longer found after a 304")
	}
}

func TestUpdateFromMirror(t *testing.T) {
	pub := databases[1].Base // the published base, rewritten to the mirror
	srv := newSite(t, map[string]string{
		"/mirror/open-cookie-database.csv": goodCSV,
		"/mirror/rules-list.json":          fmt.Sprintf(`{"references": [%q, %q]}`, pub+"rules/a.json", pub+"rules/b.json"),
		"/mirror/rules/a.json":             ruleA,
		"/mirror/rules/b.json":             ruleB,
	})
	dir := t.TempDir()
	sts, err := update(t, dir, nil, srv.URL+"/mirror/")
	if err != nil {
		t.Fatal(err)
	}
	ocd, com := status(t, sts, OpenCookieDatabase), status(t, sts, ConsentOMatic)
	if ocd.Meta.URL != srv.URL+"/mirror/open-cookie-database.csv" || ocd.Meta.Published != databases[0].URL() {
		t.Errorf("open-cookie-database from %q, published %q", ocd.Meta.URL, ocd.Meta.Published)
	}
	if com.Meta.Entries != 3 || srv.count("/mirror/rules/a.json") != 1 || srv.count("/mirror/rules/b.json") != 1 {
		t.Errorf("consent-o-matic: %+v; requests %v", com, srv.requests)
	}
	// The source may be given without the trailing slash.
	if _, err := update(t, t.TempDir(), []string{OpenCookieDatabase}, srv.URL+"/mirror"); err != nil {
		t.Error(err)
	}
	// A mirror cannot serve a reference outside the published location.
	srv.set("/mirror/rules-list.json", `{"references": ["https://rules.example.com/x.json"]}`)
	sts, err = update(t, dir, []string{ConsentOMatic}, srv.URL+"/mirror")
	if err == nil || !strings.Contains(err.Error(), "outside") || !sts[0].Kept {
		t.Errorf("reference outside the published base: %v, %+v", err, sts)
	}
}

func TestUpdateInvalidKeepsOldCopy(t *testing.T) {
	srv := newSite(t, map[string]string{"/open-cookie-database.csv": goodCSV, "/rules-list.json": `{"references": ["rules/a.json"]}`, "/rules/a.json": ruleA})
	dir := t.TempDir()
	if _, err := update(t, dir, nil, srv.URL); err != nil {
		t.Fatal(err)
	}
	oldCSV := readFile(t, filepath.Join(dir, "open-cookie-database.csv"))
	oldMeta := readFile(t, filepath.Join(dir, "open-cookie-database.csv"+MetaSuffix))
	oldRules := readFile(t, filepath.Join(dir, "consent-o-matic-rules.json"))

	for _, c := range []struct{ name, db, path, body, want string }{
		{"html page", OpenCookieDatabase, "/open-cookie-database.csv", htmlPage, "not an Open Cookie Database CSV"},
		{"header only", OpenCookieDatabase, "/open-cookie-database.csv", strings.SplitAfter(goodCSV, "\n")[0], "no cookie entries"},
		{"rule without methods", ConsentOMatic, "/rules/a.json", `{"X": {"detectors": []}}`, `rule "X"`},
		{"rule file not JSON", ConsentOMatic, "/rules/a.json", htmlPage, "not valid JSON"},
		{"rules list without references", ConsentOMatic, "/rules-list.json", `{"rules": []}`, "no references"},
		{"rules list an array", ConsentOMatic, "/rules-list.json", `[]`, "found a JSON array"},
	} {
		t.Run(c.name, func(t *testing.T) {
			good := srv.files[c.path]
			srv.set(c.path, c.body)
			defer srv.set(c.path, good)
			sts, err := update(t, dir, []string{c.db}, srv.URL)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
			if st := sts[0]; st.Err == nil || !st.Kept || st.Updated || st.Meta.SHA256 == "" {
				t.Errorf("%s: failed without keeping the old copy: %+v", st.Name, st)
			} else if !strings.Contains(st.String(), "not updated; kept the copy fetched ") {
				t.Errorf("status line %q", st.String())
			}
			if readFile(t, filepath.Join(dir, "open-cookie-database.csv")) != oldCSV ||
				readFile(t, filepath.Join(dir, "open-cookie-database.csv"+MetaSuffix)) != oldMeta ||
				readFile(t, filepath.Join(dir, "consent-o-matic-rules.json")) != oldRules {
				t.Error("the cached copies changed")
			}
			noTemp(t, dir)
		})
	}
}

func TestUpdateNotFound(t *testing.T) {
	srv := newSite(t, map[string]string{})
	dir := t.TempDir()
	sts, err := update(t, dir, []string{OpenCookieDatabase}, srv.URL)
	if err == nil || !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(err.Error(), srv.URL+"/open-cookie-database.csv") {
		t.Fatalf("error %v, want a 404 naming the URL", err)
	}
	if sts[0].Kept || sts[0].Updated || sts[0].String() != "open-cookie-database: not updated; no copy in the cache" {
		t.Errorf("status %+v: %s", sts[0], sts[0])
	}
	if _, err := os.Stat(filepath.Join(dir, "open-cookie-database.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was cached: %v", err)
	}
	// A rule file that is missing fails the whole set.
	srv.set("/rules-list.json", `{"references": ["rules/a.json", "rules/gone.json"]}`)
	srv.set("/rules/a.json", ruleA)
	if _, err := update(t, dir, []string{ConsentOMatic}, srv.URL); err == nil || !strings.Contains(err.Error(), "rules/gone.json: 404") {
		t.Errorf("missing rule file: %v", err)
	}
	if _, _, ok := Lookup(dir, ConsentOMatic); ok {
		t.Error("an incomplete rule set was cached")
	}
}

func TestUpdateTooLarge(t *testing.T) {
	saved := maxSize
	maxSize = int64(len(goodCSV)) + 10
	t.Cleanup(func() { maxSize = saved })
	big := goodCSV + strings.Repeat("4,X,Functional,x,,,,,,0\n", 10)
	// One server declares the length, the other streams the body.
	declared := newSite(t, map[string]string{"/open-cookie-database.csv": big})
	streamed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		for line := range strings.SplitAfterSeq(big, "\n") {
			io.WriteString(w, line)
			w.(http.Flusher).Flush()
		}
	}))
	defer streamed.Close()
	for _, srv := range []string{declared.URL, streamed.URL} {
		dir := t.TempDir()
		sts, err := update(t, dir, []string{OpenCookieDatabase}, srv)
		if err == nil || !strings.Contains(err.Error(), "larger than the limit of") || sts[0].Updated {
			t.Errorf("%s: error %v, status %+v", srv, err, sts)
		}
		noTemp(t, dir)
	}
	// The limit holds for the rule files together.
	maxSize = int64(len(ruleA)) + 10
	srv := newSite(t, map[string]string{"/rules-list.json": `{"references": ["a.json", "b.json"]}`, "/a.json": ruleA, "/b.json": ruleA})
	if _, err := update(t, t.TempDir(), []string{ConsentOMatic}, srv.URL); err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("rule files over the limit together: %v", err)
	}
}

func TestUpdateCancelled(t *testing.T) {
	srv := newSite(t, map[string]string{"/open-cookie-database.csv": goodCSV})
	dir := t.TempDir()
	if _, err := update(t, dir, []string{OpenCookieDatabase}, srv.URL); err != nil {
		t.Fatal(err)
	}
	old := readFile(t, filepath.Join(dir, "open-cookie-database.csv"))

	// Cancelled while the server holds the response.
	arrived := make(chan struct{})
	var once sync.Once
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		<-r.Context().Done()
	}))
	defer hang.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	start := time.Now()
	sts, err := Update(ctx, nil, dir, nil, hang.URL)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("Update took %v after the cancellation", time.Since(start))
	}
	if len(sts) != 2 || !sts[0].Kept || sts[1].Err == nil {
		t.Errorf("statuses %+v", sts)
	}
	if readFile(t, filepath.Join(dir, "open-cookie-database.csv")) != old {
		t.Error("the cached copy changed")
	}
	noTemp(t, dir)

	// Cancelled before it starts: no request is made.
	var requests atomic.Int32
	counted := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { requests.Add(1) }))
	defer counted.Close()
	if _, err := Update(ctx, nil, dir, nil, counted.URL); !errors.Is(err, context.Canceled) || requests.Load() != 0 {
		t.Errorf("cancelled context: error %v, %d requests", err, requests.Load())
	}
}

func TestUpdateReplacesAtomically(t *testing.T) {
	srv := newSite(t, map[string]string{"/open-cookie-database.csv": goodCSV})
	dir := t.TempDir()
	if _, err := update(t, dir, []string{OpenCookieDatabase}, srv.URL); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "open-cookie-database.csv")
	// A reader that opened the old copy keeps reading all of it.
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	srv.set("/open-cookie-database.csv", newerCSV)
	sts, err := update(t, dir, []string{OpenCookieDatabase}, srv.URL)
	if err != nil || !sts[0].Updated || sts[0].Meta.Entries != 3 {
		t.Fatalf("update: %v, %+v", err, sts)
	}
	b, err := io.ReadAll(f)
	if err != nil || string(b) != goodCSV {
		t.Errorf("the open file now reads %q, %v; want the old copy whole", b, err)
	}
	if got := readFile(t, path); got != newerCSV {
		t.Errorf("the path reads %q, want the new copy", got)
	}
	if _, m, ok := Lookup(dir, OpenCookieDatabase); !ok || m.Entries != 3 {
		t.Errorf("Lookup after the update: %+v, %v", m, ok)
	}
	noTemp(t, dir)
}

func TestUpdateRefusesBadArguments(t *testing.T) {
	dir := t.TempDir()
	if _, err := Update(context.Background(), nil, dir, []string{"open-cookie-db"}, ""); !errors.Is(err, ErrUnknownDatabase) ||
		!strings.Contains(err.Error(), "known: open-cookie-database, consent-o-matic") {
		t.Errorf("unknown name: %v", err)
	}
	for _, src := range []string{"ftp://mirror.example/", "mirror.example", "https://mirror.example/?x=1", "://"} {
		if _, err := Update(context.Background(), nil, dir, nil, src); !errors.Is(err, ErrInvalidSource) {
			t.Errorf("source %q: %v", src, err)
		}
	}
}

func TestLookupRefusesTamperedCopy(t *testing.T) {
	dir := t.TempDir()
	if _, _, ok := Lookup(dir, OpenCookieDatabase); ok {
		t.Error("Lookup found a copy in an empty directory")
	}
	srv := newSite(t, map[string]string{"/open-cookie-database.csv": goodCSV})
	if _, err := update(t, dir, []string{OpenCookieDatabase}, srv.URL); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "open-cookie-database.csv")
	if err := os.WriteFile(path, []byte(newerCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := Lookup(dir, OpenCookieDatabase); ok {
		t.Error("Lookup accepted a file that does not match its sidecar")
	}
	if _, err := Describe(path); !errors.Is(err, errMismatch) {
		t.Errorf("Describe: %v", err)
	}
	if _, _, ok := Lookup(dir, "nope"); ok {
		t.Error("Lookup found an unknown database")
	}
}

func TestCacheDir(t *testing.T) {
	t.Setenv(EnvCache, "/tmp/privaudit-cache-test")
	if d, err := CacheDir(); err != nil || d != "/tmp/privaudit-cache-test" {
		t.Errorf("with $%s: %q, %v", EnvCache, d, err)
	}
	t.Setenv(EnvCache, "")
	base, err := os.UserCacheDir()
	if err != nil {
		t.Skip("no user cache directory:", err)
	}
	if d, err := CacheDir(); err != nil || d != filepath.Join(base, "privaudit") {
		t.Errorf("default: %q, %v", d, err)
	}
}

func TestDatabasesTable(t *testing.T) {
	for _, db := range Databases() {
		if db.Name == "" || db.Title == "" || db.License == "" || db.File == "" || !strings.HasPrefix(db.URL(), "https://raw.githubusercontent.com/") || !strings.HasSuffix(db.Base, "/") {
			t.Errorf("incomplete entry %+v", db)
		}
	}
	if _, err := catalog.ParseCookieDatabase(strings.NewReader(goodCSV), "xml"); err == nil {
		t.Error("ParseCookieDatabase accepted an unknown format")
	}
}

// The published files, as ../shared holds copies of them, validate.
func TestValidatePublishedData(t *testing.T) {
	shared := filepath.Join("..", "..", "shared", "data")
	for _, c := range []struct {
		name, file string
		min        int
	}{
		{OpenCookieDatabase, "open-cookie-database/open-cookie-database.csv", 2000},
		{ConsentOMatic, "consent-o-matic/rules-all.json", 200},
	} {
		b, err := os.ReadFile(filepath.Join(shared, c.file))
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("%s is absent: the published data are not checked", shared)
		}
		if err != nil {
			t.Fatal(err)
		}
		db, _ := Find(c.name)
		if n, err := db.Validate(b); err != nil || n < c.min {
			t.Errorf("%s: %d entries, %v", c.name, n, err)
		}
		if n, err := db.Validate(b[:200]); err == nil {
			t.Errorf("%s: a cut file validated (%d entries)", c.name, n)
		}
	}
}
