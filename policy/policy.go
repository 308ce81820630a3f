// Package policy reads privacy-policy text and reports what it covers.
//
// It takes HTML, Markdown or plain text, keeps the main content, splits it
// into sections and sentences (headings kept as context) and decides, for
// each aspect of the aspect catalogue (see AspectIDs), whether a statement in
// the text covers it, quoting the sentences that show it. It also finds the
// document's language, its "last updated" date, the cookie names and the
// companies it names, and claims ("we do not use cookies") that a crawl can
// contradict. Everything runs offline and deterministically.
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
