package policy

import (
	"strings"
	"testing"
)

func TestSplitKeepsGermanDates(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Stand: 1. März 2024. Wir schützen Ihre Daten.", 2},
		{"Diese Erklärung gilt seit dem 25. Mai 2018 und ersetzt alle früheren Fassungen.", 1},
		{"Bijgewerkt op 3. mei 2023. Wij beschermen uw gegevens.", 2},
		{"Wir speichern Daten für 30 Tage. Danach löschen wir sie.", 2},
		{"Abschnitt 2. Zweck der Verarbeitung ist die Vertragserfüllung.", 2},
	}
	for _, tt := range tests {
		if got := splitSentences(tt.text); len(got) != tt.want {
			t.Errorf("splitSentences(%q) = %q, want %d sentences", tt.text, got, tt.want)
		}
	}
}

func TestMailtoAddressKept(t *testing.T) {
	for _, src := range []Source{
		{Format: FormatHTML, Body: []byte(`<html><body><main><h2>Contact</h2><p>For any question about your data, <a href="mailto:privacy@shop.test?subject=Data">write to our privacy team</a>.</p></main></body></html>`)},
		{Format: FormatMarkdown, Body: []byte("## Contact\n\nFor any question about your data, [write to our privacy team](mailto:privacy@shop.test).\n")},
	} {
		doc, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		text := ""
		for _, s := range doc.Sections {
			for _, sent := range s.Sentences {
				text += sent + " "
			}
		}
		if !strings.Contains(text, "privacy@shop.test") {
			t.Errorf("%s: the address of a mailto link must stay in the text: %q", src.Format, text)
		}
		if a := Analyze(doc); !a.Aspects["privacy-contact"].Covered {
			t.Errorf("%s: a mailto link to the privacy team covers privacy-contact", src.Format)
		}
	}
}

func TestContradictionsInText(t *testing.T) {
	doc, err := Parse(Source{Format: FormatMarkdown, Body: []byte("# Privacy\n\nThis website does not use cookies.\n\nWe use Google Analytics to count visits, and it sets the _ga cookie in your browser.\n")})
	if err != nil {
		t.Fatal(err)
	}
	a := Analyze(doc)
	got := a.Contradictions()
	if len(got) != 1 || got[0].Claim != ClaimNoCookies || !strings.Contains(got[0].Observed, "_ga") {
		t.Errorf("contradictions %+v, want the no-cookies claim contradicted by _ga", got)
	}
	clean, _ := Parse(Source{Format: FormatMarkdown, Body: []byte("# Privacy\n\nThis website does not use cookies.\n\nWe answer the e-mails you send us and delete them after one year.\n")})
	if c := Analyze(clean).Contradictions(); len(c) != 0 {
		t.Errorf("no contradiction expected: %+v", c)
	}
}

func TestHugoTOMLFrontMatter(t *testing.T) {
	doc, err := Parse(Source{Format: FormatMarkdown, Body: []byte("+++\ntitle = \"Privacy\"\ndescription = \"We keep data for thirty days\"\n+++\n\n## Cookies\n\nWe use cookies to remember your language.\n")})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Privacy" {
		t.Errorf("title %q", doc.Title)
	}
	if a := Analyze(doc); a.Aspects["data-retention"].Covered || !a.Aspects["cookies"].Covered {
		t.Errorf("front matter read as text: %+v", a.Aspects["data-retention"])
	}
}

// A table of contents (links to the page's own headings) covers nothing:
// the headings it repeats are not statements.
func TestTableOfContentsCoversNothing(t *testing.T) {
	for _, src := range []Source{
		{Format: FormatHTML, Body: []byte(`<html><body><main><h1>Privacy</h1><h2>Contents</h2><ul><li><a href="#cookies">How we use cookies</a></li><li><a href="#sharing">When we share your personal data with third parties</a><ul><li><a href="#rights">How you can access or delete your data</a></li></ul></li></ul><p>This page describes our practices.</p></main></body></html>`)},
		{Format: FormatMarkdown, Body: []byte("# Privacy\n\n## Contents\n\n- [How we use cookies](#cookies)\n- [When we share your personal data with third parties](#sharing)\n  - [How you can access or delete your data](#rights)\n\nThis page describes our practices.\n")},
	} {
		doc, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		a := Analyze(doc)
		for _, id := range []string{"cookies", "third-party-sharing", "user-access"} {
			if a.Aspects[id].Covered {
				t.Errorf("%s: a table of contents covers %s: %q", src.Format, id, a.Aspects[id].Evidence)
			}
		}
	}
	// A list of real statements that happen to link anchors still counts.
	doc, _ := Parse(Source{Format: FormatHTML, Body: []byte(`<html><body><main><ul><li>We use cookies to remember your language (see <a href="#list">the list</a>).</li><li>We keep logs for 30 days.</li></ul></main></body></html>`)})
	if !Analyze(doc).Aspects["cookies"].Covered {
		t.Error("a list of statements with anchor links must still be read")
	}
}
