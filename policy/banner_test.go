package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
)

// simpleSelector is a CSS selector of one id or one class.
var simpleSelector = regexp.MustCompile(`^([#.])([\w-]+)$`)

// A banner that the catalogue's data mark (by the id or class of each
// platform's banner selectors) is left out of the policy's text; the same
// element under an ordinary name is kept.
func TestParseHTMLSkipsCatalogueBanners(t *testing.T) {
	const bannerText = "We and our partners store and access information on your device."
	page := func(attr string) string {
		return `<html lang="en"><body><div ` + attr + `><p>` + bannerText + `</p><button>Accept</button></div>
<h1>Privacy Policy</h1><p>We keep your order history for ten years because the tax law requires it.</p></body></html>`
	}
	read := func(attr string) string {
		t.Helper()
		return allText(mustParse(t, Source{Format: FormatHTML, Body: []byte(page(attr))}))
	}
	if text := read(`id="ordinary-box" class="panel"`); !strings.Contains(text, bannerText) {
		t.Fatalf("an ordinary element was dropped:\n%s", text)
	}
	tested := 0
	for _, p := range catalog.ConsentPlatforms() {
		for _, sel := range p.BannerSelectors {
			m := simpleSelector.FindStringSubmatch(sel)
			if m == nil {
				continue
			}
			attr := fmt.Sprintf(`class="%s"`, m[2])
			if m[1] == "#" {
				attr = fmt.Sprintf(`id="%s"`, m[2])
			}
			t.Run(p.ID+"/"+sel, func(t *testing.T) {
				text := read(attr)
				if strings.Contains(text, bannerText) {
					t.Errorf("the banner <div %s> of %s was read as policy text:\n%s", attr, p.Name, text)
				}
				if !strings.Contains(text, "ten years") {
					t.Errorf("the policy text was lost:\n%s", text)
				}
			})
			tested++
		}
	}
	if tested < 10 {
		t.Errorf("only %d banner selectors of the catalogue tested", tested)
	}
}

// A policy hosted by a generator or consent service and embedded into the
// page is reported in Embeds; other frames and scripts are not.
func TestParseHTMLEmbeddedPolicies(t *testing.T) {
	body := `<html><body><h1>Privacy Policy</h1><p>Our policy is hosted by our provider.</p>
<a href="https://www.iubenda.com/privacy-policy/12345" class="iubenda-embed">Privacy Policy</a>
<iframe src="https://app.termly.io/policy-viewer/policy.html?policyUUID=abc"></iframe>
<script id="CookieDeclaration" src="https://consent.cookiebot.com/0000-1111/cd.js"></script>
<iframe src="https://www.youtube-nocookie.com/embed/xyz"></iframe>
<script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js"></script>
</body></html>`
	d := mustParse(t, Source{Format: FormatHTML, Body: []byte(body)})
	want := []string{
		"https://www.iubenda.com/privacy-policy/12345",
		"https://app.termly.io/policy-viewer/policy.html?policyUUID=abc",
		"https://consent.cookiebot.com/0000-1111/cd.js",
	}
	if !slices.Equal(d.Embeds, want) {
		t.Errorf("Embeds = %q, want %q", d.Embeds, want)
	}
}
