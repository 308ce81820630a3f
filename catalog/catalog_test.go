package catalog

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/privaudit/privaudit/internal/testsite"
)

func TestBuiltinCookies(t *testing.T) {
	c := Builtin()
	tests := []struct {
		name, platform, category string
		ok                       bool
	}{
		{"_ga", "Google Analytics", Analytics, true},
		{"_ga_ABC123", "Google Analytics", Analytics, true}, // wildcard family
		{"_gid", "Google Analytics", Analytics, true},
		{"_fbp", "Meta Pixel", Marketing, true},
		{"PHPSESSID", "PHP", Necessary, true},
		{"_hjSessionUser_12345", "Hotjar", Analytics, true}, // longest prefix wins over _hj
		{"unknown_cookie", "", "", false},
		{"_g", "", "", false},
	}
	for _, tt := range tests {
		e, ok := c.Cookie(tt.name)
		if ok != tt.ok || e.Platform != tt.platform || e.Category != tt.category {
			t.Errorf("Cookie(%q) = %+v, %v; want platform %q category %q ok %v", tt.name, e, ok, tt.platform, tt.category, tt.ok)
		}
	}
}

func TestBuiltinHosts(t *testing.T) {
	c := Builtin()
	tests := []struct{ host, service, category string }{
		{"www.google-analytics.com", "Google Analytics", "analytics"},
		{"www.googletagmanager.com", "Google Tag Manager", "analytics"},
		{"fonts.googleapis.com", "Google Fonts", "fonts"},
		{"cdnjs.cloudflare.com", "cdnjs", "cdn"},       // longer suffix beats cloudflare.com
		{"static.cloudflare.com", "Cloudflare", "cdn"}, // parent suffix
		{"plausible.io", "Plausible Analytics", "analytics"},
	}
	for _, tt := range tests {
		e, ok := c.Host(tt.host)
		if !ok || e.Service != tt.service || e.Category != tt.category {
			t.Errorf("Host(%q) = %+v, %v; want %q %q", tt.host, e, ok, tt.service, tt.category)
		}
	}
	if _, ok := c.Host("example.org"); ok {
		t.Error("example.org should be unknown")
	}
	gtm, _ := c.Host("www.googletagmanager.com")
	if names := gtm.Names(); len(names) < 2 || names[1] != "Google Analytics" {
		t.Errorf("gtag.js loads Google Analytics: names %v should include it", names)
	}
	fonts, _ := c.Host("fonts.gstatic.com")
	for _, n := range fonts.Names() {
		if n == "Google" {
			t.Error("the company alone must not disclose Google Fonts")
		}
	}
}

func TestCategoryTerms(t *testing.T) {
	if len(CategoryTerms("analytics")) < 6 || len(CategoryTerms("fonts")) < 3 {
		t.Errorf("too few description phrases: %v %v", CategoryTerms("analytics"), CategoryTerms("fonts"))
	}
	if CategoryTerms("nonsense") != nil {
		t.Error("unknown category should have no terms")
	}
}

func TestLoadOpenCookieDatabase(t *testing.T) {
	dir := testsite.SharedPath(t, "data/open-cookie-database")
	for _, file := range []string{"open-cookie-database.csv", "open-cookie-database.json"} {
		t.Run(file, func(t *testing.T) {
			c := Builtin()
			n, err := c.LoadCookieDatabase(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			if n < 2000 {
				t.Errorf("loaded %d entries, want the whole database (2,264)", n)
			}
			// A cookie only the database knows.
			e, ok := c.Cookie("__insp_sid")
			if !ok || e.Category != Analytics {
				t.Errorf("__insp_sid = %+v, %v", e, ok)
			}
			// Built-in entries keep precedence for exact names.
			if e, _ := c.Cookie("_ga"); e.Platform != "Google Analytics" {
				t.Errorf("_ga platform %q", e.Platform)
			}
			// Wildcard entries of the database match families.
			if e, ok := c.Cookie("_gac_UA-1234"); !ok || e.Category != Marketing {
				t.Errorf("_gac_UA-1234 = %+v, %v", e, ok)
			}
		})
	}
}

func TestLoadCookieDatabaseErrors(t *testing.T) {
	c := Builtin()
	if _, err := c.LoadCookieDatabase(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("missing file: want an error")
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("a,b,c\n1,2,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadCookieDatabase(bad); err == nil {
		t.Error("CSV without the cookie-name column: want an error")
	}
	badJSON := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(badJSON, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LoadCookieDatabase(badJSON); err == nil {
		t.Error("broken JSON: want an error")
	}
}

func TestNormalizeCategory(t *testing.T) {
	for in, want := range map[string]string{"Analytics": Analytics, "Marketing": Marketing, "Personalization": Preferences, "Security": Necessary, "Necessary": Necessary, "Functional": Functional, "": Functional} {
		if got := NormalizeCategory(in); got != want {
			t.Errorf("NormalizeCategory(%q) = %q, want %q", in, got, want)
		}
	}
}
