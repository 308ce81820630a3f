package scope

import (
	"net"
	"net/url"
	"strings"
	"unicode"
)

// SiteKey returns the key of a site: the lower-case host of
// an origin, URL or host, without its port, its trailing dots and every
// leading "www." label ("https://www.Example.org:8443/x" is
// "example.org"; an IP address is in its canonical form, without
// brackets). A history store keeps a site's audits under it, baselines
// compare sites by it, and a key is its own key: SiteKey(SiteKey(s)) == SiteKey(s) for every s.
func SiteKey(originOrURLOrHost string) string {
	s := strings.TrimSpace(originOrURLOrHost)
	// The authority: after the scheme, before the path, query or fragment,
	// after the user.
	if i := strings.Index(s, "://"); i > 0 && IsScheme(s[:i]) {
		s = s[i+3:]
	} else {
		s = strings.TrimPrefix(s, "//")
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	host := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	// An IP address, IPv6 with or without brackets ("::1" is its own key),
	// or a host and a port.
	if strings.HasPrefix(host, "[") {
		host = strings.TrimLeft(host, "[")
		if i := strings.IndexByte(host, ']'); i >= 0 {
			host = host[:i]
		}
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.NewReplacer("[", "", "]", "").Replace(host)
	// A percent-encoded host ("b%C3%BCcher.de"), unless decoding it makes
	// something that is not a host name.
	if strings.Contains(host, "%") {
		if h, err := url.PathUnescape(host); err == nil && !strings.ContainsFunc(h, notInKey) {
			host = h
		}
	}
	host = strings.TrimRight(strings.ToLower(host), ".")
	for strings.HasPrefix(host, "www.") {
		host = host[len("www."):]
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.String()
	}
	return host
}

// notInKey reports whether r cannot be part of a decoded site key: what
// delimits the parts of a URL, a percent sign, a space.
func notInKey(r rune) bool {
	return strings.ContainsRune("%/?#@[]:\\", r) || unicode.IsSpace(r)
}

// IsScheme reports whether s is a URL scheme (not, say, a Windows drive
// or a path).
func IsScheme(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return true
}
