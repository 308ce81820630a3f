package store_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/store"
)

// Item: SiteKey strips every leading "www." and is idempotent.
func TestSiteKeyOddInputs(t *testing.T) {
	for in, want := range map[string]string{
		"www.www.x":                      "x",
		"https://www.www.example.org/":   "example.org",
		"WWW.www.Example.org.":           "example.org",
		"www.":                           "www",
		"www..x":                         ".x",
		"x:1:2":                          "x",
		"[::1]:80":                       "::1",
		"[::ffff:192.0.2.1]:443":         "192.0.2.1",
		"user@host":                      "host",
		"https://a@b@host:1/x":           "host",
		"host/path?q":                    "host",
		"host/path?next=http://other/":   "host",
		"host?q=a://b":                   "host",
		"//www.example.org/x":            "example.org",
		"https://b%C3%BCcher.de/":        "bücher.de",
		"https://ex%2Fample.org":         "ex%2fample.org",
		"a b.example":                    "ab.example",
		"example.org. ":                  "example.org",
		"https://Example.ORG..:8080/p#f": "example.org",
	} {
		got := store.SiteKey(in)
		if got != want {
			t.Errorf("SiteKey(%q) = %q, want %q", in, got, want)
		}
		if again := store.SiteKey(got); again != got {
			t.Errorf("SiteKey(SiteKey(%q)) = %q, not %q", in, again, got)
		}
	}
}

// siteKeyParts are the parts random inputs of SiteKey are made of: what
// URLs, hosts and mistakes are made of.
var siteKeyParts = []string{
	"www.", "WWW.", "wWw", "www", "x", "Example", "example", ".org", ".", "..", ":", "::", "1", "80", "8080",
	"[", "]", "::1", "::ffff:", "192.0.2.1", "2001:DB8::1", "@", "user", "pw", "/", "//", "?", "#", "q=", "&",
	"%", "%41", "%2F", "%25", "%2e", "%3A", "%40", "%20", "%C3%BC", "%ff", " ", "\t", "http://", "HTTPS://",
	"://", "a+b://", "file:", "é", "İ", "K", "\u00a0", "\xff", "\\", "-", "_", "localhost",
}

// TestSiteKeyIdempotent checks, over random strings built from URL parts,
// that a key is its own key.
func TestSiteKeyIdempotent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(siteKeyParts[rng.IntN(len(siteKeyParts))])
		}
		in := b.String()
		key := store.SiteKey(in)
		if again := store.SiteKey(key); again != key {
			t.Fatalf("SiteKey(%q) = %q, but SiteKey(%q) = %q", in, key, key, again)
		}
		if strings.HasPrefix(key, "www.") || strings.ContainsAny(key, "/?#@ ") {
			t.Fatalf("SiteKey(%q) = %q: not a host", in, key)
		}
	}
}

func FuzzSiteKey(f *testing.F) {
	for _, s := range []string{"https://www.Example.org:8443/x", "x:1:2", "[::1]:80", "WWW.www.Example.org.", "user@host", "host/path?q", "%2541"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		key := store.SiteKey(in)
		if again := store.SiteKey(key); again != key {
			t.Fatalf("SiteKey(%q) = %q, but SiteKey(%q) = %q", in, key, key, again)
		}
	})
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                     {},
		"2026-11-01":           time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		"2026-11-01T03:17:00Z": time.Date(2026, 11, 1, 3, 17, 0, 0, time.UTC),
		"30d":                  now.AddDate(0, 0, -30),
		"12h":                  now.Add(-12 * time.Hour),
	} {
		if got, err := store.ParseSince(in, now); err != nil || !got.Equal(want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"yesterday", "-3d", "-1h", "2026-13-01"} {
		if _, err := store.ParseSince(bad, now); err == nil {
			t.Errorf("ParseSince(%q) accepted", bad)
		}
	}
}
