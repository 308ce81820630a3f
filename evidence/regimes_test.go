package evidence_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/record"
)

// regimeSite gathers a one-page site at origin whose home page has info
// (and links the policy, when body is not ""), then builds its evidence
// with the regimes asked for.
func regimeSite(t *testing.T, origin string, info record.Info, body string, regimes ...string) *evidence.Site {
	t.Helper()
	f := memFetcher{}
	if body != "" {
		info.PrivacyLinks = append(info.PrivacyLinks, origin+"/privacy")
		f[origin+"/privacy"] = body
	}
	c := &record.Crawl{Start: origin, Origin: origin, StartURL: origin + "/", Complete: true,
		Pages: []record.Page{{URL: origin + "/", FinalURL: origin + "/", Status: 200, HTML: true, Info: info}}}
	gather.Documents(context.Background(), c, f)
	return evidence.Build(c, catalog.Builtin(), regimes...)
}

// germanPolicy is a German policy that names the GDPR by its German name.
var germanPolicy = `<html lang="de"><head><title>Datenschutzerklärung</title></head><body><main><h1>Datenschutzerklärung</h1>
<p>Verantwortlicher im Sinne der Datenschutz-Grundverordnung (DSGVO) ist die Beispiel GmbH, Hauptstraße 1, 10115 Berlin.</p>
<p>Wir verarbeiten Ihre Daten auf Grundlage von Art. 6 Abs. 1 lit. b DSGVO, um Ihre Bestellung auszuführen.</p>
<p>Sie haben das Recht, sich bei einer Aufsichtsbehörde zu beschweren.</p></main></body></html>`

// ccpaPolicy is an English policy with a section for California residents.
var ccpaPolicy = policyHTML(
	"This policy explains how Example Inc. collects and uses personal information when you use our website.",
	"This section applies to California residents under the California Consumer Privacy Act (CCPA).",
	"We do not sell your personal information.",
	"We will not discriminate against you for exercising your rights under the CCPA.")

// plainPolicy is an English policy that names no law.
var plainPolicy = policyHTML(
	"This policy explains how Example Shop collects and uses personal data when you use our website.",
	"We use your e-mail address to send you order confirmations.",
	"You may access, correct or delete your personal data by writing to privacy@example.com.")

func signalsOf(site *evidence.Site, law string) string {
	return strings.Join(site.Regimes.SignalsOf(law), " | ")
}

func TestRegimesAuto(t *testing.T) {
	t.Run("a German policy on .de applies the GDPR", func(t *testing.T) {
		site := regimeSite(t, "https://shop.de", record.Info{Lang: "de"}, germanPolicy)
		if !slices.Equal(site.Regimes.Applied, []string{policy.LawGDPR}) || !slices.Equal(site.Regimes.Requested, []string{"auto"}) {
			t.Fatalf("regimes %+v, want the GDPR alone, auto", site.Regimes)
		}
		got := signalsOf(site, policy.LawGDPR)
		for _, want := range []string{"ccTLD .de (Germany)", "the policy is written in German", `pages written in German (lang="de" on 1 of 1)`} {
			if !strings.Contains(got, want) {
				t.Errorf("signals %q lack %q", got, want)
			}
		}
		// The policy's own words, when the analyser finds them.
		if site.Policy.LawMentions() != nil && !strings.Contains(got, "the policy names the GDPR: ") {
			t.Errorf("signals %q do not quote the policy naming the GDPR", got)
		}
	})
	t.Run("an English policy naming the CCPA applies the CCPA", func(t *testing.T) {
		site := regimeSite(t, "https://example.com", record.Info{Lang: "en"}, ccpaPolicy)
		if !site.Regimes.Applies(policy.LawCCPA) || site.Regimes.Applies(policy.LawGDPR) {
			t.Fatalf("regimes %+v, want the CCPA alone", site.Regimes)
		}
		if got := signalsOf(site, policy.LawCCPA); !strings.HasPrefix(got, "the policy names the CCPA: “") || !strings.Contains(got, "California residents") {
			t.Errorf("CCPA signals %q: quote the sentence naming it", got)
		}
	})
	t.Run("an English .com with no signal applies none", func(t *testing.T) {
		site := regimeSite(t, "https://example.com", record.Info{Lang: "en", Contact: record.Contact{Phones: []string{"+1 415 555 0100"},
			Addresses: []string{"350 Fifth Avenue, New York, NY 10118"}}}, plainPolicy)
		if r := site.Regimes; len(r.Applied) != 0 || len(r.Signals) != 0 || !r.Auto() {
			t.Errorf("regimes %+v, want none applied and no signal", r)
		}
	})
	t.Run("no policy: the site's own signals", func(t *testing.T) {
		site := regimeSite(t, "https://example.com", record.Info{Lang: "en-GB"}, "")
		if got := signalsOf(site, policy.LawGDPR); got != `pages written for the United Kingdom (lang="en-GB" on 1 of 1)` {
			t.Errorf("signals %q", got)
		}
	})
}

func TestRegimesAsked(t *testing.T) {
	for _, tc := range []struct {
		name    string
		origin  string
		body    string
		asked   []string
		applied []string
	}{
		{"gdpr on a site with no signal", "https://example.com", plainPolicy, []string{"gdpr"}, []string{"gdpr"}},
		{"none on a German site", "https://shop.de", germanPolicy, []string{"none"}, nil},
		{"ccpa alone on a German site", "https://shop.de", germanPolicy, []string{"ccpa"}, []string{"ccpa"}},
		{"both, in the order of the laws", "https://example.com", plainPolicy, []string{"ccpa", "gdpr"}, []string{"gdpr", "ccpa"}},
		{"auto, given", "https://shop.de", germanPolicy, []string{"auto"}, []string{"gdpr"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := regimeSite(t, tc.origin, record.Info{}, tc.body, tc.asked...)
			r := site.Regimes
			if !slices.Equal(r.Applied, tc.applied) || !slices.Equal(r.Requested, tc.asked) {
				t.Fatalf("regimes %+v, want %v applied", r, tc.applied)
			}
			if !r.Auto() {
				for _, law := range tc.applied {
					if got := r.SignalsOf(law); !slices.Equal(got, []string{evidence.AskedSignal}) {
						t.Errorf("%s: signals %q, want only %q", law, got, evidence.AskedSignal)
					}
				}
				if len(r.Signals) != len(tc.applied) {
					t.Errorf("signals %+v: one per law asked for", r.Signals)
				}
			}
		})
	}
}

func TestRegimeSignals(t *testing.T) {
	gdpr := func(t *testing.T, origin string, info record.Info, body string) string {
		t.Helper()
		return signalsOf(regimeSite(t, origin, info, body), policy.LawGDPR)
	}
	for _, tc := range []struct {
		name   string
		origin string
		info   record.Info
		body   string
		want   string // "" for no GDPR signal
	}{
		{"a UK address", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"12 Harbour Street, Bristol BS1 4RN"}}}, "",
			`a postal address in the United Kingdom (“12 Harbour Street, Bristol BS1 4RN” on /)`},
		{"a named country", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"Keizersgracht 1, Amsterdam, Nederland"}}}, "",
			"a postal address in the Netherlands"},
		{"a continental address", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"Musterstraße 5, 10115 Berlin"}}}, "",
			"a postal address in a European form"},
		{"a Swiss address is not one", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"Bahnhofstrasse 1, 8001 Zürich, Schweiz"}}}, "", ""},
		{"a US address is not one", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"12345 Main Street, Springfield, IL 62704"}}}, "", ""},
		{"a Via in California is not one", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"12345 Via Verde, San Dimas, CA 91773"}}}, "", ""},
		{"a prefixed postcode", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"Musterweg 5, A-1010 Wien"}}}, "", "a postal address in Austria"},
		{"New England is not England", "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"1 Harbor Road, Boston, New England 02110"}}}, "", ""},
		{"a phone number", "https://example.com", record.Info{Contact: record.Contact{Phones: []string{"+49 30 1234567"}}}, "",
			"a phone number of Germany (+49 30 1234567 on /)"},
		{"an imprint", "https://example.com", record.Info{ContactLinks: []string{"https://example.com/impressum/"}}, "",
			"an imprint page (/impressum/)"},
		{"a page language with a European region", "https://example.com", record.Info{Lang: "fr-BE"}, "", `pages written for Belgium (lang="fr-BE" on 1 of 1)`},
		{"English alone is none", "https://example.com", record.Info{Lang: "en-US"}, "", ""},
		{"Spanish for Mexico is none", "https://example.mx", record.Info{Lang: "es-MX"},
			`<html lang="es"><body><main><h1>Aviso de privacidad</h1><p>Usamos tus datos personales para enviar tus pedidos y responder a tus preguntas.</p></main></body></html>`, ""},
		{"a .eu domain", "https://example.eu", record.Info{}, "", "ccTLD .eu"},
		{"a .co.uk domain", "https://example.co.uk", record.Info{}, "", "ccTLD .uk (the United Kingdom)"},
		{"amounts in euros", "https://example.com", record.Info{}, policyHTML("This policy explains how Example Shop uses personal data.", "Orders above 50 € ship free, and we store the delivery address for that."),
			"the policy quotes amounts in euros"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := gdpr(t, tc.origin, tc.info, tc.body)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Errorf("GDPR signals %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("a Californian address", func(t *testing.T) {
		site := regimeSite(t, "https://example.com", record.Info{Contact: record.Contact{Addresses: []string{"1 Market Street, San Francisco, CA 94105"}}}, "")
		if got := signalsOf(site, policy.LawCCPA); !strings.HasPrefix(got, "a postal address in California") || site.Regimes.Applies(policy.LawGDPR) {
			t.Errorf("regimes %+v", site.Regimes)
		}
	})
}
