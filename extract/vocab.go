package extract

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/privaudit/privaudit/catalog"
)

// The vocabularies below recognise, in English, German, French, Dutch,
// Spanish and Italian (and a few other common forms), links that lead to a
// privacy policy, a cookie policy or a contact page. Each is matched against
// the link's text, title, aria-label and URL path, lower-cased.

// privacyText matches the visible name of a privacy policy link.
var privacyText = regexp.MustCompile(`\b(?:privacy|data protection|datenschutz|confidentialit[ée]|vie priv[ée]e|donn[ée]es personnelles|protection des donn[ée]es|privacybeleid|privacyverklaring|privacy ?statement|privacidad|protecci[óo]n de datos|informativa (?:sulla )?privacy|riservatezza|personal (?:data|information) (?:policy|notice)|gdpr|rgpd|dsgvo)`)

// privacyPath matches URL paths of privacy policies.
var privacyPath = regexp.MustCompile(`(?:^|[/_.-])(?:privacy|datenschutz|dataprotection|data-protection|confidentialite|politique-de-confidentialite|vie-privee|privacybeleid|privacyverklaring|privacidad|proteccion-de-datos|informativa-privacy|datenschutzerklaerung)(?:$|[/_.?-])`)

// cookieText matches the visible name of a cookie policy link.
var cookieText = regexp.MustCompile(`\b(?:cookies?(?:[ -]?(?:policy|richtlinie|hinweis|erkl[äa]rung|beleid|verklaring|notice|statement|settings|einstellungen))?|politique (?:de |des |relative aux )?cookies|pol[íi]tica de cookies|informativa (?:sui )?cookies?|gestione cookies?|cookiebeleid|cookieverklaring)\b`)

// cookiePath matches URL paths of cookie policies.
var cookiePath = regexp.MustCompile(`(?:^|[/_.-])(?:cookies?|cookie-policy|cookiebeleid|cookieverklaring|cookie-richtlinie|politica-de-cookies|politique-cookies)(?:$|[/_.?-])`)

// contactText matches the visible name of a contact page or imprint link.
var contactText = regexp.MustCompile(`\b(?:contact(?:ez|er|o|os|eer)?(?: us| nous)?|get in touch|kontakt(?:ieren)?|impressum|imprint|legal notice|mentions l[ée]gales|aviso legal|nous contacter|contatt(?:i|aci|o)|neem contact|contactformulier|colofon)\b`)

// contactPath matches URL paths of contact pages or imprints.
var contactPath = regexp.MustCompile(`(?:^|[/_.-])(?:contact|contact-us|contactus|kontakt|impressum|imprint|contacto|contactez-nous|nous-contacter|contatti|contattaci|mentions-legales|aviso-legal)(?:$|[/_.?-])`)

// sealMatcher recognises, in an image's alt text or a link's title, the
// privacy trust programmes, seals and certifications of the catalogue
// (catalog.Seals): a name or an alias, as a whole word, in any case. It is
// built on first use and safe for concurrent use.
var sealMatcher = sync.OnceValue(func() *regexp.Regexp {
	var names []string
	for _, s := range catalog.Seals() {
		for _, n := range s.Names() {
			names = append(names, regexp.QuoteMeta(n))
		}
	}
	// Where two names start at the same place, the longer one wins.
	slices.SortStableFunc(names, func(a, b string) int { return len(b) - len(a) })
	return regexp.MustCompile(`(?i)\b(?:` + strings.Join(names, "|") + `)\b`)
})

// emailPattern finds e-mail addresses in text.
var emailPattern = regexp.MustCompile(`(?i)\b[a-z0-9][a-z0-9._%+-]{0,63}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24}\b`)

// phoneLabelled finds a phone number introduced by a label in any of the
// supported languages ("Tel.", "Phone:", "Telefon", "Téléphone", ...).
var phoneLabelled = regexp.MustCompile(`(?i)\b(?:tel(?:ephone|efon|efono|éfono|éphone)?|phone|call us(?: on| at)?|fon|t[ée]l[ée]phone|telefoonnummer|telefoon|móvil|mobile|cell|hotline)\.?\s*(?:\([^)]{0,20}\))?\s*[:.]?\s*(\+?\(?\d[\d ()./-]{5,20}\d)`)

// phoneInternational finds a number in international format (+CC ...).
var phoneInternational = regexp.MustCompile(`(?:^|[\s(:])(\+\d{1,3}[ .-]?\(?\d{1,5}\)?(?:[ .-]?\d{2,5}){2,4})\b`)

// phoneNANP finds a North American number written (555) 123-4567.
var phoneNANP = regexp.MustCompile(`\(\d{3}\)\s?\d{3}[-. ]\d{4}\b`)

// phoneLabels hold, for each label of phoneLabelled, a part of it in
// ASCII with neither s nor k (see hasFoldTwin): a text with none of them,
// whatever its case, has no labelled number.
var phoneLabels = literals("tel", "phone", "call", "fon", "vil", "mobile", "cell", "hotline")

// postcodePattern recognises postcodes in the common formats: US ZIP with a
// state, UK postcodes, Dutch 1234 AB, and 4-5 digit continental codes
// followed by a capitalised town name.
var postcodePattern = regexp.MustCompile(`\b(?:[A-Z]{2}\s+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|\d{4}\s?[A-Z]{2}\s+\p{Lu}\p{Ll}+|(?:[A-Z]{1,2}-)?\d{4,5}\s+\p{Lu}[\p{L}-]+)\b`)

// streetPattern recognises a street line: a number with a street word, in
// either order.
var streetPattern = regexp.MustCompile(`(?i)(?:\b\d{1,5}[a-z]?,?\s+(?:[\p{L}'.-]+\s+){0,4}(?:street|st\.|road|rd\.|avenue|ave\.?|boulevard|blvd\.?|lane|drive|dr\.|way|place|square|court|suite|parkway|highway)\b|\p{L}*(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|straat|laan|plein|gracht|kade|dijk|singel)\s+\d{1,5}|\b(?:rue|avenue|boulevard|bd|place|chemin|all[ée]e|impasse|quai|calle|c/|avenida|avda\.?|plaza|paseo|via|viale|piazza|corso|largo)\s+[\p{L}' .-]{2,40}?,?\s*\d{1,5}|\b\d{1,5},?\s+(?:rue|avenue|boulevard|bd|place|chemin|all[ée]e|impasse|quai)\b|\bp\.?\s?o\.?\s+box\s+\d+|\bpostfach\s+\d+)`)

// streetWords hold, for each alternative of streetPattern, a word or a
// part of one that it needs (the four alternatives of street words, "box"
// and "postfach"), lower-cased in ASCII: a text with none of them once
// lower-cased in ASCII (lowerASCII) holds no street line, unless it has a
// fold twin of s or k (hasFoldTwin).
var streetWords = literals(
	// Numbers then a street word.
	"str", "st.", "road", "rd.", "ave", "boulevard", "blvd", "lane", "drive", "dr.", "way", "place", "square", "court", "suite",
	// German and Dutch street words before the number (straße, strasse,
	// straat and str. hold "str").
	"weg", "gasse", "allee", "platz", "ring", "damm", "ufer", "laan", "plein", "gracht", "kade", "dijk", "singel",
	// French, Spanish and Italian ones (all[ée]e in either case of é, as
	// the text is lower-cased in ASCII only; avenida holds "ave", viale
	// "via").
	"rue", "bd", "chemin", "allée", "allÉe", "impasse", "quai", "calle", "c/", "avda", "plaza", "paseo", "via", "piazza", "corso", "largo",
	"box", "postfach")

func literals(words ...string) [][]byte {
	out := make([][]byte, len(words))
	for i, w := range words {
		out[i] = []byte(w)
	}
	return out
}

// placeholderPattern recognises template filler in contact details.
var placeholderPattern = regexp.MustCompile(`(?i)(?:@(?:example\.(?:com|org|net)|domain\.com|yourdomain\.com|yoursite\.com|yourcompany\.com|company\.com|email\.com|mail\.com|test\.com)\b|\blorem ipsum\b|\b123 main st|\bnorth main street\b|\b(?:555)[-. ]\d{4}\b|\+?\(?0{3}\)?[-. ]?0{3})`)

// mayBePlaceholder reports whether s holds what every form of
// placeholderPattern needs: an '@', "lorem" or "main" in any case, "555"
// or "000".
func mayBePlaceholder(s string) bool {
	return strings.IndexByte(s, '@') >= 0 || strings.Contains(s, "555") || strings.Contains(s, "000") ||
		containsFoldASCII(s, "lorem") || containsFoldASCII(s, "main")
}

// consentPattern recognises the label or name of a consent or marketing
// checkbox.
var consentPattern = regexp.MustCompile(`(?i)(?:consent|agree|accept|newsletter|marketing|subscribe|opt[- ]?in|offers|promotion|terms|privacy|einwillig|zustimm|akzeptier|einverstanden|abonnier|j'accepte|accepte|consens|abonner|inscri|acepto|consiento|suscrib|acconsento|accetto|iscriv|toestemming|akkoord|ga akkoord|aanmelden|nieuwsbrief|gdpr|dsgvo)`)

// personalFieldPattern recognises the name, id, autocomplete or placeholder
// of a field that collects personal data.
var personalFieldPattern = regexp.MustCompile(`(?i)(?:e-?mail|\bmail\b|phone|tel\b|telefon|mobile|name|vorname|nachname|nom\b|pr[ée]nom|nombre|apellido|cognome|naam|address|adresse|direcci[óo]n|indirizzo|adres|street|stra(?:ß|ss)e|zip|postal|postcode|plz|city|birth|geburt|dob\b|card|iban|ssn|passport|company|firma)`)

// personalInputTypes are input types that are personal data by nature.
var personalInputTypes = map[string]bool{"email": true, "tel": true, "password": true}

// policyPaths are the last path segments that name a privacy policy page
// by themselves (a policy found by its URL when no page links it).
var policyPaths = []string{"privacy", "privacy-policy", "datenschutz", "datenschutzerklaerung", "privacidad", "politica-de-privacidad", "confidentialite", "politique-de-confidentialite", "privacybeleid", "privacyverklaring", "informativa-privacy", "privacy-notice", "privacy.html"}

// LooksLikePolicyPath reports whether a URL path names a privacy policy
// page ("/privacy", "/de/datenschutz/").
func LooksLikePolicyPath(p string) bool {
	p = strings.ToLower(strings.Trim(p, "/"))
	for _, w := range policyPaths {
		if p == w || strings.HasSuffix(p, "/"+w) {
			return true
		}
	}
	return false
}
