package scope

import (
	"errors"
	"net/url"
	"testing"
)

func TestScope(t *testing.T) {
	origin, _ := url.Parse("https://www.example.co.uk/start?x=1")
	mustURL := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	tests := []struct {
		url               string
		host, subdomains  bool
		canonicalWithAlia string
	}{
		{"https://www.example.co.uk/a", true, true, ""},
		{"https://WWW.Example.co.uk/a", true, true, ""},
		{"http://www.example.co.uk/a", true, true, ""}, // other scheme, default port
		{"https://www.example.co.uk:8443/a", false, true, ""},
		{"https://shop.example.co.uk/a", false, true, ""},
		{"https://example.co.uk/a", false, true, ""},
		{"https://a.b.example.co.uk/a", false, true, ""},
		{"https://evil-example.co.uk/a", false, false, ""},
		{"https://example.co.uk.evil.com/a", false, false, ""},
		{"https://other.co.uk/a", false, false, ""}, // co.uk is a public suffix
		{"https://co.uk/a", false, false, ""},
		{"ftp://www.example.co.uk/a", false, false, ""},
		{"mailto:info@example.co.uk", false, false, ""},
		{"https://example.com/a?b=1", false, false, "https://www.example.co.uk/a?b=1"},
		{"http://staging.example.net:8080/p", false, false, "https://www.example.co.uk/p"},
	}
	strict := New(origin, []string{"Example.com", "staging.example.net:8080"}, false)
	wide := New(origin, nil, true)
	if strict.Origin().String() != "https://www.example.co.uk" {
		t.Errorf("Origin %q", strict.Origin())
	}
	for _, tt := range tests {
		u := mustURL(tt.url)
		if got := strict.Contains(u); got != tt.host {
			t.Errorf("host scope Contains(%s) = %v, want %v", tt.url, got, tt.host)
		}
		if got := wide.Contains(u); got != tt.subdomains {
			t.Errorf("IncludeSubdomains Contains(%s) = %v, want %v", tt.url, got, tt.subdomains)
		}
		c := strict.Canonical(u)
		want := tt.canonicalWithAlia
		if want == "" {
			want = tt.url
			if c != u {
				t.Errorf("Canonical(%s) copied a non-alias URL", tt.url)
			}
		} else if !strict.Contains(c) {
			t.Errorf("Canonical(%s) = %s is out of scope", tt.url, c)
		}
		if c.String() != want {
			t.Errorf("Canonical(%s) = %s, want %s", tt.url, c, want)
		}
	}
	for host, want := range map[string]bool{
		"www.example.co.uk": true, "WWW.EXAMPLE.CO.UK:443": true, "cdn.example.co.uk": true, "example.co.uk": true,
		"example.com": true, "www.google-analytics.com": false, "other.co.uk": false, "co.uk": false,
	} {
		if got := strict.FirstParty(host); got != want {
			t.Errorf("FirstParty(%s) = %v, want %v", host, got, want)
		}
	}
	// An IP origin: IncludeSubdomains cannot widen it.
	ip := New(mustURL("http://127.0.0.1:8080/"), nil, true)
	if !ip.Contains(mustURL("http://127.0.0.1:8080/x")) || ip.Contains(mustURL("http://127.0.0.2:8080/x")) {
		t.Errorf("IP scope wrong")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"HTTPS://Example.ORG":               "https://example.org/",
		"https://example.org:443/a#frag":    "https://example.org/a",
		"http://example.org:80/a?b=1#x":     "http://example.org/a?b=1",
		"http://example.org:8080/a":         "http://example.org:8080/a",
		"https://user:pw@example.org/a":     "https://example.org/a",
		"https://example.org/A/b/":          "https://example.org/A/b/",
		"https://example.org/a%20b":         "https://example.org/a%20b",
		"https://example.org/datenschutz#x": "https://example.org/datenschutz",
	} {
		got, err := NormalizeString(in)
		if err != nil || got != want {
			t.Errorf("NormalizeString(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestParseTarget(t *testing.T) {
	for in, want := range map[string]string{
		"example.org":           "https://example.org",
		" https://example.org ": "https://example.org",
		"http://127.0.0.1:8080": "http://127.0.0.1:8080",
		"":                      "",
		"ftp://example.org":     "",
		"https://":              "",
		"https://exa mple.org":  "",
		"localhost:8080":        "https://localhost:8080",
	} {
		u, err := ParseTarget(in)
		var te *TargetError
		switch {
		case want == "" && (err == nil || !errors.As(err, &te)):
			t.Errorf("ParseTarget(%q) = %v, %v; want a TargetError", in, u, err)
		case want != "" && (err != nil || u.String() != want):
			t.Errorf("ParseTarget(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
}
