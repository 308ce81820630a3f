package scope

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// ParseTarget validates the URL a user asked to audit. A bare host name
// ("example.org") is taken as https.
func ParseTarget(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, &TargetError{Target: raw, Reason: "empty URL"}
	}
	if !strings.Contains(raw, "://") {
		// "mailto:x@y.org" names a scheme; "example.org:8080" a port.
		if m := schemePrefix.FindStringSubmatch(raw); m != nil && !isPort(m[2]) {
			return nil, &TargetError{Target: raw, Reason: fmt.Sprintf("unsupported scheme %q (use http or https)", strings.ToLower(m[1]))}
		}
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &TargetError{Target: raw, Reason: "invalid URL"}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &TargetError{Target: raw, Reason: fmt.Sprintf("unsupported scheme %q (use http or https)", u.Scheme)}
	}
	if u.User != nil {
		return nil, &TargetError{Target: raw, Reason: "URLs with credentials are not audited"}
	}
	if u.Hostname() == "" || !ValidHost(u.Hostname()) {
		return nil, &TargetError{Target: raw, Reason: "invalid host"}
	}
	return u, nil
}

var schemePrefix = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$`)

// isPort reports whether rest (what follows "host:") starts with a port.
func isPort(rest string) bool {
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	return n > 0 && (n == len(rest) || rest[n] == '/' || rest[n] == '?' || rest[n] == '#')
}

// TargetError is an invalid audit target: a usage error.
type TargetError struct {
	Target, Reason string
}

// Error says which target is invalid and why.
func (e *TargetError) Error() string { return fmt.Sprintf("invalid target %q: %s", e.Target, e.Reason) }

// ValidHost accepts DNS names with a dot, localhost and IP literals.
func ValidHost(h string) bool {
	if h == "" || len(h) > 253 || strings.ContainsAny(h, " _\\,;") {
		return false
	}
	if h == "localhost" || strings.Contains(h, ":") {
		return true
	}
	return strings.Contains(h, ".") && !strings.HasPrefix(h, ".") && !strings.HasSuffix(h, "..")
}
