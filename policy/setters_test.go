package policy

import "testing"

func TestExplainsCookiesOf(t *testing.T) {
	tests := []struct {
		lang, text, name string
		ok               bool
	}{
		// The name in a sentence that speaks of cookies or tracking.
		{"en", "We use Google Analytics, which sets cookies to count visits.", "Google Analytics", true},
		{"en", "Hotjar stores cookies to understand how visitors move through our pages.", "Hotjar", true},
		{"en", "Hotjar records which pages you visit and stores an identifier on your device.", "Hotjar", true},
		{"en", "We use Matomo to track how visitors use the site.", "Matomo", true},
		{"en", "The Meta Pixel lets us measure the ads we show and sets the _fbp cookie.", "Meta Pixel", true},
		{"en", "Our advertising partners use tracking technologies such as doubleclick.net.", "doubleclick.net", true},
		// Another name of the vocabulary.
		{"en", "Meta Platforms may set cookies when you view our page.", "Facebook", true},
		// The name alone, or in a sentence on something else.
		{"en", "Our offices are near Google in London and we care about your data.", "Google", false},
		{"en", "We use Google Analytics to improve our website.", "Google Analytics", false},
		{"en", "We use the Meta Pixel on our pages.", "Meta Pixel", false},
		{"en", "We use Cookiebot to ask for your consent.", "Cookiebot", false},
		{"en", "Cookiebot stores your consent in a cookie for one year.", "Cookiebot", true},
		// A proper name must be written as one.
		{"en", "We set session cookies only with your express consent.", "Express", false},
		{"en", "Express sets a session cookie that keeps you signed in.", "Express", true},
		{"en", "We use hotjar, which sets cookies on your browser.", "hotjar", true},
		// Other languages.
		{"de", "Diese Website nutzt Google Analytics. Google Analytics verwendet sogenannte Cookies, die eine Analyse Ihrer Nutzung ermöglichen.", "Google Analytics", true},
		{"de", "Hotjar speichert Informationen auf Ihrem Endgerät.", "Hotjar", true},
		{"de", "Wir nutzen Google Analytics für eine bessere Website.", "Google Analytics", false},
		{"fr", "Google Analytics dépose des traceurs pour mesurer l'audience.", "Google Analytics", true},
		{"fr", "Nous utilisons Google Analytics pour améliorer le site.", "Google Analytics", false},
		{"es", "Hotjar utiliza cookies para analizar la navegación.", "Hotjar", true},
		{"es", "Hotjar almacena un identificador en su dispositivo.", "Hotjar", true},
		{"it", "Hotjar effettua il tracciamento della navigazione.", "Hotjar", true},
		{"nl", "Hotjar plaatst cookies om het gebruik van de website te meten.", "Hotjar", true},
		{"nl", "Hotjar slaat een kenmerk op uw apparaat op.", "Hotjar", true},
		{"en", "Hotjar sets cookies.", "", false},
	}
	for _, tt := range tests {
		a := analyzeText(t, tt.lang, tt.text)
		s, ok := a.ExplainsCookiesOf(tt.name)
		if ok != tt.ok {
			t.Errorf("%s %q ExplainsCookiesOf(%q) = %q, %v; want %v", tt.lang, tt.text, tt.name, s, ok, tt.ok)
		}
		if ok && s == "" {
			t.Errorf("ExplainsCookiesOf(%q) returned no sentence", tt.name)
		}
	}
	var nilA *Analysis
	if _, ok := nilA.ExplainsCookiesOf("Hotjar"); ok {
		t.Error("nil Analysis explains cookies")
	}
}

func TestExplainsCookiesOfReadsTheLeadIn(t *testing.T) {
	// A list item is read with its lead-in for the words of cookies...
	a := analyzeText(t, "en", "These services set cookies on our pages:\n\n- doubleclick.net, to measure our ads\n- a newsletter tool\n")
	if s, ok := a.ExplainsCookiesOf("doubleclick.net"); !ok || s != "doubleclick.net, to measure our ads" {
		t.Errorf("ExplainsCookiesOf(doubleclick.net) = %q, %v; want the list item", s, ok)
	}
	// ...but the name must be in the sentence itself.
	a = analyzeText(t, "en", "We use Hotjar for the following:\n\n- setting cookies to count visits\n")
	if s, ok := a.ExplainsCookiesOf("Hotjar"); ok {
		t.Errorf("ExplainsCookiesOf(Hotjar) = %q: the item that speaks of cookies does not name Hotjar", s)
	}
}
