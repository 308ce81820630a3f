package browser

import (
	"net/url"
	"testing"

	"github.com/chromedp/cdproto/network"
)

func TestParseCookie(t *testing.T) {
	u, _ := url.Parse("https://www.example.org:8443/shop/cart?x=1")
	for _, c := range []struct {
		line, name, domain, path string
	}{
		{"sid=1; Path=/; HttpOnly", "sid", "www.example.org", "/"},
		{"sid=1", "sid", "www.example.org", "/shop"},
		{"_ga=GA1.2; domain=.Example.org; path=/a; SameSite=Lax", "_ga", ".example.org", "/a"},
		{"x=1; Domain=example.org; Path=relative", "x", ".example.org", "/shop"},
		{"lonely", "", "www.example.org", "/shop"},
		{" spaced = v ; max-age=3", "spaced", "www.example.org", "/shop"},
	} {
		w, ok := parseCookie(c.line, u)
		if !ok || w.name != c.name || w.domain != c.domain || w.path != c.path {
			t.Errorf("parseCookie(%q) = %+v, want %s %s %s", c.line, w, c.name, c.domain, c.path)
		}
	}
	ip, _ := url.Parse("http://127.0.0.1:8080/")
	if w, _ := parseCookie("a=1; Domain=127.0.0.1", ip); w.domain != "127.0.0.1" {
		t.Errorf("an IP's domain cookie: %+v", w)
	}
}

func TestDefaultPath(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/": "/", "/a": "/", "/a/": "/a", "/a/b": "/a", "x": "/"} {
		if got := defaultPath(in); got != want {
			t.Errorf("defaultPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStorageOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/":                           "https://a.example",
		"http://localhost:8080/^0http://127.0.0.1":     "http://localhost:8080",
		"https://b.example":                            "https://b.example",
		"https://c.example/^31234^45678^6https://d.ex": "https://c.example",
	} {
		if got := storageOrigin(in); got != want {
			t.Errorf("storageOrigin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCut(t *testing.T) {
	if got := cut("héllo", 2); got != "hé" {
		t.Errorf("cut = %q", got)
	}
	if got := cut("abc", 5); got != "abc" {
		t.Errorf("cut = %q", got)
	}
}

func TestHasWord(t *testing.T) {
	dir := []byte("/tmp/privaudit-chromium-12")
	for s, want := range map[string]bool{
		"chromium\x00--user-data-dir=/tmp/privaudit-chromium-12\x00":              true,
		"chromium --type=renderer --user-data-dir=/tmp/privaudit-chromium-12 --x": true,
		"crashpad\x00--database=/tmp/privaudit-chromium-12/config/chromium":       true,
		"chromium\x00--user-data-dir=/tmp/privaudit-chromium-123\x00":             false,
		"chromium": false,
	} {
		if got := hasWord([]byte(s), dir); got != want {
			t.Errorf("hasWord(%q) = %v", s, got)
		}
	}
}

// TestCookieAttribution: the last write says how a cookie was set, the
// first where it was first seen; a cookie no write explains is a
// script's, first seen where it was listed.
func TestCookieAttribution(t *testing.T) {
	p := newPhase(&sessionConfig{})
	p.writes = []cookieWrite{
		{name: "a", domain: "x.example", path: "/", via: "http", host: "x.example", page: "https://x.example/1"},
		{name: "a", domain: "x.example", path: "/", via: "script", host: "x.example", page: "https://x.example/2"},
		{name: "b", domain: ".example", path: "/", via: "http", host: "cdn.example:8443", page: "https://x.example/3"},
	}
	p.listed[cookieKey{"c", "x.example", "/"}] = "https://x.example/4"
	got := p.cookies([]*network.Cookie{
		{Name: "c", Domain: "x.example", Path: "/", Session: true, Value: "vvv"},
		{Name: "b", Domain: "example", Path: "/p", Session: true},
		{Name: "a", Domain: "x.example", Path: "/", Expires: 1893456000},
	})
	want := []struct{ name, via, setBy, first, expires string }{
		{"b", "http", "cdn.example:8443", "https://x.example/3", ""},
		{"a", "script", "x.example", "https://x.example/1", "2030-01-01T00:00:00Z"},
		{"c", "script", "", "https://x.example/4", ""},
	}
	if len(got) != len(want) {
		t.Fatalf("%d cookies", len(got))
	}
	for i, w := range want {
		c := got[i]
		if c.Name != w.name || c.Via != w.via || c.SetBy != w.setBy || c.FirstSeenOn != w.first || c.Expires != w.expires {
			t.Errorf("cookie %d: %+v, want %+v", i, c, w)
		}
	}
	if got[2].ValueLength != 3 {
		t.Errorf("value length %d", got[2].ValueLength)
	}
}

// TestEarlySetCookie: Chromium may send a response's extra info (its
// Set-Cookie headers) before the request it answers; the cookies are read
// once the request's URL is known, so that a host-only cookie gets the
// host as its domain and the path defaults to the URL's directory, and
// they match the cookies listed (a fetch's HttpOnly consent cookie was
// taken for a script's).
func TestEarlySetCookie(t *testing.T) {
	p := newPhase(&sessionConfig{})
	tab := p.newTab("main")
	tab.setPage("https://www.example.org/")
	tab.setCookies(network.EventResponseReceivedExtraInfo{
		RequestID: "r1",
		Headers:   network.Headers{"Set-Cookie": "A=1; HttpOnly\nB=2; Domain=example.org; Path=/"},
	})
	tab.setPage("https://www.example.org/next")
	tab.request("r1", "https://www.example.org:8443/api/save", string(network.ResourceTypeFetch), true)
	got := p.cookies([]*network.Cookie{
		{Name: "A", Domain: "www.example.org", Path: "/api", HTTPOnly: true, Session: true},
		{Name: "B", Domain: ".example.org", Path: "/", Session: true},
	})
	for _, c := range got {
		if c.Via != "http" || c.SetBy != "www.example.org:8443" || c.FirstSeenOn != "https://www.example.org/" {
			t.Errorf("cookie %+v, want set by the response on the first page", c)
		}
	}
}
