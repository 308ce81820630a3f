package crawler

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
)

// cookieRecorder is an http.RoundTripper that records every Set-Cookie
// header of every response, redirect hops included.
type cookieRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]bool
	list []record.Cookie
}

func newCookieRecorder(next http.RoundTripper) *cookieRecorder {
	return &cookieRecorder{next: next, seen: map[string]bool{}}
}

// RoundTrip implements http.RoundTripper.
func (r *cookieRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil || resp == nil {
		return resp, err
	}
	if lines := resp.Header.Values("Set-Cookie"); len(lines) > 0 {
		r.record(req, lines)
	}
	return resp, nil
}

func (r *cookieRecorder) record(req *http.Request, lines []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, line := range lines {
		c, err := http.ParseSetCookie(line)
		if err != nil || c.Name == "" {
			continue
		}
		rec := record.Cookie{
			Name:         c.Name,
			Domain:       strings.TrimPrefix(strings.ToLower(c.Domain), "."),
			Path:         c.Path,
			Secure:       c.Secure,
			HTTPOnly:     c.HttpOnly,
			SameSite:     sameSiteName(c.SameSite, line),
			MaxAge:       c.MaxAge,
			FirstSeenOn:  scope.Normalize(req.URL).String(),
			SetOverHTTPS: req.URL.Scheme == "https",
			ValueLength:  len(c.Value),
		}
		if rec.Domain == "" {
			rec.Domain = strings.ToLower(req.URL.Hostname())
			rec.HostOnly = true
		}
		if rec.Path == "" {
			rec.Path = defaultCookiePath(req.URL.Path)
		}
		if !c.Expires.IsZero() {
			rec.Expires = c.Expires.UTC().Format(time.RFC3339)
		}
		key := rec.Name + "\x00" + rec.Domain + "\x00" + rec.Path
		if r.seen[key] || len(r.list) >= 10000 {
			continue
		}
		r.seen[key] = true
		r.list = append(r.list, rec)
	}
}

// Cookies returns the cookies recorded so far, in the order first seen.
func (r *cookieRecorder) Cookies() []record.Cookie {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]record.Cookie(nil), r.list...)
}

func sameSiteName(s http.SameSite, line string) string {
	switch s {
	case http.SameSiteLaxMode:
		return "Lax"
	case http.SameSiteStrictMode:
		return "Strict"
	case http.SameSiteNoneMode:
		return "None"
	}
	if strings.Contains(strings.ToLower(line), "samesite") {
		return "invalid"
	}
	return ""
}

// defaultCookiePath is RFC 6265's default-path of a request path.
func defaultCookiePath(p string) string {
	if p == "" || p[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(p, '/')
	if i == 0 {
		return "/"
	}
	return p[:i]
}
