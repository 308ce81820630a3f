// Package scope decides which URLs belong to the audited site (its
// origin, host aliases, subdomains) and which hosts are first-party,
// normalises URLs for de-duplication, and validates the target a user asks
// to audit.
package scope

import (
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Scope decides which URLs belong to the audited site.
type Scope struct {
	origin *url.URL
	// aliases are host names treated as the origin itself; URLs on them are
	// rewritten to the origin.
	aliases map[string]bool
	// domain is the registrable domain when subdomains are included.
	domain string
}

// New returns the scope of a site whose canonical origin is origin.
func New(origin *url.URL, aliases []string, includeSubdomains bool) *Scope {
	s := &Scope{origin: &url.URL{Scheme: origin.Scheme, Host: strings.ToLower(origin.Host)}, aliases: map[string]bool{}}
	for _, a := range aliases {
		a = strings.ToLower(strings.TrimSpace(a))
		if a != "" {
			s.aliases[a] = true
		}
	}
	if includeSubdomains {
		s.domain = registrableDomain(origin.Hostname())
	}
	return s
}

// Origin returns the site's canonical origin (scheme and host).
func (s *Scope) Origin() *url.URL { u := *s.origin; return &u }

// registrableDomain returns the public-suffix-aware registrable domain of
// host, or host itself for IP addresses and single-label names.
func registrableDomain(host string) string {
	host = strings.ToLower(host)
	if net.ParseIP(host) != nil {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// Canonical maps a URL on an alias host to the origin. Other URLs are
// returned unchanged.
func (s *Scope) Canonical(u *url.URL) *url.URL {
	if s.aliases[strings.ToLower(u.Hostname())] || s.aliases[strings.ToLower(u.Host)] {
		c := *u
		c.Scheme = s.origin.Scheme
		c.Host = s.origin.Host
		return &c
	}
	return u
}

// Contains reports whether u is part of the site. Call it on a URL already
// passed through Canonical.
func (s *Scope) Contains(u *url.URL) bool {
	if u.Scheme != "http" && u.Scheme != "https" {
		return false
	}
	if strings.EqualFold(u.Host, s.origin.Host) {
		return true
	}
	// The same host on the other scheme's default port (http vs https).
	if strings.EqualFold(u.Hostname(), s.origin.Hostname()) && u.Port() == "" && s.origin.Port() == "" {
		return true
	}
	if s.domain != "" {
		h := strings.ToLower(u.Hostname())
		return h == s.domain || strings.HasSuffix(h, "."+s.domain)
	}
	return false
}

// FirstParty reports whether host belongs to the site's owner: the origin
// host, an alias, or a host of the same registrable domain.
func (s *Scope) FirstParty(host string) bool {
	host = strings.ToLower(host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == s.origin.Hostname() || s.aliases[host] {
		return true
	}
	d := registrableDomain(s.origin.Hostname())
	return host == d || strings.HasSuffix(host, "."+d)
}

// Normalize returns the form of u used to de-duplicate: fragment dropped,
// scheme and host lower-cased, default port removed, empty path as "/".
func Normalize(u *url.URL) *url.URL {
	n := *u
	n.Fragment, n.RawFragment = "", ""
	n.Scheme = strings.ToLower(n.Scheme)
	n.Host = strings.ToLower(n.Host)
	if (n.Scheme == "http" && n.Port() == "80") || (n.Scheme == "https" && n.Port() == "443") {
		n.Host = n.Hostname()
	}
	if n.Path == "" {
		n.Path = "/"
		n.RawPath = ""
	}
	n.User = nil
	if n.RawQuery == "" {
		n.ForceQuery = false // "/x?" is "/x"
	}
	return &n
}

// NormalizeString parses and normalises a URL string.
func NormalizeString(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	return Normalize(u).String(), nil
}
