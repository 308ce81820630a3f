package policy

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/internal/testsite"
)

func allText(d *Document) string {
	var b strings.Builder
	for _, s := range d.Sections {
		b.WriteString("[" + s.Heading + "]\n")
		for _, t := range s.Sentences {
			b.WriteString(t + "\n")
		}
	}
	return b.String()
}

func mustParse(t *testing.T, src Source) *Document {
	t.Helper()
	d, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return d
}

func TestParseHTMLMainContent(t *testing.T) {
	body, err := os.ReadFile("testdata/wordpress.html")
	if err != nil {
		t.Fatal(err)
	}
	d := mustParse(t, Source{URL: "https://example-bakery.test/privacy", Body: body})
	text := allText(d)
	for _, want := range []string{
		"[Who we are]", "Example Bakery Ltd. runs this website.", "[Cookies]",
		"PHPSESSID | Keeps your session while you shop. | Session", "[Sharing]",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("main text lacks %q:\n%s", want, text)
		}
	}
	for _, banned := range []string{
		"best experience", "Home", "Recent posts", "sourdough", "© 2021", "Hidden text", "We sell data",
		"Do Not Track", "Enable JavaScript", "gaProperty", "Edit", "Accept",
	} {
		if strings.Contains(text, banned) {
			t.Errorf("main text keeps %q:\n%s", banned, text)
		}
	}
	if d.Lang != "en" {
		t.Errorf("Lang = %q, want en", d.Lang)
	}
	if d.LastUpdated != "2021-05-07" {
		t.Errorf("LastUpdated = %q, want 2021-05-07", d.LastUpdated)
	}
	if d.Title != "Privacy Policy – Example Bakery" {
		t.Errorf("Title = %q", d.Title)
	}
	a := Analyze(d)
	if a.Aspects["children"].Covered || a.Aspects["do-not-track"].Covered || a.Aspects["data-retention"].Covered {
		t.Errorf("hidden, aside or footer text covered an aspect: %+v", a.Aspects)
	}
	if !a.Aspects["cookies"].Covered || a.Aspects["cookies"].Heading != "Cookies" {
		t.Errorf("cookies = %+v, want covered under heading Cookies", a.Aspects["cookies"])
	}
	if h := a.Aspects["user-access"]; h.Covered {
		t.Errorf("a heading with no text under it covered user-access: %+v", h)
	}
	for _, c := range a.Claims {
		if c.Kind == ClaimNoCookies {
			t.Errorf("script text made a claim: %+v", c)
		}
	}
}

func TestParseHTMLCMSLayouts(t *testing.T) {
	tests := []struct {
		name, html, want, banned string
	}{
		{"govuk", `<html lang="en"><body><header class="govuk-header" role="banner">GOV.UK menu</header><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content" role="main"><h1>Privacy notice</h1><p>We keep your data for 2 years.</p></main></div><footer class="govuk-footer">All content is available under the Open Government Licence.</footer></body></html>`, "We keep your data for 2 years.", "Open Government"},
		{"docusaurus", `<html lang="en"><body><nav class="navbar">Docs Blog</nav><div class="main-wrapper"><div class="docPage"><aside class="theme-doc-sidebar-container">Sidebar links</aside><main class="docMainContainer"><article><div class="theme-doc-markdown markdown"><h1>Privacy</h1><p>We never sell your data.</p></div></article><nav class="pagination-nav">Next page</nav></main></div></div></body></html>`, "We never sell your data.", "Sidebar"},
		{"drupal", `<html lang="en"><body><div class="region-header">Site name</div><div id="block-system-main"><div class="node__content"><div class="field--name-body"><h2>Data</h2><p>We use your e-mail address to send the newsletter.</p></div></div></div><div class="region-footer">Footer stuff</div></body></html>`, "We use your e-mail address", ""},
		{"no main", `<html><body><div class="wrap"><h1>Privacy</h1><p>We use cookies to remember your language.</p></div><footer>Footer text</footer></body></html>`, "We use cookies to remember your language.", "Footer text"},
		{"role main", `<html><body><div role="navigation">Menu entry</div><div role="main"><p>We use cookies to remember your language.</p></div></body></html>`, "remember your language", "Menu entry"},
		{"consent manager", `<html><body><div id="onetrust-banner-sdk"><p>We and our partners use cookies.</p></div><main><p>Our policy text lives here.</p></main></body></html>`, "Our policy text", "our partners"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, Source{Body: []byte(tt.html)})
			text := allText(d)
			if !strings.Contains(text, tt.want) {
				t.Errorf("lacks %q:\n%s", tt.want, text)
			}
			if tt.banned != "" && strings.Contains(text, tt.banned) {
				t.Errorf("keeps %q:\n%s", tt.banned, text)
			}
		})
	}
}

func TestParseHTMLLang(t *testing.T) {
	de := `<html lang="de-DE"><body><main><p>Wir verarbeiten Ihre Daten nur mit Ihrer Einwilligung und geben sie nicht an Dritte weiter. Sie haben das Recht auf Auskunft.</p></main></body></html>`
	if d := mustParse(t, Source{Body: []byte(de)}); d.Lang != "de" {
		t.Errorf("Lang = %q, want de", d.Lang)
	}
	// A template's lang="en" over a long German text: the words win.
	long := `<html lang="en"><body><main><p>` + strings.Repeat("Wir verarbeiten die Daten, die Sie uns geben, und wir speichern sie nur so lange, wie es für den Zweck erforderlich ist. ", 10) + `</p></main></body></html>`
	if d := mustParse(t, Source{Body: []byte(long)}); d.Lang != "de" {
		t.Errorf("Lang = %q, want de", d.Lang)
	}
	// A short page keeps its declared language.
	short := `<html lang="fr"><body><p>Politique de confidentialité</p></body></html>`
	if d := mustParse(t, Source{Body: []byte(short)}); d.Lang != "fr" {
		t.Errorf("Lang = %q, want fr", d.Lang)
	}
}

func TestParseOPP115Segments(t *testing.T) {
	in := `<strong> Privacy Policy </strong> <br> <br>|||Information We Collect <br> <br> We collect your name and e-mail address when you register. <br> <br>|||<strong> Disclaimer </strong> <br> <br> The information is provided as is.`
	d := mustParse(t, Source{URL: "1_x.html", Body: []byte(in)})
	var heads []string
	for _, s := range d.Sections {
		heads = append(heads, s.Heading)
	}
	// Bold lines head sections; a plain short line is text (it could as
	// well be "Last updated May 8, 2009"), and reads as a label, not a
	// statement (see titleLike).
	want := "Privacy Policy|Disclaimer"
	if got := strings.Join(heads, "|"); got != want {
		t.Errorf("headings = %q, want %q\n%s", got, want, allText(d))
	}
	if !strings.Contains(allText(d), "Information We Collect\n") {
		t.Errorf("the plain line is lost:\n%s", allText(d))
	}
}

// TestDateLineIsNoHeading: a "last updated" line, bold, plain or marked up
// as a heading, heads no section, and still dates the document.
func TestDateLineIsNoHeading(t *testing.T) {
	for _, src := range []Source{
		{Format: FormatMarkdown, Body: []byte("# Privacy\n\n_Last revised May 8, 2009_\n\nWe will never knowingly request personal information from anyone under the age of 13.\n")},
		{Format: FormatMarkdown, Body: []byte("# Privacy\n\n**Last updated: March 3, 2022**\n\nWe will never knowingly request personal information from anyone under the age of 13.\n")},
		{Format: FormatMarkdown, Body: []byte("# Privacy\n\n### Effective date: 2022-03-03\n\nWe will never knowingly request personal information from anyone under the age of 13.\n")},
		{Format: FormatHTML, Body: []byte("<main><h1>Privacy</h1><p><b>Last updated May 8, 2009</b></p><p>We will never knowingly request personal information from anyone under the age of 13.</p></main>")},
		{Format: FormatText, Body: []byte("Privacy\n\nLast updated May 8, 2009\n\nWe will never knowingly request personal information from anyone under the age of 13.")},
	} {
		d := mustParse(t, src)
		if d.LastUpdated == "" {
			t.Errorf("%s: no date: %q", src.Format, src.Body)
		}
		c := Analyze(d).Aspects["children"]
		if !c.Covered || strings.Contains(c.Heading, "200") || strings.Contains(c.Heading, "2022") {
			t.Errorf("%s: children = %+v, want it covered under no date heading", src.Format, c)
		}
		if strings.Contains(d.Title, "20") {
			t.Errorf("%s: Title = %q", src.Format, d.Title)
		}
	}
}

func TestParseMarkdown(t *testing.T) {
	in := "# Websites Privacy Notice\n\nNovember 5, 2025\n{: datetime=\"2025-11-05\" }\n\n" +
		"## Cookies {: #cookies }\n\nWe use [Google Analytics](https://policies.google.com/) which sets **_ga** and `_gid` cookies.\n" +
		"{: #ga }\n\n* __Newsletter.__ We send it *only* if you ask.\n* Second item\n\n" +
		"Setext heading\n--------------\n\nText under it, with an ![image](x.png) and <span>inline html</span>.\n\n" +
		"| Cookie | Purpose |\n|---|---|\n| _ga_* | Analytics |\n"
	d := mustParse(t, Source{URL: "x.md", Body: []byte(in)})
	text := allText(d)
	for _, want := range []string{
		"[Cookies]", "We use Google Analytics which sets _ga and _gid cookies.", "Newsletter.",
		"We send it only if you ask.", "[Setext heading]", "inline html", "_ga_* | Analytics",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	for _, banned := range []string{"{:", "](", "**", "datetime", "#ga"} {
		if strings.Contains(text, banned) {
			t.Errorf("keeps %q:\n%s", banned, text)
		}
	}
	if d.LastUpdated != "2025-11-05" {
		t.Errorf("LastUpdated = %q", d.LastUpdated)
	}
	if d.Title != "Websites Privacy Notice" {
		t.Errorf("Title = %q", d.Title)
	}
}

// TestParseMarkdownSites: Markdown as static-site generators publish it.
func TestParseMarkdownSites(t *testing.T) {
	in := "---\ntitle: \"Privacy Policy\"\nlayout: page\n---\n\n" +
		"<br />\n## 1. Introduction\nThis policy explains what we collect.\n\n" +
		"## Forms {#forms}\n\nStatement\n{.subtitle}\n\nSee [Piwik](https://piwik.org/){:target=\"_blank\"} and write to\\\nprivacy@example.org.\n\n" +
		"<table>\n  <tr><th>Cookie</th><th>Purpose</th></tr>\n  <tr><td>_ga</td><td><ul><li>Analytics</li></ul></td></tr>\n</table>\n\n" +
		"* **Accounts**: we keep them.\n\n  **Deleted accounts**\n\n  Are removed after 30 days.\n\n" +
		"| Name | Kind |\n|---|---|\n| _hjSession_* | Hotjar |\n\n```\n# code, not a heading\n```\n"
	d := mustParse(t, Source{URL: "privacy.md", Body: []byte(in)})
	text := allText(d)
	for _, want := range []string{
		"[1. Introduction]\nThis policy explains what we collect.", "[Forms]\nStatement\n",
		"See Piwik and write to privacy@example.org.", "Cookie | Purpose", "_ga\nAnalytics",
		"Accounts: we keep them.", "[Deleted accounts]\nAre removed after 30 days.", "_hjSession_* | Hotjar",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	for _, banned := range []string{"layout", "{", "<", "code, not", "\\"} {
		if strings.Contains(text, banned) {
			t.Errorf("keeps %q:\n%s", banned, text)
		}
	}
	if d.Title != "Privacy Policy" {
		t.Errorf("Title = %q, want the front matter's", d.Title)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Format
	}{
		{"page.html", "anything", FormatHTML},
		{"notice.md", "anything", FormatMarkdown},
		{"", "<!DOCTYPE html><html><body>x</body></html>", FormatHTML},
		{"", "<p>Hello</p>", FormatHTML},
		{"", "# Privacy\n\nText with a [link](https://x.test).", FormatMarkdown},
		{"", "Privacy Policy\n\nWe collect data.", FormatText},
		{"https://x.test/privacy?lang=en", "<div>x</div>", FormatHTML},
	}
	for _, tt := range tests {
		if got := sniff(tt.name, []byte(tt.body)); got != tt.want {
			t.Errorf("sniff(%q, %q) = %q, want %q", tt.name, tt.body, got, tt.want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"We collect data. We share it.", []string{"We collect data.", "We share it."}},
		{"We use tools, e.g. Google Analytics. Then we stop.", []string{"We use tools, e.g. Google Analytics.", "Then we stop."}},
		{"Example Inc. is based in the U.S. It has 2.5 million users.", []string{"Example Inc. is based in the U.S. It has 2.5 million users."}},
		{"Wir nutzen Dienste, z.B. Matomo. Das ist alles.", []string{"Wir nutzen Dienste, z.B. Matomo.", "Das ist alles."}},
		{"Wir nutzen Dienste, z. B. Matomo, d.h. lokal. Ende.", []string{"Wir nutzen Dienste, z. B. Matomo, d.h. lokal.", "Ende."}},
		{"Es dauert ca. 3 Tage. Fertig.", []string{"Es dauert ca. 3 Tage.", "Fertig."}},
		{"Do you agree? Yes! Good.", []string{"Do you agree?", "Yes!", "Good."}},
		{"Contact Mr. Smith at privacy@x.test. He answers.", []string{"Contact Mr. Smith at privacy@x.test.", "He answers."}},
		{"1. We collect data. 2. We share it.", []string{"1. We collect data.", "2. We share it."}},
		{"Visit mozilla.org. Then read on.", []string{"Visit mozilla.org.", "Then read on."}},
		{"He said \"stop.\" Then left.", []string{"He said \"stop.\"", "Then left."}},
		{"¿Qué datos? Los suyos.", []string{"¿Qué datos?", "Los suyos."}},
	}
	for _, tt := range tests {
		got := splitSentences(tt.in)
		if strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") {
			t.Errorf("splitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := map[string]string{
		"en": "We collect the information that you give us when you register for an account and we use it to provide the service.",
		"de": "Wir erheben die Daten, die Sie uns bei der Registrierung geben, und nutzen sie nur für die Bereitstellung des Dienstes.",
		"fr": "Nous collectons les données que vous nous fournissez lors de votre inscription et nous les utilisons pour fournir le service.",
		"nl": "Wij verzamelen de gegevens die u ons geeft wanneer u zich registreert en wij gebruiken deze om de dienst te leveren.",
		"es": "Recopilamos los datos que usted nos proporciona cuando se registra y los utilizamos para prestar el servicio que solicita.",
		"it": "Raccogliamo i dati che ci fornisce quando si registra e li utilizziamo per fornire il servizio che ha richiesto, come indicato nella presente informativa.",
	}
	for want, text := range tests {
		if got := DetectLanguage(text); got != want {
			t.Errorf("DetectLanguage(%q) = %q, want %q", text, got, want)
		}
	}
	if got := DetectLanguage("1234 5678 ###"); got != "" {
		t.Errorf("DetectLanguage(digits) = %q, want \"\"", got)
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		lang, text, want string
	}{
		{"en", "Last updated: May 7, 2021", "2021-05-07"},
		{"en", "Effective November 1, 2023", "2023-11-01"},
		{"en", "This policy was last modified on 3rd March 2020.", "2020-03-03"},
		{"en", "Last Edited on 07/05/2021", "2021-07-05"},
		{"en", "Last Edited on 25/05/2021", "2021-05-25"},
		{"en", "Updated: 2022-01-31", "2022-01-31"},
		{"en", "Version 1.2, Effective November 1, 2023", "2023-11-01"},
		{"de", "Stand: 07.05.2021", "2021-05-07"},
		{"de", "Zuletzt aktualisiert am 7. Mai 2021", "2021-05-07"},
		{"de", "Gültig ab 10. Februar 2026", "2026-02-10"},
		{"fr", "Dernière mise à jour : 7 mai 2021", "2021-05-07"},
		{"fr", "En vigueur le 1er novembre 2023", "2023-11-01"},
		{"nl", "Laatst bijgewerkt: 7 mei 2021", "2021-05-07"},
		{"nl", "Laatst bijgewerkt op 07-05-2021", "2021-05-07"},
		{"es", "Última actualización: 7 de mayo de 2021", "2021-05-07"},
		{"es", "Última actualización: 07/05/2021", "2021-05-07"},
		{"it", "Ultimo aggiornamento: 7 maggio 2021", "2021-05-07"},
		{"it", "Ultimo aggiornamento 07/05/2021", "2021-05-07"},
		{"en", "We updated our systems on 31/02/2021.", ""},
		{"en", "We have used cookies since 1999.", ""},
		{"de", "Maßnahmen nach dem Stand der Technik schützen Ihre Daten.", ""},
	}
	for _, tt := range tests {
		d := &Document{Lang: tt.lang, Sections: []Section{{Sentences: []string{"Privacy notice for our services and apps.", tt.text}}}}
		if got := findDate(d, ""); got != tt.want {
			t.Errorf("findDate(%s %q) = %q, want %q", tt.lang, tt.text, got, tt.want)
		}
	}
	// A bare date line at the top, and a datetime attribute.
	d := &Document{Lang: "de", Sections: []Section{{Heading: "Datenschutzerklärung", Sentences: []string{"Mittwoch, 9. September 2020", "Text."}}}}
	if got := findDate(d, ""); got != "2020-09-09" {
		t.Errorf("bare date = %q", got)
	}
	d = &Document{Lang: "en", Sections: []Section{{Heading: "Privacy", Sentences: []string{"We collect data."}}}}
	if got := findDate(d, "2026-02-10T00:00"); got != "2026-02-10" {
		t.Errorf("datetime attribute = %q", got)
	}
	if got := ParseDate("on 2021/05/07", "en"); got != "2021-05-07" {
		t.Errorf("ParseDate(ymd) = %q", got)
	}
}

// TestParseNotText: binary input is an error, not an analysis; text with a
// stray NUL or in a legacy encoding is text.
func TestParseNotText(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	random := make([]byte, 4096)
	rng.Read(random)
	elf := append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), bytes.Repeat([]byte("We use cookies.\x00\x00\x00\x00"), 50)...)
	if exe, err := os.Executable(); err == nil {
		if b, err := os.ReadFile(exe); err == nil {
			elf = b
		}
	}
	for name, body := range map[string][]byte{
		"executable":   elf,
		"random bytes": random,
		"png":          append([]byte("\x89PNG\r\n\x1a\n"), random[:100]...),
		"pdf":          []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nWe use cookies."),
		"nul padded":   append([]byte("We use cookies. "), make([]byte, 600)...),
	} {
		for _, f := range []Format{"", FormatHTML, FormatMarkdown, FormatText} {
			d, err := Parse(Source{URL: "x", Format: f, Body: body})
			if !errors.Is(err, ErrNotText) || d != nil {
				t.Errorf("%s (%q): Parse = %v, %v; want ErrNotText", name, f, d, err)
			}
		}
	}
	if ErrNotText.Error() != "policy: not a text document" {
		t.Errorf("ErrNotText = %q", ErrNotText)
	}
	for name, body := range map[string][]byte{
		"stray nul":  []byte("<p>We \x00 use cookies to remember your language.</p>"),
		"latin-1":    []byte("Nous utilisons des cookies pour m\xe9moriser vos pr\xe9f\xe9rences."),
		"shift-jis":  bytes.Repeat([]byte("\x83v\x83\x89\x83C\x83o\x83V\x81[\x83|\x83\x8a\x83V\x81["), 40),
		"ansi color": []byte("\x1b[1mPrivacy\x1b[0m\n\nWe use cookies to remember your language."),
	} {
		if _, err := Parse(Source{Body: body}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// UTF-16 with a byte order mark is text.
	u := []byte{0xff, 0xfe}
	for _, r := range "We use cookies to remember your language." {
		u = append(u, byte(r), 0)
	}
	d, err := Parse(Source{Format: FormatText, Body: u})
	if err != nil || !strings.Contains(allText(d), "We use cookies to remember your language.") {
		t.Errorf("UTF-16: %v\n%v", err, d)
	}
}

// TestParseErrorWording: Parse's errors say what is wrong once, without the
// source's name (the caller adds it).
func TestParseErrorWording(t *testing.T) {
	_, err := Parse(Source{URL: "empty.md", Body: []byte(" \n\t")})
	if !errors.Is(err, ErrEmpty) || err.Error() != "policy: empty document" {
		t.Errorf("empty: %v", err)
	}
	_, err = Parse(Source{URL: "x.pdf", Format: "pdf", Body: []byte("x")})
	if err == nil || err.Error() != `policy: unknown format "pdf"` {
		t.Errorf("unknown format: %v", err)
	}
}

// TestParseNoTextIsEmpty: a document with no text after extraction is as
// empty as white space, with the same error; one word of text is a
// document (too short to be a policy: see TestAnalyzeWarnsWhenTooShort).
func TestParseNoTextIsEmpty(t *testing.T) {
	for name, src := range map[string]Source{
		"white space":        {URL: "empty.md", Body: []byte(" \n\t")},
		"empty html page":    {URL: "empty.html", Body: []byte("<!doctype html><html><head><title>Privacy Policy</title></head><body></body></html>")},
		"only navigation":    {Body: []byte(`<html><body><nav><a href="/">Home</a> <a href="/privacy">Privacy</a></nav><footer>© 2025 Example</footer></body></html>`)},
		"only scripts":       {Format: FormatHTML, Body: []byte(`<html><body><div id="app"></div><script>render("We do not use cookies.")</script><noscript>Enable JavaScript.</noscript></body></html>`)},
		"only an embed":      {Format: FormatHTML, Body: []byte(`<html><body><main><div id="policy"></div><script src="https://app.termly.io/embed-policy.min.js"></script></main></body></html>`)},
		"markdown rule only": {Format: FormatMarkdown, Body: []byte("---\n\n***\n")},
	} {
		d, err := Parse(src)
		if !errors.Is(err, ErrEmpty) || err.Error() != "policy: empty document" || d != nil {
			t.Errorf("%s: Parse = %v, %v; want ErrEmpty", name, d, err)
		}
	}
	d, err := Parse(Source{Format: FormatHTML, Body: []byte("<html><body><main><h1>Privacy</h1></main></body></html>")})
	if err != nil || d.Words != 1 {
		t.Errorf("one word: Parse = %+v, %v; want a document of 1 word", d, err)
	}
}

// TestParseDeepMarkdown: nesting that makes a CommonMark parser slow (its
// time grows with the square of the depth) is cut, and its text kept.
func TestParseDeepMarkdown(t *testing.T) {
	var indented strings.Builder
	for i := 0; i < 2000; i++ {
		indented.WriteString(strings.Repeat("  ", i) + "- We use cookies to remember you.\n")
	}
	for name, s := range map[string]string{
		"quotes":   strings.Repeat("> ", 100_000) + "We use cookies to remember you.",
		"lists":    strings.Repeat("- ", 100_000) + "We use cookies to remember you.",
		"numbers":  strings.Repeat("1. ", 100_000) + "We use cookies to remember you.",
		"indented": indented.String(),
	} {
		start := time.Now()
		d := mustParse(t, Source{Format: FormatMarkdown, Body: []byte(s)})
		if el := time.Since(start); el > 3*time.Second {
			t.Errorf("%s: took %v", name, el)
		}
		if !strings.Contains(allText(d), "We use cookies to remember you.") {
			t.Errorf("%s: text lost", name)
		}
	}
	if got, _ := prepareMarkdown("> > quote\n  - item\n"); got != "> > quote\n  - item\n" {
		t.Errorf("shallow nesting changed: %q", got)
	}
}

func TestParseHostileInput(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	junk := make([]byte, 200_000)
	rng.Read(junk)
	deep := strings.Repeat("<div><span><b>", 60_000) + "We use cookies to remember you." + strings.Repeat("</b></span></div>", 10)
	huge := bytes.Repeat([]byte("<p>We keep your data for 30 days and we encrypt it in transit with TLS. </p>\n"), 80_000) // ~6 MB
	inputs := map[string]Source{
		"junk":           {Body: junk},
		"junk html":      {Format: FormatHTML, Body: junk},
		"junk markdown":  {Format: FormatMarkdown, Body: junk},
		"deep html":      {Body: []byte(deep)},
		"huge":           {Body: huge},
		"unclosed":       {Body: []byte("<html><body><main><p>We sell <b>data <i>to <table><tr><td>everyone")},
		"only tags":      {Body: []byte("<html><body><div></div></body></html>")},
		"long line":      {Format: FormatText, Body: bytes.Repeat([]byte("word "), 300_000)},
		"brackets":       {Format: FormatMarkdown, Body: bytes.Repeat([]byte("[[[[(((("), 50_000)},
		"invalid utf8":   {Body: []byte("We use cookies \xff\xfe to remember you.\x00\x01")},
		"nul in html":    {Body: []byte("<p>We \x00 use cookies.</p>")},
		"markdown fence": {Format: FormatMarkdown, Body: []byte("```\nunclosed fence\n# not a heading")},
	}
	for name, src := range inputs {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			d, err := Parse(src)
			if err != nil {
				return
			}
			a := Analyze(d)
			a.MentionsName("_ga")
			a.ExplainsPurpose("analytics")
			if len(a.Aspects) != len(AspectIDs) {
				t.Errorf("got %d aspects", len(a.Aspects))
			}
			if el := time.Since(start); el > 20*time.Second*testsite.TimeScale {
				t.Errorf("took %v", el)
			}
		})
	}
	if _, err := Parse(Source{Body: []byte("  \n")}); err == nil {
		t.Error("Parse(empty) returned no error")
	}
	if _, err := Parse(Source{Body: []byte("x"), Format: "pdf"}); err == nil {
		t.Error("Parse(unknown format) returned no error")
	}
}
