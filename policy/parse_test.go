package policy

import (
	"bytes"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"
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
	want := "Privacy Policy|Information We Collect|Disclaimer"
	if got := strings.Join(heads, "|"); got != want {
		t.Errorf("headings = %q, want %q\n%s", got, want, allText(d))
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
			if el := time.Since(start); el > 20*time.Second {
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
