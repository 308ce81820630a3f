package policytext

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/privaudit/privaudit/policy"
)

// IDMask is what Normalise writes in place of a token that looks like an
// identifier, a nonce or a session ID.
const IDMask = "[id]"

// Normalise returns a sentence as versions compare it: what a site changes
// on every request, or changes without changing what the sentence says, is
// made the same. In order:
//
//   - Invisible characters go (zero-width space, non-joiner and joiner,
//     word joiner, byte-order mark, soft hyphen), every run of white space
//     (a no-break space too) becomes one space, and the text is made
//     Unicode NFKC (full-width digits and letters, ligatures, compatibility
//     spaces become plain ones).
//   - A URL (http://, https://, ftp:// or www.) keeps its scheme, host and
//     path: its query string, fragment and path parameters (";jsessionid=")
//     go. Punctuation that ends the sentence is not part of the URL.
//   - Dates become "[date]" and times of day "[time]" (policy.MaskDates:
//     every supported language's conventions).
//   - A token that looks like an identifier becomes "[id]". A token is a
//     run of ASCII letters, digits and "_", "-", "+", "=" (the characters
//     of hexadecimal, base64 and base64url); it is an identifier when it
//     is a UUID; or when it is at least 12 characters long and one of its
//     parts (between "-" and "_") mixes letters and digits ("sid_4f9a2b7c1d",
//     "Zm9vYmFyYmF6cXV4"), so that "COVID-19-related" stays; or when it is
//     hexadecimal of at least 8 characters with at least two digits and two
//     letters ("4b5d12ac"). A token of letters alone is a word and stays,
//     however long.
//   - A run of 6 digits or more (a timestamp, an order or session number)
//     becomes "[id]" unless it looks like part of a phone number: a "+"
//     just before it, or another group of digits next to it across one
//     space, "-", ".", "/" or parenthesis ("+49 30 1234567", "0800
//     123456" stay). Postal codes (at most 5 digits) and years stay.
//   - The result is trimmed.
//
// Case is kept: the hash and the comparison of versions fold it. Normalise
// is idempotent: a normalised sentence is its own normal form.
func Normalise(sentence string) string {
	s := collapseSpace(sentence)
	if !norm.NFKC.IsNormalString(s) {
		// Dates first as written: NFKC makes "1º maggio" "1o maggio".
		// Most sentences are in NFKC already and skip both passes.
		s = policy.MaskDates(s)
		s = collapseSpace(norm.NFKC.String(s))
	}
	s = stripURLQueries(s)
	s = policy.MaskDates(s)
	s = maskIDs(s)
	return strings.TrimSpace(s)
}

// invisible reports whether r is a character that shows nothing and
// separates nothing: Normalise drops it.
func invisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e':
		return true
	}
	return false
}

// collapseSpace drops the invisible characters of s and makes each run of
// white space one space.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case invisible(r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case space && b.Len() > 0:
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// urlPattern finds URLs written in text: with a scheme, or starting with
// "www.".
var urlPattern = regexp.MustCompile(`(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"]+`)

// urlTrailing is the punctuation that ends a sentence or a parenthesis
// rather than the URL before it.
const urlTrailing = `.,;:!?'")]}»›`

// stripURLQueries cuts the query string, the fragment and the path
// parameters of every URL in s.
func stripURLQueries(s string) string {
	if !strings.Contains(s, "://") && !strings.Contains(strings.ToLower(s), "www.") {
		return s
	}
	return urlPattern.ReplaceAllStringFunc(s, func(u string) string {
		url := strings.TrimRight(u, urlTrailing)
		// A closing parenthesis that a "(" in the URL opens is the URL's
		// (https://en.wikipedia.org/wiki/Cookie_(disambiguation)).
		for strings.HasPrefix(u[len(url):], ")") && strings.Count(url, "(") > strings.Count(url, ")") {
			url += ")"
			url += strings.TrimRight(u[len(url):], urlTrailing)
		}
		tail := u[len(url):]
		// Past the scheme: the query ("?"), the fragment ("#") and path
		// parameters (";jsessionid=").
		start := 0
		if i := strings.Index(url, "://"); i >= 0 {
			start = i + 3
		}
		if cut := strings.IndexAny(url[start:], "?#;"); cut >= 0 {
			url = url[:start+cut]
		}
		return url + tail
	})
}

// Patterns of identifiers.
var (
	uuidPattern = regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`)
	tokenRun    = regexp.MustCompile(`[A-Za-z0-9_+=-]+`)
	digitRun    = regexp.MustCompile(`[0-9]{6,}`)
)

// Lengths that make a token an identifier (see Normalise).
const (
	minIDLength  = 12
	minHexLength = 8
	minDigitRun  = 6
)

// maskIDs replaces the tokens of s that look like identifiers, then the
// long runs of digits that do not look like a phone number, with IDMask.
func maskIDs(s string) string {
	s = uuidPattern.ReplaceAllString(s, IDMask)
	s = tokenRun.ReplaceAllStringFunc(s, func(tok string) string {
		if looksLikeID(tok) {
			return IDMask
		}
		return tok
	})
	if !digitRun.MatchString(s) {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range digitRun.FindAllStringIndex(s, -1) {
		if phoneLike(s, m[0], m[1]) {
			continue
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(IDMask)
		last = m[1]
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// looksLikeID reports whether a token (tokenRun) is an identifier that a
// machine made, not a word: at least minIDLength long with a part that
// mixes letters and digits in more than one run of digits or with at
// least four digits ("sid_4f9a2b7c1d9e", "Zm9vYmFyYmF6cXV4MTIz"), or with
// at least four humps, a lower-case letter followed by an upper-case one
// ("aZkQpLmNrTsV"); or
// hexadecimal with both letters and digits. A product or brand name with a
// number in it ("PlayStation3", "Office365Business", "Windows10Pro") is a
// word.
func looksLikeID(tok string) bool {
	if len(tok) < minHexLength {
		return false
	}
	if len(tok) >= minIDLength {
		for _, part := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
			k := kindsOf(part)
			if k.letters > 0 && k.digits > 0 && (k.digitRuns >= 2 || k.digits >= 4) || k.humps >= 4 {
				return true
			}
		}
	}
	return hexID(tok)
}

// kinds counts what a token is made of.
type kinds struct {
	letters, digits int
	// digitRuns counts the runs of digits; humps the upper-case letters
	// right after a lower-case one.
	digitRuns, humps int
}

// kindsOf counts the ASCII letters and digits of s, its runs of digits
// and its humps.
func kindsOf(s string) kinds {
	var k kinds
	var prevDigit, prevLower bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		isDig := c >= '0' && c <= '9'
		upper, lower := c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z'
		switch {
		case isDig:
			k.digits++
			if !prevDigit {
				k.digitRuns++
			}
		case upper || lower:
			k.letters++
			if upper && prevLower {
				k.humps++
			}
		}
		prevDigit, prevLower = isDig, lower
	}
	return k
}

// hexID reports whether tok is hexadecimal, in one case, with at least two
// digits and two letters.
func hexID(tok string) bool {
	lower, upper, digits := 0, 0, 0
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'f':
			lower++
		case c >= 'A' && c <= 'F':
			upper++
		default:
			return false
		}
	}
	return digits >= 2 && lower+upper >= 2 && (lower == 0 || upper == 0)
}

// phoneSeparators may stand between two groups of digits of a phone
// number.
const phoneSeparators = " -./()"

// phoneLike reports whether the run of digits s[start:end] looks like part
// of a phone number: a "+" just before it, or another digit next to it
// across at most one separator. The relation is symmetric, so masking a
// run that is not phone-like never makes another one phone-like or not.
func phoneLike(s string, start, end int) bool {
	before := start - 1
	if before >= 0 && s[before] == '+' {
		return true
	}
	if before >= 0 && strings.IndexByte(phoneSeparators, s[before]) >= 0 {
		before--
	}
	if before >= 0 && isDigit(s[before]) {
		return true
	}
	after := end
	if after < len(s) && strings.IndexByte(phoneSeparators, s[after]) >= 0 {
		after++
	}
	return after < len(s) && isDigit(s[after])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
