// Package testsite serves static test sites (testdata/sites/CASE/ and the
// shared corpus) with sitefs over httptest, for tests of the crawl and the
// audit.
//
// A site is served on 127.0.0.1 at a free port, over HTTP or HTTPS. Its
// pages can carry {{ORIGIN}} (the server's own origin), {{HOST}} (its
// host:port) and any other
// {{NAME}} placeholder given in Vars; to link two servers to each other
// (a policy hosted elsewhere), create both with New, then Start each with
// the other's URL in Vars.
package testsite

import (
	"errors"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/privaudit/privaudit/sitefs"
)

// Server is a test site's server.
type Server struct {
	// URL is the origin, e.g. http://127.0.0.1:PORT (no trailing slash).
	URL string
	// Dir is the directory served.
	Dir string

	srv *httptest.Server
	tls bool
}

// New prepares a server for the site in dir without starting it: its URL is
// known already, so that another site can link it.
func New(t testing.TB, dir string, tls bool) *Server {
	t.Helper()
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("testsite: %s is not a directory", dir)
	}
	srv := httptest.NewUnstartedServer(nil)
	scheme := "http://"
	if tls {
		scheme = "https://"
	}
	s := &Server{URL: scheme + srv.Listener.Addr().String(), Dir: dir, srv: srv, tls: tls}
	t.Cleanup(srv.Close)
	return s
}

// Start serves the site. vars fill {{NAME}} placeholders; ORIGIN is set to
// the server's own origin and HOST to its host:port unless vars set them.
func (s *Server) Start(vars map[string]string) *Server { return s.start(vars, nil) }

// StartWith serves the site through wrap (a redirect, a header, a fault in
// front of the files).
func (s *Server) StartWith(vars map[string]string, wrap func(http.Handler) http.Handler) *Server {
	return s.start(vars, wrap)
}

func (s *Server) start(vars map[string]string, wrap func(http.Handler) http.Handler) *Server {
	all := map[string]string{"ORIGIN": s.URL, "HOST": s.srv.Listener.Addr().String()}
	maps.Copy(all, vars)
	var h http.Handler = sitefs.New(os.DirFS(s.Dir), all)
	if wrap != nil {
		h = wrap(h)
	}
	s.srv.Config.Handler = h
	if s.tls {
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	return s
}

// Serve serves the site in dir until the test ends.
func Serve(t testing.TB, dir string, tls bool, vars map[string]string) *Server {
	t.Helper()
	return New(t, dir, tls).Start(vars)
}

// ServeHandler serves h (a hand-written hostile site, say) until the test
// ends.
func ServeHandler(t testing.TB, h http.Handler) *Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &Server{URL: srv.URL, srv: srv}
}

// Transport returns a transport that trusts the server's certificate (every
// httptest TLS server uses the same one, so it trusts them all). Call it
// after Start.
func (s *Server) Transport() http.RoundTripper { return s.srv.Client().Transport }

// Close stops the server (tests also stop it at cleanup).
func (s *Server) Close() { s.srv.Close() }

// ModuleRoot returns the directory holding go.mod, walking up from the
// working directory (a package directory when run by go test).
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("testsite: go.mod not found above the working directory")
		}
		dir = parent
	}
}

// FixtureDir returns testdata/sites/name under the module root.
func FixtureDir(t testing.TB, name string) string {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(root, "testdata", "sites", name)
}

// SharedDir returns ../shared beside the module root, or "" when it is
// absent.
func SharedDir() string {
	root, err := ModuleRoot()
	if err != nil {
		return ""
	}
	dir := filepath.Join(root, "..", "shared")
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return ""
	}
	return dir
}

// SharedPath returns a path under ../shared (rel in slash form), skipping
// the test with a clear message when it is absent: a fresh clone has no
// shared folder, CI always has it.
func SharedPath(t testing.TB, rel string) string {
	t.Helper()
	shared := SharedDir()
	if shared == "" {
		t.Skipf("../shared not found: this test reads %s from the shared folder (CI has it)", rel)
	}
	p := filepath.Join(shared, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("../shared/%s not found: this test needs it (CI has it)", rel)
	}
	return p
}

// CorpusSite returns the directory of a site of the shared corpus
// (../shared/corpus/sites/name), skipping the test when the shared folder
// is absent.
func CorpusSite(t testing.TB, name string) string {
	t.Helper()
	shared := SharedDir()
	dir := filepath.Join(shared, "corpus", "sites", name)
	if shared == "" {
		t.Skip("../shared/corpus not found: corpus tests need the shared folder (CI has it)")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skip("../shared/corpus not found: corpus tests need the shared folder (CI has it)")
	}
	return dir
}

// Hits counts the requests a server received, by URL path (query
// included).
type Hits struct {
	mu sync.Mutex
	m  map[string]int
}

// Count returns the number of requests for path ("/privacy/", "/x?q=1").
func (h *Hits) Count(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.m[path]
}

// All returns a copy of the counts by path.
func (h *Hits) All() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.m)
}

// ServeCounted serves the site in dir, as Serve does, and counts the
// requests it receives.
func ServeCounted(t testing.TB, dir string, tls bool, vars map[string]string) (*Server, *Hits) {
	t.Helper()
	hits := &Hits{m: map[string]int{}}
	s := New(t, dir, tls).start(vars, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.mu.Lock()
			hits.m[r.URL.RequestURI()]++
			hits.mu.Unlock()
			next.ServeHTTP(w, r)
		})
	})
	return s, hits
}
