package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/internal/testsite"
)

// TestRealCMSPages reads policy pages built by real site generators (the
// GOV.UK design system, Jekyll themes) and checks that the main text is
// kept and the chrome around it (cookie banner, navigation, footer) is not.
func TestRealCMSPages(t *testing.T) {
	sites := testsite.SharedPath(t, "corpus/sites")
	tests := []struct {
		name, file string
		lang       string
		keep       []string // text of the policy that must be read
		drop       []string // page chrome that must not be
		covered    []string
	}{
		{
			name: "GOV.UK cookies page", file: "uk-digital-land/cookies/index.html", lang: "en",
			keep:    []string{"_ga", "Google Analytics"},
			drop:    []string{"Tell us whether you accept cookies", "Accessibility statement", "Open Government Licence"},
			covered: []string{"cookies"},
		},
		{
			name: "Jekyll app policy", file: "bluewallet/privacy/index.html", lang: "en",
			keep:    []string{"bluewallet@bluewallet.io"},
			covered: []string{"children", "privacy-contact"},
		},
		{
			name: "Jekyll university policy", file: "faims-macquarie-uni/privacy/index.html", lang: "en",
			covered: []string{"user-access", "cookies", "purpose"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(sites, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(Source{URL: tt.file, Format: FormatHTML, Body: body})
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, s := range doc.Sections {
				text.WriteString(s.Heading + "\n")
				for _, sent := range s.Sentences {
					text.WriteString(sent + "\n")
				}
			}
			for _, k := range tt.keep {
				if !strings.Contains(text.String(), k) {
					t.Errorf("main text lost %q", k)
				}
			}
			for _, d := range tt.drop {
				if strings.Contains(text.String(), d) {
					t.Errorf("page chrome %q read as policy text", d)
				}
			}
			a := Analyze(doc)
			if a.Language != tt.lang {
				t.Errorf("language %q, want %q", a.Language, tt.lang)
			}
			for _, id := range tt.covered {
				if !a.Aspects[id].Covered {
					t.Errorf("%s not covered", id)
				}
			}
		})
	}
}

// TestCMSMarkup checks main-content extraction on the markup that Drupal
// (with the EU Cookie Compliance banner) and Docusaurus generate.
func TestCMSMarkup(t *testing.T) {
	policyText := `<h2>Cookies</h2><p>We use cookies to remember your language and to count visits with Matomo.</p>
<h2>Your rights</h2><p>You may access, correct or delete your personal data by writing to privacy@example.org.</p>`
	tests := []struct{ name, html string }{
		{"Drupal", `<!DOCTYPE html><html lang="en"><body class="path-node page-node-type-page">
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
 <header role="banner"><nav role="navigation" aria-labelledby="block-main-menu"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/privacy">Privacy statement</a></li></ul></nav></header>
 <main role="main"><div class="region region-content"><article role="article" class="node node--type-page">
  <h1 class="page-title"><span class="field field--name-title">Privacy statement</span></h1>
  <div class="clearfix text-formatted field field--name-body field__item">` + policyText + `</div>
 </article></div></main>
 <footer role="contentinfo"><div class="region region-footer"><p>Powered by Drupal. All rights reserved by the chrome footer.</p></div></footer>
</div>
<div id="sliding-popup" class="sliding-popup-bottom eu-cookie-compliance-banner"><div class="eu-cookie-compliance-message"><h2>We use cookies on this site to enhance your user experience</h2><p>By clicking the Accept button, you agree to us doing so.</p></div></div>
</body></html>`},
		{"Docusaurus", `<!DOCTYPE html><html lang="en" dir="ltr"><body class="navigation-with-keyboard">
<div id="__docusaurus"><nav aria-label="Main" class="navbar navbar--fixed-top"><div class="navbar__items"><a class="navbar__brand" href="/">Docs</a><a class="navbar__item" href="/privacy">Privacy chrome menu</a></div></nav>
<div class="main-wrapper"><div class="docsWrapper"><div class="docPage"><aside class="theme-doc-sidebar-container"><nav class="menu">Sidebar chrome entry</nav></aside>
<main class="docMainContainer"><div class="container"><div class="row"><div class="col docItemCol"><article><div class="theme-doc-markdown markdown"><header><h1>Privacy policy</h1></header>` + policyText + `</div></article></div>
<div class="col col--3"><div class="tableOfContents thin-scrollbar"><ul class="table-of-contents"><li><a href="#cookies" class="table-of-contents__link">Cookies toc chrome</a></li></ul></div></div></div></div></main></div></div></div>
<footer class="footer footer--dark"><div class="footer__copyright">Copyright chrome footer. Built with Docusaurus.</div></footer></div></body></html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Parse(Source{Format: FormatHTML, Body: []byte(tt.html)})
			if err != nil {
				t.Fatal(err)
			}
			var text strings.Builder
			for _, s := range doc.Sections {
				text.WriteString(s.Heading + "\n" + strings.Join(s.Sentences, "\n") + "\n")
			}
			got := text.String()
			for _, chrome := range []string{"chrome", "enhance your user experience", "Accept button"} {
				if strings.Contains(got, chrome) {
					t.Errorf("page chrome %q read as policy text:\n%s", chrome, got)
				}
			}
			a := Analyze(doc)
			for _, id := range []string{"cookies", "user-access", "privacy-contact"} {
				if !a.Aspects[id].Covered {
					t.Errorf("%s not covered:\n%s", id, got)
				}
			}
		})
	}
}
