package policy

import (
	"slices"
	"strings"
	"testing"
)

// claimCase is a sentence and the claims it makes (none for a near miss).
type claimCase struct {
	lang, text string
	want       []ClaimKind
}

var (
	noCookies  = []ClaimKind{ClaimNoCookies}
	noSharing  = []ClaimKind{ClaimNoSharing}
	noTracking = []ClaimKind{ClaimNoTracking}
	noSelling  = []ClaimKind{ClaimNoSelling}
)

// claimCases are, per language, sentences that make a claim without
// reservation, and near misses that do not: a qualified claim (an
// exception, a condition, a purpose, a narrowed object), a hedge, another
// subject, another object.
var claimCases = []claimCase{
	// English: no cookies.
	{"en", "We use no cookies.", noCookies},
	{"en", "We don't use any cookies.", noCookies},
	{"en", "We do not use cookies.", noCookies},
	{"en", "This website does not use cookies.", noCookies},
	{"en", "No cookies are used.", noCookies},
	{"en", "No cookies are set on this website.", noCookies},
	{"en", "This site is cookie-free.", noCookies},
	{"en", "We do not set or read cookies on your device.", noCookies},
	{"en", "Our website uses no cookies whatsoever.", noCookies},
	{"en", "We never place cookies, and we do not collect your IP address.", noCookies},
	{"en", "We do not use cookies or similar technologies.", noCookies},
	{"en", "We don't use cookies (small text files stored by your browser).", noCookies},
	{"en", "Please note that this website does not use any cookies at all.", noCookies},
	{"en", "We use no cookies other than those strictly necessary.", nil},
	{"en", "We use no cookies without your consent.", nil},
	{"en", "We do not use cookies to identify you.", nil},
	{"en", "We do not use cookies that track you across websites.", nil},
	{"en", "We do not use third-party cookies.", nil},
	{"en", "We do not use advertising cookies.", nil},
	{"en", "We do not use cookies, except for a session cookie that keeps you logged in.", nil},
	{"en", "If you do not accept cookies, some features may not work.", nil},
	{"en", "If you decline, no cookies are set.", nil},
	{"en", "You can refuse cookies in your browser settings.", nil},
	{"en", "Your browser may not accept cookies.", nil},
	{"en", "We do not set cookies by default.", nil},
	{"en", "Do we use cookies?", nil},
	{"en", "We use cookies to remember your language.", nil},

	// English: no tracking.
	{"en", "We do not use analytics.", noTracking},
	{"en", "We don't use any tracking tools.", noTracking},
	{"en", "This website uses no trackers.", noTracking},
	{"en", "We do not track you.", noTracking},
	{"en", "We never track our visitors or sell their data.", noTracking},
	{"en", "No tracking takes place on this website.", noTracking},
	{"en", "We do not use Google Analytics or any other analytics service.", noTracking},
	{"en", "We do not use Google Analytics.", nil}, // one service: not "no tracking"
	{"en", "We do not track you across other websites.", nil},
	{"en", "We do not use analytics for advertising purposes.", nil},
	{"en", "We do not respond to Do Not Track signals.", nil},
	{"en", "We only use analytics with your consent.", nil},

	// English: no sharing, no selling.
	{"en", "We never share your data with third parties.", noSharing},
	{"en", "We never pass on your data to third parties.", noSharing},
	{"en", "We do not pass your personal data on to anyone.", noSharing},
	{"en", "We do not disclose your personal information to third parties.", noSharing},
	{"en", "Your personal data will never be shared with third parties.", noSharing},
	{"en", "Example Ltd does not share your information with anyone.", noSharing},
	{"en", "We do not sell, rent or share your information with anyone.", []ClaimKind{ClaimNoSharing, ClaimNoSelling}},
	{"en", "We do not share your data except with our processors.", nil},
	{"en", "We do not share your data with third parties without your consent.", nil},
	{"en", "We do not share your e-mail address with third parties.", nil}, // one datum: not "your data"
	{"en", "We do not share any information that identifies you.", nil},
	{"en", "As a rule, we do not share your data with third parties.", nil},
	{"en", "We do not share your data with third parties for marketing purposes.", nil},
	{"en", "You do not have to share your data with us.", nil},
	{"en", "We do not sell your personal information.", noSelling},
	{"en", "We never sell your data.", noSelling},
	{"en", "We do not and will not sell your personal information to third parties.", noSelling},
	{"en", "Your personal information is never sold.", noSelling},
	{"en", "We are not in the business of selling your data.", noSelling},
	{"en", "We do not sell products to children.", nil},
	{"en", "We do not sell your data unless you ask us to.", nil},
	{"en", "Do we sell your personal information?", nil},

	// German.
	{"de", "Wir verwenden keine Cookies.", noCookies},
	{"de", "Diese Website setzt keine Cookies.", noCookies},
	{"de", "Wir setzen auf unserer Website keine Cookies ein.", noCookies},
	{"de", "Auf dieser Website werden keine Cookies gesetzt.", noCookies},
	{"de", "Daher verwenden wir keinerlei Cookies.", noCookies},
	{"de", "Unsere Website ist cookiefrei.", noCookies},
	{"de", "Wir verzichten bewusst auf den Einsatz von Cookies.", noCookies},
	{"de", "Wir verwenden keine Cookies, außer technisch notwendigen.", nil},
	{"de", "Wir verwenden keine Cookies ohne Ihre Einwilligung.", nil},
	{"de", "Wir verwenden keine Cookies, die Sie identifizieren.", nil},
	{"de", "Wir verwenden keine Tracking-Cookies.", noTracking}, // no tracking, but not no cookies
	{"de", "Wenn Sie Cookies ablehnen, werden keine Cookies gesetzt.", nil},
	{"de", "Sie können Cookies in Ihrem Browser ablehnen.", nil},
	{"de", "Wir setzen keine Analyse-Tools ein.", noTracking},
	{"de", "Es findet kein Tracking statt.", noTracking},
	{"de", "Wir verwenden kein Tracking ohne Ihre Einwilligung.", nil},
	{"de", "Ihre Daten werden nicht an Dritte weitergegeben.", noSharing},
	{"de", "Wir geben Ihre personenbezogenen Daten nicht an Dritte weiter.", noSharing},
	{"de", "Wir geben keine Daten an Dritte weiter.", noSharing},
	{"de", "Eine Weitergabe Ihrer Daten an Dritte findet nicht statt.", noSharing},
	{"de", "Ihre Daten werden nicht an Dritte weitergegeben, es sei denn, wir sind gesetzlich dazu verpflichtet.", nil},
	{"de", "Wir geben Ihre Daten grundsätzlich nicht an Dritte weiter.", nil},
	{"de", "Ihre Daten werden nicht an unbefugte Dritte weitergegeben.", nil},
	{"de", "Wir verkaufen Ihre Daten nicht.", noSelling},
	{"de", "Ihre Daten werden niemals verkauft.", noSelling},
	{"de", "Wir verkaufen keine Produkte an Kinder.", nil},

	// French.
	{"fr", "Nous n'utilisons aucun cookie.", noCookies},
	{"fr", "Ce site n'utilise pas de cookies.", noCookies},
	{"fr", "Nous ne déposons aucun cookie sur votre terminal.", noCookies},
	{"fr", "Aucun cookie n'est déposé lors de votre visite.", noCookies},
	{"fr", "Nous n'utilisons pas de cookies sans votre consentement.", nil},
	{"fr", "Nous n'utilisons pas de cookies autres que ceux nécessaires au fonctionnement du site.", nil},
	{"fr", "Si vous refusez les cookies, certaines fonctionnalités ne seront pas disponibles.", nil},
	{"fr", "Vous pouvez refuser les cookies.", nil},
	{"fr", "Nous n'utilisons que des cookies techniques.", nil},
	{"fr", "Nous n'utilisons pas d'outils de mesure d'audience.", noTracking},
	{"fr", "Nous ne partageons jamais vos données avec des tiers.", noSharing},
	{"fr", "Vos données ne sont jamais transmises à des tiers.", noSharing},
	{"fr", "Nous ne partageons pas vos données, sauf avec nos prestataires.", nil},
	{"fr", "Nous ne vendons pas vos données personnelles.", noSelling},
	{"fr", "Nous ne vendons ni ne louons vos données.", noSelling},
	{"fr", "Nous ne vendons pas de produits aux mineurs.", nil},

	// Dutch.
	{"nl", "Wij gebruiken geen cookies.", noCookies},
	{"nl", "Deze website maakt geen gebruik van cookies.", noCookies},
	{"nl", "Er worden geen cookies geplaatst.", noCookies},
	{"nl", "Wij gebruiken geen cookies zonder uw toestemming.", nil},
	{"nl", "Als u geen cookies accepteert, werken sommige onderdelen niet.", nil},
	{"nl", "Wij gebruiken geen analytics.", noTracking},
	{"nl", "Wij delen uw gegevens niet met derden.", noSharing},
	{"nl", "Wij geven uw gegevens nooit door aan derden.", noSharing},
	{"nl", "Uw persoonsgegevens worden niet doorgegeven naar landen buiten de Europese Economische Ruimte.", nil},
	{"nl", "Wij geven nooit persoonsgegevens door aan andere partijen waarmee we geen verwerkersovereenkomst hebben.", nil},
	{"nl", "Wij verkopen uw gegevens niet.", noSelling},
	{"nl", "Wij verkopen uw persoonsgegevens nooit aan derden.", noSelling},
	{"nl", "Wij verkopen geen producten aan kinderen.", nil},

	// Spanish.
	{"es", "No utilizamos cookies.", noCookies},
	{"es", "No usamos ninguna cookie.", noCookies},
	{"es", "Este sitio web no utiliza cookies.", noCookies},
	{"es", "No utilizamos cookies propias ni de terceros.", noCookies},
	{"es", "No utilizamos cookies de terceros.", nil},
	{"es", "Si no acepta las cookies, algunas funciones pueden no estar disponibles.", nil},
	{"es", "No utilizamos cookies sin su consentimiento.", nil},
	{"es", "No utilizamos herramientas de analítica.", noTracking},
	{"es", "No compartimos sus datos con terceros.", noSharing},
	{"es", "Sus datos no serán cedidos a terceros.", noSharing},
	{"es", "No compartimos sus datos con terceros, salvo obligación legal.", nil},
	{"es", "No vendemos sus datos personales.", noSelling},
	{"es", "No vendemos productos a menores.", nil},

	// Italian.
	{"it", "Non utilizziamo cookie.", noCookies},
	{"it", "Questo sito non utilizza alcun cookie.", noCookies},
	{"it", "Non viene utilizzato alcun cookie.", noCookies},
	{"it", "Non utilizziamo cookie di profilazione.", nil}, // profiling is not all tracking: analytics may remain
	{"it", "Se non accetti i cookie, alcune funzionalità potrebbero non essere disponibili.", nil},
	{"it", "Questo sito non utilizza cookie, se non quelli tecnici.", nil},
	{"it", "Non utilizziamo strumenti di tracciamento.", noTracking},
	{"it", "Non condividiamo i tuoi dati con terzi.", noSharing},
	{"it", "I tuoi dati non saranno mai comunicati a terzi.", noSharing},
	{"it", "I dati non saranno diffusi.", nil},
	{"it", "Non condividiamo i tuoi dati con terzi, tranne i nostri fornitori.", nil},
	{"it", "Non vendiamo i tuoi dati.", noSelling},
	{"it", "Non vendiamo prodotti ai minori.", nil},
}

// TestClaimDefinitions: each sentence makes exactly the claims listed, each
// quoting the sentence.
func TestClaimDefinitions(t *testing.T) {
	for _, tt := range claimCases {
		a := analyzeText(t, tt.lang, tt.text)
		var kinds []ClaimKind
		for _, c := range a.Claims {
			kinds = append(kinds, c.Kind)
			if c.Sentence != tt.text {
				t.Errorf("%s %q: claim %s quotes %q", tt.lang, tt.text, c.Kind, c.Sentence)
			}
		}
		if !slices.Equal(kinds, tt.want) {
			t.Errorf("%s %q: claims %v, want %v", tt.lang, tt.text, kinds, tt.want)
		}
	}
}

// TestClaimsNeedAStatement: a heading, a title-like line and a question make
// no claim; the same words as a sentence under them do.
func TestClaimsNeedAStatement(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Claim
	}{
		{"markdown heading", "# Privacy\n\n## We do not sell your personal information\n\nWe explain here how we handle your data.\n", nil},
		{"title line in text", "We Do Not Sell Your Personal Information\n\nWe explain here how we handle your data.\n", nil},
		{"question", "Do we sell your personal information to third parties?\n\nWe explain here how we handle your data.\n", nil},
		{"answer under a question", "## Do we use cookies?\n\nWe do not use cookies.\n", []Claim{{ClaimNoCookies, "We do not use cookies."}}},
	}
	for _, tt := range tests {
		a := analyzeText(t, "en", tt.text)
		if !slices.Equal(a.Claims, tt.want) {
			t.Errorf("%s: claims %+v, want %+v", tt.name, a.Claims, tt.want)
		}
	}
}

// TestClaimRulesCoverEveryLanguage: every language has rules for every kind
// of claim, and the end of a claim to read them with.
func TestClaimRulesCoverEveryLanguage(t *testing.T) {
	rs := rules()
	for _, l := range Languages {
		if rs.claimEnd[l] == nil {
			t.Errorf("%s: no [claim-end]", l)
		}
		have := map[string]bool{}
		for _, r := range rs.byLang[l] {
			if r.section == "claim" {
				have[r.key] = true
			}
		}
		for _, k := range claimKinds {
			if !have[string(k)] {
				t.Errorf("%s: no rule for the %s claim", l, k)
			}
		}
	}
}

// TestRuleDefinitions: "{name}" reads a [define] line given before it;
// a name used before it is defined, or defined twice, is an error that
// names the line.
func TestRuleDefinitions(t *testing.T) {
	rs := newRuleSet()
	err := rs.parseFile("x.rules", "en", "[define]\nwe = \\b(?:we|this site)\nnot = (?:do not|don't)\nwenot = {we} {not}\n[claim:no-cookies]\n{wenot} use cookies\n[claim-end]\n\\s*[.!]?$\n")
	if err != nil {
		t.Fatal(err)
	}
	r := rs.rules[0]
	for s, want := range map[string]bool{
		"we don't use cookies.":                                           true,
		"this site do not use cookies":                                    true,
		"we don't use cookies to identify you.":                           false,
		"they don't use cookies.":                                         false,
		"we don't use cookies to track, so this site do not use cookies.": true, // the second match ends well
	} {
		if got := rs.matchClaim(r, s); got != want {
			t.Errorf("matchClaim(%q) = %v, want %v", s, got, want)
		}
	}
	if !strings.Contains(r.src, "{wenot}") {
		t.Errorf("src %q: want the pattern as written", r.src)
	}
	for data, want := range map[string]string{
		"[aspect:cookies]\n3 {we} use cookies\n": "x.rules:2: {we} is not defined",
		"[define]\na = x\na = y\n":               `x.rules:3: "a" is defined twice`,
		"[define]\nBad Name = x\n":               "x.rules:2: bad definition",
		"[define]\na = (x\n":                     "x.rules:2: error parsing regexp",
		"[claim-end]\n$\n[claim-end]\n\\.$\n":    "x.rules:4: a second [claim-end] pattern",
	} {
		err := newRuleSet().parseFile("x.rules", "en", data)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("parseFile(%q) = %v, want an error starting %q", data, err, want)
		}
	}
}
