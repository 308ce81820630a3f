// Package sitefs serves a directory of static files as a website, the way
// static hosts do: index.html for directories, pretty URLs without .html,
// a 404.html page, and two optional control files at the root:
//
//	_headers    extra response headers by path, in the Netlify format:
//	            a path pattern on its own line ("/*" and "/blog/*" allowed),
//	            then indented "Name: value" lines.
//	_redirects  one redirect a line: "FROM TO [STATUS]".
//
// Text responses can carry {{NAME}} placeholders that the handler replaces
// with values given in Vars, so that fixture sites can link a second test
// server whose address is known only at run time. The demo site and the
// tests' fixture sites are served with it.
package sitefs

import (
	"bufio"
	"bytes"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Handler serves a static site.
type Handler struct {
	fsys      fs.FS
	vars      map[string]string
	headers   []headerRule
	redirects map[string]redirect
}

type headerRule struct {
	pattern string
	header  http.Header
}

type redirect struct {
	to     string
	status int
}

// New returns a handler for the site in fsys. vars fill {{NAME}}
// placeholders in text responses.
func New(fsys fs.FS, vars map[string]string) *Handler {
	h := &Handler{fsys: fsys, vars: vars, redirects: map[string]redirect{}}
	if b, err := fs.ReadFile(fsys, "_headers"); err == nil {
		h.headers = parseHeaders(h.expand(b))
	}
	if b, err := fs.ReadFile(fsys, "_redirects"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(h.expand(b)))
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) < 2 || strings.HasPrefix(f[0], "#") {
				continue
			}
			r := redirect{to: f[1], status: http.StatusMovedPermanently}
			if len(f) > 2 {
				if n, err := strconv.Atoi(f[2]); err == nil {
					r.status = n
				}
			}
			h.redirects[f[0]] = r
		}
	}
	return h
}

func parseHeaders(b []byte) []headerRule {
	var rules []headerRule
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			rules = append(rules, headerRule{pattern: trimmed, header: http.Header{}})
			continue
		}
		if len(rules) == 0 {
			continue
		}
		if name, value, ok := strings.Cut(trimmed, ":"); ok {
			rules[len(rules)-1].header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
		}
	}
	return rules
}

func matchPattern(pattern, p string) bool {
	if strings.HasSuffix(pattern, "*") {
		return strings.HasPrefix(p, strings.TrimSuffix(pattern, "*"))
	}
	return pattern == p || pattern+"/" == p || pattern == p+"/"
}

func (h *Handler) expand(b []byte) []byte {
	for k, v := range h.vars {
		b = bytes.ReplaceAll(b, []byte("{{"+k+"}}"), []byte(v))
	}
	return b
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	if rd, ok := h.redirects[r.URL.Path]; ok {
		http.Redirect(w, r, rd.to, rd.status)
		return
	}
	for _, rule := range h.headers {
		if matchPattern(rule.pattern, r.URL.Path) {
			for k, vs := range rule.header {
				for _, v := range vs {
					w.Header().Add(k, v)
				}
			}
		}
	}
	name, ok := h.find(p)
	if !ok {
		if b, err := fs.ReadFile(h.fsys, "404.html"); err == nil {
			h.write(w, "404.html", b, http.StatusNotFound)
			return
		}
		http.NotFound(w, r)
		return
	}
	// A directory without a trailing slash redirects, as static hosts do.
	if strings.HasSuffix(name, "/index.html") && !strings.HasSuffix(r.URL.Path, "/") && p != "/" && !strings.HasSuffix(p, "index.html") {
		if st, err := fs.Stat(h.fsys, strings.TrimPrefix(p, "/")); err == nil && st.IsDir() {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	b, err := fs.ReadFile(h.fsys, name)
	if err != nil {
		http.Error(w, "read error", http.StatusInternalServerError)
		return
	}
	h.write(w, name, b, http.StatusOK)
}

// find maps a URL path to a file name in the site.
func (h *Handler) find(p string) (string, bool) {
	rel := strings.TrimPrefix(p, "/")
	candidates := []string{rel, path.Join(rel, "index.html"), rel + ".html"}
	if rel == "" {
		candidates = []string{"index.html"}
	}
	for _, c := range candidates {
		if c == "" || c == "_headers" || c == "_redirects" {
			continue
		}
		if st, err := fs.Stat(h.fsys, c); err == nil && !st.IsDir() {
			return c, true
		}
	}
	return "", false
}

func (h *Handler) write(w http.ResponseWriter, name string, b []byte, status int) {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = http.DetectContentType(b)
	}
	if strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "json") || strings.Contains(ct, "javascript") {
		b = h.expand(b)
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
