// Package policy reads privacy-policy text and reports what it covers.
//
// It takes HTML, Markdown or plain text, keeps the main content, splits it
// into sections and sentences (headings kept as context) and decides, for
// each aspect of the aspect catalogue (see AspectIDs), whether a statement in
// the text covers it, quoting the sentences that show it. It also finds the
// document's language, its "last updated" date, the cookie names and the
// companies it names, and claims ("we do not use cookies") that a crawl can
// contradict. Beside the aspects it decides the legal elements (see
// LegalElements): the statements GDPR Art. 13/14 and the CCPA require of a
// notice, each with the articles that require it (LegalElement), and the
// laws the text names (Analysis.LawMentions). Everything runs offline and
// deterministically.
//
// The decisions come from weighted phrase rules kept as data: one file per
// language under rules/ (en, de, fr, nl, es, it, plus common.rules for
// names and acronyms that read the same everywhere) and rules/names.txt for
// companies and services, embedded and compiled once, on first use (not at
// start-up: a program that reads no policy does not pay for them). The
// markers of cookie banners and the URLs of policies hosted by consent
// platforms come from the catalogue (catalog.ConsentPlatforms). A sentence
// covers an aspect when the weights of the rules it matches reach 3; the
// rules of a language read only sentences of that language; a legal element
// is decided the same way from its [legal:ID] rules. Literals that
// every match of a rule must contain are found in one Aho-Corasick pass, so
// a rule's regular expression runs only on the few sentences that can match.
// Scores against the labelled corpus: go run ./policy/eval.
package policy

// Format is the markup of a policy document.
type Format string

// Formats accepted by Parse.
const (
	FormatHTML     Format = "html"
	FormatMarkdown Format = "markdown"
	FormatText     Format = "text"
)

// Source is one policy document as fetched or read from disk.
type Source struct {
	// URL or file path the document came from (informational).
	URL string
	// Format of Body; empty means guess from content.
	Format Format
	// Body is the raw document.
	Body []byte
}

// AspectIDs lists the stable aspect IDs in report order
// (../shared/docs/policy-aspects.md).
var AspectIDs = []string{
	"data-security",
	"limited-access",
	"purpose",
	"opt-in",
	"double-opt-in",
	"third-party-sharing",
	"user-access",
	"cookies",
	"enforcement",
	"children",
	"policy-changes",
	"privacy-contact",
	"data-retention",
	"do-not-track",
}

// MinWords is the fewest words of main text a privacy policy can have and
// still say what it must (../shared/docs/policy-aspects.md). A shorter text
// (a placeholder, a notice, a file that is no policy) gets a warning in
// Analysis.Warnings, and the privacy-policy-reachable check fails it.
const MinWords = 150
