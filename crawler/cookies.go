package crawler

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Cookie is a cookie the site set through a Set-Cookie header, with every
// attribute it was given.
type Cookie struct {
	Name   string `json:"name"`
	Domain string `json:"domain"`
	Path   string `json:"path"`
	// HostOnly is true when Set-Cookie named no Domain attribute.
	HostOnly bool   `json:"hostOnly"`
	Secure   bool   `json:"secure"`
	HTTPOnly bool   `json:"httpOnly"`
	SameSite string `json:"sameSite"`
	// Expires is the expiry in RFC 3339, empty for a session cookie.
	Expires string `json:"expires,omitempty"`
	// MaxAge is the Max-Age attribute in seconds (0 when absent).
	MaxAge int `json:"maxAge,omitempty"`
	// FirstSeenOn is the URL whose response first set the cookie.
	FirstSeenOn string `json:"firstSeenOn"`
	// SetOverHTTPS is true when that response came over HTTPS.
	SetOverHTTPS bool `json:"setOverHttps"`
	// ValueLength is the length of the value (the value itself is not kept).
	ValueLength int `json:"valueLength"`
}

// cookieRecorder is an http.RoundTripper that records every Set-Cookie
// header of every response, redirect hops included.
type cookieRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]bool
	list []Cookie
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
		rec := Cookie{
			Name:         c.Name,
			Domain:       strings.TrimPrefix(strings.ToLower(c.Domain), "."),
			Path:         c.Path,
			Secure:       c.Secure,
			HTTPOnly:     c.HttpOnly,
			SameSite:     sameSiteName(c.SameSite, line),
			MaxAge:       c.MaxAge,
			FirstSeenOn:  Normalize(req.URL).String(),
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
func (r *cookieRecorder) Cookies() []Cookie {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Cookie(nil), r.list...)
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
