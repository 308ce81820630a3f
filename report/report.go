// Package report holds the audit report, the one object every output
// format renders, and its renderers. The JSON field names are a public
// contract (README, "JSON report"): later versions add fields, never rename.
package report

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/scope"
	"github.com/privaudit/privaudit/verdict"
)

// SchemaVersion is the version of the JSON report's schema (semver: a new
// minor adds fields, a new major may change them).
const SchemaVersion = "1.3.0"

// Report is the result of an audit.
type Report struct {
	SchemaVersion string    `json:"schemaVersion"`
	Tool          Tool      `json:"tool"`
	Target        string    `json:"target"`
	Origin        string    `json:"origin"`
	StartedAt     time.Time `json:"startedAt"`
	// FinishedAt is when the report was assembled.
	FinishedAt time.Time `json:"finishedAt"`
	DurationMS int64     `json:"durationMs"`
	Complete   bool      `json:"complete"`
	// TimedOut is true when --max-time ran out before the crawl finished.
	TimedOut bool `json:"timedOut,omitempty"`
	// Interrupted is true when the audit was stopped (Ctrl-C, SIGTERM)
	// before it finished: the report covers what was done by then.
	Interrupted bool `json:"interrupted,omitempty"`
	// Error says why the site could not be audited (unreachable, not
	// HTML, robots.txt, --max-time before the start page answered). Such
	// a report has no checks and its score of 0 judges nothing: it is
	// written so that a CI job finds its report files and the reason.
	Error string `json:"error,omitempty"`
	// Settings says how the audit was made, so that trends compare like
	// with like.
	Settings *Settings `json:"settings,omitempty"`
	// DataSources name the catalogue and the databases the audit used,
	// with a version (or a date) and where each came from.
	DataSources  []DataSource  `json:"dataSources"`
	Crawl        CrawlStats    `json:"crawl"`
	Score        float64       `json:"score"`
	Grade        string        `json:"grade"`
	Checks       []CheckResult `json:"checks"`
	Pages        []PageSummary `json:"pages"`
	Cookies      []CookieInfo  `json:"cookies"`
	ThirdParties []ThirdParty  `json:"thirdParties"`
	Policy       PolicySummary `json:"policy"`
	// Regimes are the laws whose notice requirements the audit applied,
	// and why (absent when the site could not be audited).
	Regimes *Regimes `json:"regimes,omitempty"`
	// Browser, Storage, Requests and Consent are what a browser saw, in
	// browser mode (absent in static mode).
	Browser  *BrowserSummary `json:"browser,omitempty"`
	Storage  []StorageInfo   `json:"storage,omitempty"`
	Requests []RequestInfo   `json:"requests,omitempty"`
	Consent  *ConsentSummary `json:"consent,omitempty"`
	Warnings []string        `json:"warnings"`
	// Suppressed lists the findings an ignore-file entry suppressed.
	Suppressed []SuppressedFinding `json:"suppressed"`
	// Baseline summarises the comparison with a baseline report, when one
	// was given.
	Baseline *BaselineSummary `json:"baseline,omitempty"`
	// Gate is the CI gate's verdict, when the gate was evaluated.
	Gate *GateResult `json:"gate,omitempty"`
	// PolicyChange says how the privacy policy changed since the version a
	// history store kept (--store), when it changed.
	PolicyChange *PolicyChange `json:"policyChange,omitempty"`
	// History lists the site's earlier audits a history store kept
	// (--store), for trends.
	History *HistorySummary `json:"history,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Settings are the settings an audit ran with.
type Settings struct {
	// Mode is how the site was gathered: static (HTTP) or browser.
	Mode string `json:"mode"`
	// FromRecord is the record file the audit judged, when it judged a
	// saved record instead of gathering.
	FromRecord string `json:"fromRecord,omitempty"`
	// MaxPages, MaxDepth (0: no limit) and MaxTimeMS (0: no limit) are the
	// crawl's limits; Concurrency the requests in flight.
	MaxPages    int   `json:"maxPages"`
	MaxDepth    int   `json:"maxDepth"`
	MaxTimeMS   int64 `json:"maxTimeMs"`
	Concurrency int   `json:"concurrency"`
	// Weights is the weight of every check in the score.
	Weights map[string]float64 `json:"weights"`
}

// DataSource is a catalogue or database an audit used.
type DataSource struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	// Path is where it was read from ("" for built-in data); URL where it
	// was downloaded from (update-db), when it was.
	Path string `json:"path,omitempty"`
	URL  string `json:"url,omitempty"`
	// Fetched is when update-db downloaded it (RFC 3339).
	Fetched string `json:"fetched,omitempty"`
	// Entries counts its entries.
	Entries int `json:"entries,omitempty"`
}

// CrawlStats counts what the crawl fetched.
type CrawlStats struct {
	// Pages counts every URL fetched (assets, errors and redirects
	// included); HTMLPages the HTML pages the page checks judged.
	Pages     int `json:"pages"`
	HTMLPages int `json:"htmlPages"`
	// Errors counts URLs that failed or answered an error status; Skipped
	// in-scope URLs not fetched (limits, robots.txt).
	Errors  int `json:"errors"`
	Skipped int `json:"skipped"`
	// Truncated counts the pages cut at --max-body-size (not judged for
	// what they lack).
	Truncated int `json:"truncated"`
}

// CheckResult is one check's outcome.
type CheckResult struct {
	// ID is the check's stable ID.
	ID string `json:"id"`
	// Title names the outcome: the passing title, or the failure title when
	// the check warns or fails.
	Title string `json:"title"`
	// Name is the check's passing title, the same whatever the outcome.
	Name string `json:"name"`
	// Description says what the check verifies; Why why it matters; Fix
	// how to fix a failure.
	Description string `json:"description"`
	Why         string `json:"why,omitempty"`
	Fix         string `json:"fix,omitempty"`
	// Status is pass, warn, fail, not-applicable, informative or error.
	Status verdict.Status `json:"status"`
	// Score is from 0 to 1 (the report's own score is from 0 to 100); it
	// is null for a check that was not scored: not applicable,
	// informative, or in error.
	Score *float64 `json:"score"`
	// Weight is the check's weight in the overall score (0: informative).
	Weight float64 `json:"weight"`
	// Severity is the severity of the check's findings.
	Severity verdict.Severity `json:"severity"`
	// Summary is a one-line account of the result.
	Summary  string    `json:"summary"`
	Findings []Finding `json:"findings"`
}

// Finding is one problem found by a check.
type Finding struct {
	CheckID     string            `json:"checkId"`
	URL         string            `json:"url"`
	Subject     string            `json:"subject,omitempty"`
	Message     string            `json:"message"`
	Severity    verdict.Severity  `json:"severity"`
	Fingerprint string            `json:"fingerprint"`
	Evidence    map[string]string `json:"evidence,omitempty"`
	// BaselineState is "new" or "unchanged" when a baseline was given.
	BaselineState string `json:"baselineState,omitempty"`
	// Page is true when the finding judges the page at URL itself (it counts in the page's failures).
	Page bool `json:"page,omitempty"`
}

// PageSummary is one fetched page.
type PageSummary struct {
	URL         string `json:"url"`
	Status      int    `json:"status"`
	ContentType string `json:"contentType,omitempty"`
	// Depth is the number of links followed from the start page.
	Depth int    `json:"depth"`
	Title string `json:"title"`
	HTML  bool   `json:"html"`
	Error string `json:"error,omitempty"`
	// FetchedAt is when the response arrived (absent in reports judged
	// from records that lack it).
	FetchedAt *time.Time `json:"fetchedAt,omitempty"`
	// Truncated is true when the page was cut at --max-body-size: it is
	// not judged for what it lacks.
	Truncated bool `json:"truncated,omitempty"`
	// RedirectsTo is the target of a meta refresh: such a page is a
	// redirect, and the page checks skip it.
	RedirectsTo         string  `json:"redirectsTo,omitempty"`
	PrivacyPolicyLinked bool    `json:"privacyPolicyLinked"`
	Contact             Contact `json:"contact"`
	// Failures counts the findings that judge this page itself (not the
	// site-wide or policy findings that point at it).
	Failures int `json:"failures"`
}

// Contact is the contact information of a page.
type Contact struct {
	Emails    []string `json:"emails"`
	Phones    []string `json:"phones"`
	Addresses []string `json:"addresses"`
	// ContactPage is the URL of the page's contact or imprint link.
	ContactPage string `json:"contactPage"`
}

// CookieInfo is a cookie the site set.
type CookieInfo struct {
	Name     string `json:"name"`
	Domain   string `json:"domain"`
	Path     string `json:"path"`
	Secure   bool   `json:"secure"`
	HTTPOnly bool   `json:"httpOnly"`
	SameSite string `json:"sameSite"`
	// Expires is the Expires attribute (RFC 3339), empty when absent.
	Expires string `json:"expires"`
	// MaxAge is the Max-Age attribute in seconds, 0 when absent.
	MaxAge int `json:"maxAge"`
	// Session is true when the cookie ends with the browser session.
	Session     bool   `json:"session"`
	FirstSeenOn string `json:"firstSeenOn"`
	Explained   bool   `json:"explained"`
	Category    string `json:"category,omitempty"`
	Platform    string `json:"platform,omitempty"`
	ExplainedBy string `json:"explainedBy,omitempty"`
	// Via is how the cookie was set: "http" (a Set-Cookie header) or
	// "script"; SetBy the host whose response or script set it.
	Via   string `json:"via,omitempty"`
	SetBy string `json:"setBy,omitempty"`
	// Phases are the consent phases a browser found it in (before,
	// reject, accept); absent in static mode.
	Phases []string `json:"phases,omitempty"`
}

// StorageInfo is a localStorage or sessionStorage key a browser found.
type StorageInfo struct {
	Origin      string   `json:"origin"`
	Kind        string   `json:"kind"`
	Key         string   `json:"key"`
	Category    string   `json:"category,omitempty"`
	Platform    string   `json:"platform,omitempty"`
	FirstSeenOn string   `json:"firstSeenOn"`
	Phases      []string `json:"phases"`
}

// RequestInfo sums the requests a browser made to one third-party host.
type RequestInfo struct {
	Host     string `json:"host"`
	Service  string `json:"service,omitempty"`
	Company  string `json:"company,omitempty"`
	Category string `json:"category,omitempty"`
	// Types counts the requests by resource type (Script, Image, Ping...).
	Types map[string]int `json:"types"`
	// Phases are the consent phases the host was contacted in.
	Phases []string `json:"phases"`
}

// ConsentSummary is what a browser found of the consent banner, and what
// each phase recorded.
type ConsentSummary struct {
	// Found is banner, none, not-rendered or blocked.
	Found              string   `json:"found"`
	Platform           string   `json:"platform,omitempty"`
	Rule               string   `json:"rule,omitempty"`
	RejectOnFirstLayer bool     `json:"rejectOnFirstLayer"`
	Buttons            []string `json:"buttons"`
	// Phases maps before, reject and accept to what each saw.
	Phases map[string]PhaseSummary `json:"phases"`
}

// PhaseSummary counts what one consent phase stored and sent.
type PhaseSummary struct {
	// Action says what was done to reach the phase (clicked,
	// second-layer, not-found); empty for before.
	Action              string `json:"action,omitempty"`
	Cookies             int    `json:"cookies"`
	NonEssentialCookies int    `json:"nonEssentialCookies"`
	StorageKeys         int    `json:"storageKeys"`
	ThirdPartyHosts     int    `json:"thirdPartyHosts"`
	Trackers            int    `json:"trackers"`
	// Choice is the decision the site recorded, when it could be read.
	Choice *ConsentChoice `json:"choice,omitempty"`
}

// ConsentChoice is a consent decision a site recorded.
type ConsentChoice struct {
	Source     string   `json:"source"`
	Decision   string   `json:"decision"`
	Categories []string `json:"categories,omitempty"`
}

// BrowserSummary says which browser rendered which pages.
type BrowserSummary struct {
	Version   string `json:"version"`
	UserAgent string `json:"userAgent"`
	Locale    string `json:"locale"`
	// PagesRendered are the URLs rendered in each phase.
	PagesRendered []string `json:"pagesRendered"`
	// Classified counts the cookies and storage keys the catalogue
	// classified, of Total.
	Classified int `json:"classified"`
	Total      int `json:"total"`
}

// ThirdParty is another host the pages use.
type ThirdParty struct {
	Host     string   `json:"host"`
	Pages    int      `json:"pages"`
	Kinds    []string `json:"kinds"`
	Service  string   `json:"service,omitempty"`
	Category string   `json:"category,omitempty"`
	Loads    bool     `json:"loads"`
	// RequiresDisclosure is true when the pages make visitors contact the
	// host (they load it or send a form to it); a plain outbound link does
	// not need to be disclosed.
	RequiresDisclosure bool `json:"requiresDisclosure"`
	Disclosed          bool `json:"disclosed"`
}

// PolicySummary is what was found of the privacy policy.
type PolicySummary struct {
	URL             string `json:"url"`
	Found           bool   `json:"found"`
	Linked          bool   `json:"linked"`
	Status          int    `json:"status,omitempty"`
	CookiePolicyURL string `json:"cookiePolicyUrl,omitempty"`
	// Analysed are the URLs of every document the analysis read: the
	// privacy policy, its chapters, the cookie policy (a cookie policy
	// alone earns no coverage).
	Analysed []string `json:"analysed"`
	// Parts are the sub-pages of a privacy centre read with the policy.
	Parts       []string                 `json:"parts,omitempty"`
	Language    string                   `json:"language"`
	LastUpdated string                   `json:"lastUpdated"`
	Words       int                      `json:"words"`
	Aspects     map[string]policy.Aspect `json:"aspects"`
	// Legal holds the verdict on each legal element (what GDPR Art. 13/14
	// and the CCPA require a notice to state), every element ID present,
	// whichever law applies.
	Legal  map[string]LegalSummary `json:"legal"`
	Names  *policy.Names           `json:"names,omitempty"`
	Claims []policy.Claim          `json:"claims"`
	// Contradictions are claims of the policy that its own text or the
	// crawl contradicts ("we use no cookies" on a site that sets some).
	Contradictions []policy.Contradiction `json:"contradictions"`
}

// LegalSummary is the verdict on one legal element: Covered, Confidence,
// Evidence and Heading mean what they mean for an aspect.
type LegalSummary struct {
	Covered    bool     `json:"covered"`
	Confidence float64  `json:"confidence"`
	Evidence   []string `json:"evidence"`
	Heading    string   `json:"heading,omitempty"`
	// Article names the provisions that require the element, law first,
	// comma-separated ("GDPR Art. 13(1)(c), GDPR Art. 13(1)(d)").
	Article string `json:"article"`
}

// NewLegalSummary is the summary of the verdict a on legal element id.
func NewLegalSummary(id string, a policy.Aspect) LegalSummary {
	ls := LegalSummary{Covered: a.Covered, Confidence: a.Confidence, Evidence: nonNilStrings(a.Evidence), Heading: a.Heading}
	if e, ok := policy.LegalElement(id); ok {
		ls.Article = strings.Join(e.Articles, ", ")
	}
	return ls
}

// LegalSummaries returns the summary of every legal element of a (nil: none
// covered), every ID of policy.LegalElements present.
func LegalSummaries(a *policy.Analysis) map[string]LegalSummary {
	out := make(map[string]LegalSummary, len(policy.LegalElements))
	for _, id := range policy.LegalElements {
		var asp policy.Aspect
		if a != nil {
			asp = a.Legal[id]
		}
		out[id] = NewLegalSummary(id, asp)
	}
	return out
}

// Regimes are the laws an audit applied (--regime) and why.
type Regimes struct {
	// Requested are the values asked for: auto (the default), none, or
	// laws (gdpr, ccpa).
	Requested []string `json:"requested"`
	// Applied are the laws whose notice requirements were applied.
	Applied []string `json:"applied"`
	// Signals say why each applied law applies: what the site shows, when
	// auto decided; "asked for with --regime" for a law asked for.
	Signals []RegimeSignal `json:"signals"`
}

// RegimeSignal is one reason a law applies.
type RegimeSignal struct {
	Regime string `json:"regime"`
	Signal string `json:"signal"`
}

// Fingerprint identifies a finding across runs and machines: the check ID,
// the URL relative to the site's origin (so that a change of port, scheme
// or host alias keeps it) and the subject.
func Fingerprint(checkID, origin, rawURL, subject string) string {
	h := sha256.Sum256([]byte(checkID + "\x00" + RelativeURL(origin, rawURL) + "\x00" + subject))
	return hex.EncodeToString(h[:8])
}

// RelativeURL returns rawURL without the origin when it is on the origin's
// host, normalised; other URLs are returned normalised.
func RelativeURL(origin, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	u = scope.Normalize(u)
	o, err := url.Parse(origin)
	if err == nil && strings.EqualFold(u.Hostname(), o.Hostname()) {
		u.Scheme, u.Host = "", ""
	}
	return u.String()
}

// WorstPages returns up to n HTML pages with the most findings.
func (r *Report) WorstPages(n int) []PageSummary {
	var list []PageSummary
	for _, p := range r.Pages {
		if p.Failures > 0 {
			list = append(list, p)
		}
	}
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Failures != list[j].Failures {
			return list[i].Failures > list[j].Failures
		}
		return list[i].URL < list[j].URL
	})
	if len(list) > n {
		list = list[:n]
	}
	return list
}

// nonNilStrings returns s, or an empty list for nil (JSON [] not null).
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
