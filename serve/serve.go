// Package serve is the read-only web interface of privaudit serve: the sites
// of a history store with their score over time, each check's score over
// time, the audits with what changed between one and the next, the full
// report of each, and the versions of each site's privacy policy with their
// differences; and the same data as JSON for dashboards.
//
// Everything is one binary: the templates and the style sheet are embedded,
// the charts are inline SVG drawn on the server, and the pages hold no
// script and load nothing from elsewhere (a Content-Security-Policy forbids
// it). Every string read from a site (titles, URLs, cookie names, policy
// text, finding messages) is escaped by html/template.
//
// Routes (GET and HEAD only):
//
//	/                               the sites
//	/sites/{site}                   a site: score and checks over time, audits, policy versions (?all=1: every audit)
//	/sites/{site}/policy/{hash}     a policy version's text and its diff to the version before it (?seen=ID: the time it was first seen in audit ID)
//	/audits/{id}                    what changed against the site's audit before
//	/audits/{id}/report             the audit's full HTML report
//	/api/sites                      the sites as JSON
//	/api/sites/{site}/audits        a site's audits as JSON, newest first (?limit=N, ?since=DATE, ?all=1)
//	/assets/style.css               the style sheet
//	/favicon.ico                    no content (with the token, as every route)
//
// {site} is a site key of the store (store.SiteKey), path-escaped; another
// spelling of it is redirected to the key. An unknown site, audit or
// policy version is answered 404, any other method 405, a store error 500
// with one line (and logged); a panic is recovered. When Options.Token is
// set every request must carry the token (see New).
package serve

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/store"
)

// Options configure the web interface.
type Options struct {
	// Token, when set, must be carried by every request: as
	// "Authorization: Bearer TOKEN", or as the session cookie a browser
	// gets by opening any page once with ?token=TOKEN.
	Token string
	// Log, when set, receives the errors the server answers 500 for.
	Log func(format string, args ...any)
}

//go:embed assets
var assets embed.FS

// pages are the templates of the HTML pages, each executed with layout.
var pages = []string{"index", "site", "audit", "policy", "notfound"}

// server answers the requests of one web interface.
type server struct {
	st   *store.Store
	opts Options
	// key is the per-process random key of the session cookie, session
	// the cookie's value: the HMAC of the token under key (not the token).
	key     []byte
	session []byte
	tmpl    map[string]*template.Template
	// css is the style sheet, cssPath its address with its hash (so that
	// browsers may keep it).
	css     []byte
	cssPath string
	// checkNames are the checks' passing titles by ID.
	checkNames map[string]string
}

// New returns the web interface over st. When opts.Token is set, a request
// is let in when it carries "Authorization: Bearer TOKEN" or the session
// cookie; a browser opening any page with ?token=TOKEN gets the cookie
// (HttpOnly, SameSite=Strict; its value is an HMAC of the token under a
// random key of this handler, so it is worth nothing to another process)
// and is redirected to the same address without the token. Anything else
// is answered 401.
func New(st *store.Store, opts Options) (http.Handler, error) {
	if st == nil {
		return nil, errors.New("serve: no store")
	}
	s := &server{st: st, opts: opts, tmpl: map[string]*template.Template{}, checkNames: map[string]string{}}
	s.key = make([]byte, 32)
	if _, err := rand.Read(s.key); err != nil {
		return nil, fmt.Errorf("serve: making the session key: %w", err)
	}
	if opts.Token != "" {
		s.session = s.mac(opts.Token)
	}
	css, err := fs.ReadFile(assets, "assets/style.css")
	if err != nil {
		return nil, fmt.Errorf("serve: reading the style sheet: %w", err)
	}
	sum := sha256.Sum256(css)
	s.css, s.cssPath = css, "/assets/style.css?v="+hex.EncodeToString(sum[:6])
	for _, name := range pages {
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "assets/layout.html.tmpl", "assets/"+name+".html.tmpl")
		if err != nil {
			return nil, fmt.Errorf("serve: parsing the %s page: %w", name, err)
		}
		s.tmpl[name] = t
	}
	for _, c := range checks.All() {
		m := c.Meta()
		s.checkNames[m.ID] = m.Title
	}
	return s.routes(), nil
}

// routes returns the handler of every route, inside the middleware: panics
// recovered, security headers, GET and HEAD only, the token.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /sites/{site}", s.site)
	mux.HandleFunc("GET /sites/{site}/policy/{hash}", s.policy)
	mux.HandleFunc("GET /audits/{id}", s.audit)
	mux.HandleFunc("GET /audits/{id}/report", s.report)
	mux.HandleFunc("GET /api/sites", s.apiSites)
	mux.HandleFunc("GET /api/sites/{site}/audits", s.apiAudits)
	mux.HandleFunc("GET /assets/style.css", s.style)
	mux.HandleFunc("GET /favicon.ico", favicon)
	mux.HandleFunc("/", s.unknown)
	return s.recoverer(headers(methods(s.auth(deadline(mux)))))
}

// requestTimeout bounds the store's work for one request: a database that
// holds a lock or stops answering gets a 500, not a hung page.
const requestTimeout = 30 * time.Second

// deadline gives each request's context a deadline of requestTimeout.
func deadline(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// csp is the Content-Security-Policy of every answer: the page's own style
// sheet and inline styles (the full report has its own), data: images,
// nothing else.
const csp = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// headers sets the security headers of every answer.
func headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// methods answers 405 to anything but GET and HEAD: the interface is read
// only.
func methods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed: this interface is read-only (GET, HEAD)", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer answers 500 (and logs) when a handler panics, rather than
// dropping the connection.
func (s *server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &trackingWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logf("serve: panic serving %s: %v", r.URL.Path, v)
			if !rw.wrote {
				http.Error(rw, "500 internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(rw, r)
	})
}

// trackingWriter records whether the answer's header was written.
type trackingWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *trackingWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *trackingWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *trackingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logf logs when the options ask for it.
func (s *server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		s.opts.Log(format, args...)
	}
}

// render writes the page name with data, or a 500 when it fails: it is
// built in memory first, so that a failure leaves no half page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.tmpl[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.fail(w, r, fmt.Errorf("rendering the %s page: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// fail answers 500 with one line and logs the error.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.logf("serve: %s %s: %v", r.Method, r.URL.Path, err)
	if isAPI(r) {
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error: reading the history store failed"})
		return
	}
	http.Error(w, "500 internal error: reading the history store failed (the server's log says why)", http.StatusInternalServerError)
}

// notFound answers 404 with a page (JSON for the API) saying what was not
// found.
func (s *server) notFound(w http.ResponseWriter, r *http.Request, what string) {
	if isAPI(r) {
		writeJSON(w, http.StatusNotFound, apiError{Error: what})
		return
	}
	s.render(w, r, http.StatusNotFound, "notfound", notFoundView{
		base: s.base("Not found", crumb{"Sites", "/"}),
		What: what,
	})
}

// storeError answers a store error: 404 for store.ErrNotFound (what names
// what was not found), else 500.
func (s *server) storeError(w http.ResponseWriter, r *http.Request, err error, what string) {
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r, what)
		return
	}
	s.fail(w, r, err)
}

// unknown answers the addresses no route serves.
func (s *server) unknown(w http.ResponseWriter, r *http.Request) {
	s.notFound(w, r, "There is no page at this address.")
}

// style serves the style sheet; its address carries its hash, so it may
// be kept.
func (s *server) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=86400")
	_, _ = w.Write(s.css)
}

// favicon answers the browsers that ask for an icon: there is none (the
// pages name a data: icon).
func favicon(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Cache-Control", "max-age=86400")
	w.WriteHeader(http.StatusNoContent)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error": "internal error: encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// apiError is the body of an API error.
type apiError struct {
	Error string `json:"error"`
}

// mac returns the HMAC-SHA256 of token under the handler's key.
func (s *server) mac(token string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(token))
	return m.Sum(nil)
}
