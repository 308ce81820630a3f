package report

import "testing"

// TestSameHost: two reports are of one site when their site keys
// (scope.SiteKey, the history store's key) are equal.
func TestSameHost(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"https://www.example.org", "example.org", true},
		{"https://example.org.:8443/x", "http://WWW.Example.org/", true},
		{"https://www.www.example.org", "example.org", true},
		{"https://example.org", "https://example.com", false},
		{"", "", false},
	} {
		if got := SameHost(c.a, c.b); got != c.want {
			t.Errorf("SameHost(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
