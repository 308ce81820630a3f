package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
)

// Every seal of the catalogue is recognised on a page by each of its names
// and aliases (in an image's alt text or a link's title, in any case) and by
// each of its hosts, and is recorded by its catalogue name.
func TestExtractSealsFromCatalogue(t *testing.T) {
	seals := catalog.Seals()
	if len(seals) == 0 {
		t.Fatal("the catalogue has no seals")
	}
	for _, s := range seals {
		for _, n := range s.Names() {
			pages := []string{
				`<img src="/seal.png" alt="Certified by ` + n + ` since 2020">`,
				`<a href="/about" title="` + strings.ToUpper(n) + `">Seal</a>`,
				`<img src="/seal.png" alt="` + strings.ToLower(n) + `">`,
			}
			for _, p := range pages {
				if got := extractBody(t, p).Seals; !slices.Equal(got, []string{s.Name}) {
					t.Errorf("%s: Seals %q, want %q", p, got, s.Name)
				}
			}
			// Only as a whole word.
			if got := extractBody(t, `<img src="/x.png" alt="x`+n+`x">`).Seals; len(got) != 0 {
				t.Errorf("%q inside a word was read as a seal: %q", n, got)
			}
		}
		for _, h := range s.Hosts {
			p := `<a href="https://` + h + `/verify?id=1"><img src="/x.png" alt="Verified"></a>`
			if got := extractBody(t, p).Seals; !slices.Equal(got, []string{s.Name}) {
				t.Errorf("%s: Seals %q, want %q", p, got, s.Name)
			}
		}
	}
}

// The names extract records stay those reports have always shown.
func TestExtractSealNames(t *testing.T) {
	tests := []struct{ alt, want string }{
		{"TRUSTe Certified Privacy", "TRUSTe"},
		{"TrustArc privacy certification", "TrustArc"},
		{"BBBOnline Privacy", "BBB"},
		{"bbb online", "BBB"},
		{"Better Business Bureau Accredited", "BBB"},
		{"ePrivacyseal GDPR", "ePrivacyseal"},
		{"ePrivacy Seal", "ePrivacyseal"},
		{"EU-U.S. Privacy Shield", "Privacy Shield"},
		{"Data Privacy Framework participant", "Data Privacy Framework"},
		{"APEC CBPR certified", "APEC CBPR"},
		{"Trusted shop", ""},
	}
	for _, tt := range tests {
		got := extractBody(t, `<img src="/s.png" alt="`+tt.alt+`">`).Seals
		if tt.want == "" && len(got) != 0 || tt.want != "" && !slices.Equal(got, []string{tt.want}) {
			t.Errorf("alt %q: Seals %q, want %q", tt.alt, got, tt.want)
		}
	}
}
