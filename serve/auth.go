package serve

import (
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// CheckAddr returns nil when addr (host:port, or a host) is a loopback
// address: 127.0.0.0/8, ::1 or localhost. Any other address (an empty host
// listens on every interface) needs a token: without one, CheckAddr says
// so.
func CheckAddr(addr, token string) error {
	if token != "" || isLoopback(addr) {
		return nil
	}
	return fmt.Errorf("--addr %s is not a loopback address: set --token (or PRIVAUDIT_TOKEN) to serve it", addr)
}

// isLoopback reports whether the host of addr is a loopback address.
func isLoopback(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	return false
}

// cookieName is the name of the session cookie.
const cookieName = "privaudit_session"

// auth lets a request in when no token is set, or when it carries the
// token (a Bearer header) or the session cookie. A request with
// ?token=TOKEN gets the cookie and is redirected (303) to the same address
// without the token. Anything else, /favicon.ico included, is answered
// 401.
func (s *server) auth(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Has("token") {
			if !s.validToken(q.Get("token")) {
				unauthorized(w)
				return
			}
			http.SetCookie(w, &http.Cookie{
				Name:     cookieName,
				Value:    hex.EncodeToString(s.session),
				Path:     "/",
				HttpOnly: true,
				Secure:   r.TLS != nil,
				SameSite: http.SameSiteStrictMode,
			})
			q.Del("token")
			u := *r.URL
			u.RawQuery = q.Encode()
			http.Redirect(w, r, localPath(&u), http.StatusSeeOther)
			return
		}
		if s.authorized(r) {
			next.ServeHTTP(w, r)
			return
		}
		unauthorized(w)
	})
}

// authorized reports whether r carries the token (Authorization: Bearer)
// or the session cookie. Both compare HMACs under the handler's key, in
// constant time, so the token's length does not leak either.
func (s *server) authorized(r *http.Request) bool {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		return ok && strings.EqualFold(scheme, "Bearer") && s.validToken(strings.TrimSpace(tok))
	}
	c, err := r.Cookie(cookieName)
	if err != nil {
		return false
	}
	v, err := hex.DecodeString(c.Value)
	return err == nil && subtle.ConstantTimeCompare(v, s.session) == 1
}

// validToken reports whether tok is the token.
func (s *server) validToken(tok string) bool {
	return subtle.ConstantTimeCompare(s.mac(tok), s.session) == 1
}

// localPath is the path and query of u, never an address on another host
// ("//host/..." would be one).
func localPath(u *url.URL) string {
	p := u.RequestURI()
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

// unauthorizedPage is the body of a 401: one line of text for a script,
// and for a browser an empty icon, so that it does not ask for
// /favicon.ico (which would be refused too).
const unauthorizedPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>401 unauthorized</title></head>` +
	`<body><p>401 unauthorized: this interface needs its token (Authorization: Bearer TOKEN, or open it once with ?token=TOKEN)</p></body></html>` + "\n"

// unauthorized answers 401.
func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="privaudit"`)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, unauthorizedPage)
}
