package evidence

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
)

// The regimes are the laws whose notice requirements the audit applies
// (policy.Laws: the GDPR, the CCPA). The user asks for them (--regime, the
// configuration's regimes): a list of laws, none, or auto, the default. Auto
// decides from what the site shows, and says why: each signal is a short
// sentence of what was seen. Any one signal applies its law; with none, no
// law applies.
//
// Signals of an EU/EEA/UK audience (the GDPR, and the UK GDPR): the policy
// names the GDPR (by any of its names); the policy, or the pages, are
// written in a language of the EU or the EEA other than English (a page
// language with a region names the region instead: en-GB counts, es-MX does
// not); the site's ccTLD is an EU, EEA or UK one (.eu included); a page
// shows a postal address or a phone number in one of those countries; the
// site has an imprint page (Impressum, mentions légales, aviso legal, note
// legali), which the laws of several EU states require; the policy quotes
// amounts in euros or pounds. Signals of a Californian audience (the
// CCPA): the policy names the CCPA or the CPRA, or speaks to "California
// residents"; a page shows a postal address in California.

// Regime values that are not laws.
const (
	// RegimeAuto decides the laws from what the site shows.
	RegimeAuto = "auto"
	// RegimeNone applies no law.
	RegimeNone = "none"
)

// RegimeValues are the values --regime (and the configuration's regimes)
// accept: auto, a law of policy.Laws, or none. Auto and none stand alone.
var RegimeValues = append(append([]string{RegimeAuto}, policy.Laws...), RegimeNone)

// Regimes are the laws an audit applies, and why.
type Regimes struct {
	// Requested are the values asked for (RegimeValues), as given; auto
	// when none was.
	Requested []string
	// Applied are the laws applied, in the order of policy.Laws.
	Applied []string
	// Signals say why each applied law applies: what the site shows, for
	// auto; "asked for with --regime" for a law asked for.
	Signals []RegimeSignal
}

// RegimeSignal is one reason a law applies.
type RegimeSignal struct {
	// Regime is the law (policy.LawGDPR, policy.LawCCPA).
	Regime string
	// Signal says in a few words what was seen ("ccTLD .de (Germany)").
	Signal string
}

// Applies reports whether law is applied.
func (r Regimes) Applies(law string) bool { return slices.Contains(r.Applied, law) }

// Auto reports whether the laws were decided from the site.
func (r Regimes) Auto() bool {
	return len(r.Requested) == 0 || slices.Contains(r.Requested, RegimeAuto)
}

// SignalsOf returns the signals of law, in order.
func (r Regimes) SignalsOf(law string) []string {
	var out []string
	for _, s := range r.Signals {
		if s.Regime == law {
			out = append(out, s.Signal)
		}
	}
	return out
}

// AskedSignal is the signal of a law the user asked for.
const AskedSignal = "asked for with --regime"

// quote quotes what the site says, on one line, cut at max runes.
func quote(s string, max int) string { return "“" + textutil.OneLine(s, max) + "”" }

// decideRegimes decides the laws to apply from the values requested
// (validated by the caller: unknown values are ignored).
func (s *Site) decideRegimes(requested []string) Regimes {
	r := Regimes{Requested: slices.Clone(requested)}
	if len(r.Requested) == 0 {
		r.Requested = []string{RegimeAuto}
	}
	if slices.Contains(r.Requested, RegimeNone) {
		return r
	}
	if !r.Auto() {
		for _, law := range policy.Laws {
			if slices.Contains(r.Requested, law) {
				r.Applied = append(r.Applied, law)
				r.Signals = append(r.Signals, RegimeSignal{law, AskedSignal})
			}
		}
		return r
	}
	for _, law := range policy.Laws {
		var signals []string
		switch law {
		case policy.LawGDPR:
			signals = s.gdprSignals()
		case policy.LawCCPA:
			signals = s.ccpaSignals()
		}
		if len(signals) > 0 {
			r.Applied = append(r.Applied, law)
			for _, sig := range signals {
				r.Signals = append(r.Signals, RegimeSignal{law, sig})
			}
		}
	}
	return r
}

// lawMention is the signal of a law the policy names.
func (s *Site) lawMention(law string) string {
	for _, m := range s.Policy.LawMentions() { // nil-safe
		if m.Law == law {
			return "the policy names the " + policy.LawName(law) + ": " + quote(m.Sentence, 100)
		}
	}
	return ""
}

// gdprSignals are the signals of an EU/EEA/UK audience, strongest first.
func (s *Site) gdprSignals() []string {
	var out []string
	add := func(sig string) {
		if sig != "" {
			out = append(out, sig)
		}
	}
	add(s.lawMention(policy.LawGDPR))
	outside := s.pageLanguagesOutside()
	if a := s.Policy; a != nil {
		if name, ok := euLanguages[a.Language]; ok && !outside[a.Language] {
			add("the policy is written in " + name)
		}
	}
	add(s.pageLanguageSignal())
	add(s.ccTLDSignal())
	add(s.addressSignal())
	add(s.phoneSignal())
	add(s.imprintSignal())
	add(s.currencySignal())
	return out
}

// ccpaSignals are the signals of a Californian audience.
func (s *Site) ccpaSignals() []string {
	var out []string
	if sig := s.lawMention(policy.LawCCPA); sig != "" {
		out = append(out, sig)
	}
	for _, p := range s.Pages {
		for _, a := range p.Contact.Addresses {
			if californian.MatchString(a) {
				return append(out, fmt.Sprintf("a postal address in California (%s on %s)", quote(a, 100), s.ShortURL(p.URL)))
			}
		}
	}
	return out
}

// country is a state whose residents the GDPR (or the UK GDPR) protects.
type country struct {
	code, name string
	// names are the country's names an address may end with, in English
	// and in its own languages.
	names []string
	// calling is the international calling code, without the "+".
	calling string
}

// countries are the EU and EEA member states and the United Kingdom, by
// ccTLD (the UK's is .uk).
var countries = []country{
	{"at", "Austria", []string{"Austria", "Österreich"}, "43"},
	{"be", "Belgium", []string{"Belgium", "België", "Belgique", "Belgien"}, "32"},
	{"bg", "Bulgaria", []string{"Bulgaria", "България"}, "359"},
	{"hr", "Croatia", []string{"Croatia", "Hrvatska"}, "385"},
	{"cy", "Cyprus", []string{"Cyprus", "Κύπρος"}, "357"},
	{"cz", "Czechia", []string{"Czechia", "Czech Republic", "Česko", "Česká republika"}, "420"},
	{"dk", "Denmark", []string{"Denmark", "Danmark"}, "45"},
	{"ee", "Estonia", []string{"Estonia", "Eesti"}, "372"},
	{"fi", "Finland", []string{"Finland", "Suomi"}, "358"},
	{"fr", "France", []string{"France"}, "33"},
	{"de", "Germany", []string{"Germany", "Deutschland"}, "49"},
	{"gr", "Greece", []string{"Greece", "Ελλάδα", "Hellas"}, "30"},
	{"hu", "Hungary", []string{"Hungary", "Magyarország"}, "36"},
	{"ie", "Ireland", []string{"Ireland", "Éire"}, "353"},
	{"it", "Italy", []string{"Italy", "Italia"}, "39"},
	{"lv", "Latvia", []string{"Latvia", "Latvija"}, "371"},
	{"lt", "Lithuania", []string{"Lithuania", "Lietuva"}, "370"},
	{"lu", "Luxembourg", []string{"Luxembourg", "Luxemburg", "Lëtzebuerg"}, "352"},
	{"mt", "Malta", []string{"Malta"}, "356"},
	{"nl", "the Netherlands", []string{"Netherlands", "Nederland"}, "31"},
	{"pl", "Poland", []string{"Poland", "Polska"}, "48"},
	{"pt", "Portugal", []string{"Portugal"}, "351"},
	{"ro", "Romania", []string{"Romania", "România"}, "40"},
	{"sk", "Slovakia", []string{"Slovakia", "Slovensko"}, "421"},
	{"si", "Slovenia", []string{"Slovenia", "Slovenija"}, "386"},
	{"es", "Spain", []string{"Spain", "España"}, "34"},
	{"se", "Sweden", []string{"Sweden", "Sverige"}, "46"},
	{"is", "Iceland", []string{"Iceland", "Ísland"}, "354"},
	{"li", "Liechtenstein", []string{"Liechtenstein"}, "423"},
	{"no", "Norway", []string{"Norway", "Norge"}, "47"},
	{"uk", "the United Kingdom", []string{"United Kingdom", "Great Britain", "Northern Ireland", "England", "Scotland", "UK"}, "44"},
}

// countryByCode returns the country of a ccTLD or ISO 3166 region code
// (GB is the UK's).
func countryByCode(code string) (country, bool) {
	code = strings.ToLower(code)
	if code == "gb" {
		code = "uk"
	}
	for _, c := range countries {
		if c.code == code {
			return c, true
		}
	}
	return country{}, false
}

// euLanguages are the languages of the EU and EEA states other than
// English, by ISO 639-1 code, with their English names. English is spoken
// everywhere: alone it is no signal.
var euLanguages = map[string]string{
	"bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "es": "Spanish", "et": "Estonian",
	"fi": "Finnish", "fr": "French", "ga": "Irish", "hr": "Croatian", "hu": "Hungarian", "is": "Icelandic", "it": "Italian",
	"lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mt": "Maltese", "nb": "Norwegian", "nl": "Dutch",
	"nn": "Norwegian", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "sk": "Slovak",
	"sl": "Slovenian", "sv": "Swedish", "cy": "Welsh", "gd": "Scottish Gaelic",
}

// langTag splits a language tag ("de-AT", "en_GB") into its language and
// region, lower case.
func langTag(tag string) (lang, region string) {
	tag = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(tag, "_", "-")))
	lang, rest, _ := strings.Cut(tag, "-")
	for _, sub := range strings.Split(rest, "-") {
		if len(sub) == 2 {
			return lang, sub
		}
	}
	return lang, ""
}

// pageLanguagesOutside returns the languages that the pages only ever
// place outside the EU/EEA/UK (es-MX, pt-BR, de-CH): such a language says
// nothing of a European audience, even as the policy's.
func (s *Site) pageLanguagesOutside() map[string]bool {
	inside, outside := map[string]bool{}, map[string]bool{}
	for _, p := range s.Pages {
		lang, region := langTag(p.Lang)
		if _, eu := countryByCode(region); region == "" || eu {
			inside[lang] = true
		} else {
			outside[lang] = true
		}
	}
	for l := range inside {
		delete(outside, l)
	}
	return outside
}

// langPlace says where a page language places its readers ("for the
// United Kingdom", "in German"): a region of the EU/EEA/UK, or without a
// region, a language of those states other than English. It returns ""
// for any other tag.
func langPlace(tag string) string {
	lang, region := langTag(tag)
	if c, ok := countryByCode(region); ok {
		return "for " + c.name
	}
	if name, ok := euLanguages[lang]; ok && region == "" {
		return "in " + name
	}
	return ""
}

// pageLanguageSignal is the language the most pages declare among those
// that place them in the EU/EEA/UK (langPlace).
func (s *Site) pageLanguageSignal() string {
	count := map[string]int{}
	for _, p := range s.Pages {
		if tag := strings.TrimSpace(p.Lang); langPlace(tag) != "" {
			count[tag]++
		}
	}
	best, n := "", 0
	for tag, c := range count {
		if c > n || c == n && tag < best {
			best, n = tag, c
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("pages written %s (lang=%q on %d of %d)", langPlace(best), best, n, len(s.Pages))
}

// ccTLDSignal is the origin's country-code top-level domain, when it is
// an EU, EEA or UK one, or .eu.
func (s *Site) ccTLDSignal() string {
	u, err := url.Parse(s.Origin)
	if err != nil {
		return ""
	}
	host := strings.TrimSuffix(u.Hostname(), ".")
	tld := strings.ToLower(host[strings.LastIndex(host, ".")+1:])
	if tld == "eu" {
		return "ccTLD .eu"
	}
	if c, ok := countryByCode(tld); ok && tld != "gb" {
		return fmt.Sprintf("ccTLD .%s (%s)", tld, c.name)
	}
	return ""
}

var (
	// ukPostcode matches a British postcode ("BS1 4RN", "SW1A 1AA").
	ukPostcode = regexp.MustCompile(`\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}\b`)
	// prefixedPostcode matches a postcode with its country's prefix
	// ("D-10115", "A-1010", "F-75008").
	prefixedPostcode = regexp.MustCompile(`\b(D|A|F|B|L|I|E|P|S|N|NL|DK|FI|FIN|PL|CZ|SK|SI|HR|PT|GR|IE|LT|LV|EE|HU|RO|BG|CY|MT|AT|DE|FR|BE|LU|IT|ES|SE|NO|IS)-\d{4,5} \p{Lu}`)
	// europeanStreet matches a continental street and postcode: a street
	// word of a European language, and a postcode of four or five digits
	// before a capitalised place name ("Hauptstraße 1, 10115 Berlin", "12
	// rue de la Paix, 75002 Paris").
	europeanStreet   = regexp.MustCompile(`(?i:stra(?:ß|ss)e\b|str\.|gasse\b|platz\b|allee\b|\brue |\bvia |\bviale |\bpiazza |\bcalle |\bavenida |\bplaza |\bcarrer |straat\b|\bplein\b|\bgracht\b)`)
	europeanPostcode = regexp.MustCompile(`\b\d{4,5} \p{Lu}\p{Ll}`)
	// swiss matches the names of Switzerland, which is neither in the EU
	// nor in the EEA.
	swiss = regexp.MustCompile(`\b(?:Schweiz|Suisse|Svizzera|Switzerland|CH-\d{4})\b`)
	// usAddress matches a US state and ZIP code ("IL 62704"): a Via or a
	// Plaza there is no European street.
	usAddress = regexp.MustCompile(`\b[A-Z]{2},? \d{5}(?:-\d{4})?\b`)
	// californian matches an address in California.
	californian = regexp.MustCompile(`\bCalifornia\b|,? CA,? 9\d{4}\b`)
	// prefixCountry maps postcode prefixes to ccTLDs.
	prefixCountry = map[string]string{"D": "de", "A": "at", "F": "fr", "B": "be", "L": "lu", "I": "it", "E": "es", "P": "pt", "S": "se", "N": "no",
		"FIN": "fi", "GR": "gr", "AT": "at", "DE": "de", "FR": "fr", "BE": "be", "LU": "lu", "IT": "it", "ES": "es", "SE": "se"}
)

// addressCountry returns the country of a postal address, when it is one
// of countries: its name, the form of its postcode. It returns "", true
// for a continental address of no named country.
func addressCountry(a string) (name string, ok bool) {
	if swiss.MatchString(a) {
		return "", false
	}
	for _, c := range countries {
		for _, n := range c.names {
			for i := 0; i < len(a); {
				j := strings.Index(a[i:], n)
				if j < 0 {
					break
				}
				j += i
				before, after := a[:j], a[j+len(n):]
				// A whole word, not New England or New South Wales.
				if !wordChar(lastRune(before)) && !wordChar(firstRune(after)) && !strings.HasSuffix(before, "New ") {
					return c.name, true
				}
				i = j + len(n)
			}
		}
	}
	if m := prefixedPostcode.FindStringSubmatch(a); m != nil {
		code := prefixCountry[m[1]]
		if code == "" {
			code = strings.ToLower(m[1])
		}
		if c, ok := countryByCode(code); ok {
			return c.name, true
		}
	}
	if ukPostcode.MatchString(a) {
		return "the United Kingdom", true
	}
	if europeanStreet.MatchString(a) && europeanPostcode.MatchString(a) && !usAddress.MatchString(a) {
		return "", true
	}
	return "", false
}

func wordChar(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return ' '
	}
	return r[len(r)-1]
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return ' '
}

// addressSignal is the first postal address in the EU/EEA/UK a page shows.
func (s *Site) addressSignal() string {
	for _, p := range s.Pages {
		for _, a := range p.Contact.Addresses {
			if name, ok := addressCountry(a); ok {
				where := "in a European form"
				if name != "" {
					where = "in " + name
				}
				return fmt.Sprintf("a postal address %s (%s on %s)", where, quote(a, 100), s.ShortURL(p.URL))
			}
		}
	}
	return ""
}

// phoneSignal is the first phone number with the calling code of an
// EU/EEA/UK state that a page shows.
func (s *Site) phoneSignal() string {
	for _, p := range s.Pages {
		for _, ph := range p.Contact.Phones {
			digits, ok := strings.CutPrefix(strings.TrimSpace(ph), "+")
			if !ok {
				digits, ok = strings.CutPrefix(strings.TrimSpace(ph), "00")
			}
			if !ok {
				continue
			}
			digits = strings.TrimLeft(digits, " ")
			for _, c := range countries {
				if strings.HasPrefix(digits, c.calling) {
					return fmt.Sprintf("a phone number of %s (%s on %s)", c.name, textutil.OneLine(ph, 40), s.ShortURL(p.URL))
				}
			}
		}
	}
	return ""
}

// imprintPath matches the path of an imprint (legal notice) page, which
// the laws of several EU states require of sites: the German and Austrian
// Impressum, the French mentions légales, the Spanish aviso legal, the
// Italian note legali.
var imprintPath = regexp.MustCompile(`(?i)(?:^|/)(?:impressum|imprint|mentions[-_]?l[eé]gales|aviso[-_]?legal|note[-_]?legali)(?:[./_-]|$)`)

// imprintSignal is the first imprint page the pages link, or the crawl
// fetched.
func (s *Site) imprintSignal() string {
	var urls []string
	for _, p := range s.Pages {
		urls = append(urls, p.URL)
		urls = append(urls, p.ContactLinks...)
	}
	for _, raw := range urls {
		if u, err := url.Parse(raw); err == nil && imprintPath.MatchString(u.Path) {
			return fmt.Sprintf("an imprint page (%s)", s.ShortURL(s.CanonicalLink(raw)))
		}
	}
	return ""
}

var (
	euroAmount  = regexp.MustCompile(`€ ?\d|\d ?€|\bEUR ?\d|\d ?EUR\b`)
	poundAmount = regexp.MustCompile(`£ ?\d|\bGBP ?\d|\d ?GBP\b`)
)

// currencySignal is an amount in euros or pounds in the policies read.
func (s *Site) currencySignal() string {
	for _, d := range s.analysedDocs() {
		for _, sec := range d.Sections {
			for _, sent := range sec.Sentences {
				switch {
				case euroAmount.MatchString(sent):
					return "the policy quotes amounts in euros: " + quote(sent, 100)
				case poundAmount.MatchString(sent):
					return "the policy quotes amounts in pounds: " + quote(sent, 100)
				}
			}
		}
	}
	return ""
}

// analysedDocs returns the documents Policy read.
func (s *Site) analysedDocs() []*policy.Document {
	var docs []*policy.Document
	for _, d := range []*PolicyDoc{s.PrivacyPolicy, s.CookiePolicy} {
		if d.OK() {
			docs = append(append(docs, d.Document), d.PartsDocs...)
		}
	}
	return docs
}
