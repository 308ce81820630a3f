// Package checks holds privaudit's checks. Each check is a pure function of
// the site's evidence: it declares the evidence it needs and returns a
// status, a score from 0 to 1 and findings that point at URLs. Weights live
// in package scoring, not here.
package checks

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/verdict"
)

// Status is the outcome of a check (see package verdict).
type Status = verdict.Status

// Statuses.
const (
	StatusPass          = verdict.Pass
	StatusWarn          = verdict.Warn
	StatusFail          = verdict.Fail
	StatusNotApplicable = verdict.NotApplicable
	StatusInformative   = verdict.Informative
	StatusError         = verdict.Error
)

// Severity ranks findings (see package verdict).
type Severity = verdict.Severity

// Severities, from least to most severe.
const (
	SeverityInfo     = verdict.Info
	SeverityLow      = verdict.Low
	SeverityMedium   = verdict.Medium
	SeverityHigh     = verdict.High
	SeverityCritical = verdict.Critical
)

// Meta describes a check.
type Meta struct {
	// ID is stable: reports, baselines and configs refer to it.
	ID string
	// Title says what a passing site does; FailureTitle names the failing
	// state.
	Title, FailureTitle string
	// Description says what the check verifies.
	Description string
	// Why says why it matters and Fix how to fix a failure.
	Why, Fix string
	// Severity is the severity of the check's findings.
	Severity Severity
	// Requires lists the evidence the check reads. A kind that the audit's
	// mode cannot gather makes the check not applicable ("needs
	// --browser"); a kind the mode can gather but that was not gathered
	// (the audit was interrupted) makes it an error.
	Requires []evidence.Kind
	// Modes lists the modes the check runs in (empty: every mode that
	// gathers what it requires).
	Modes []evidence.Mode
}

// SupportedModes returns the modes the check can run in: those it declares,
// else those that gather every kind of evidence it requires.
func (m Meta) SupportedModes() []evidence.Mode {
	if len(m.Modes) > 0 {
		return m.Modes
	}
	var out []evidence.Mode
	for _, mode := range []evidence.Mode{evidence.ModeStatic, evidence.ModeBrowser} {
		ok := true
		for _, k := range m.Requires {
			ok = ok && k.GatheredIn(mode)
		}
		if ok {
			out = append(out, mode)
		}
	}
	return out
}

// Result is what a check returns.
type Result struct {
	Status   Status
	Score    float64
	Summary  string
	Findings []Finding
}

// Finding is one problem, located by URL.
type Finding struct {
	// URL is where the problem is seen.
	URL string `json:"url"`
	// Subject names what the finding is about within the URL (a cookie
	// name, a host, an aspect ID, a form action); with the check ID and the
	// URL it makes the fingerprint.
	Subject  string            `json:"subject,omitempty"`
	Message  string            `json:"message"`
	Severity Severity          `json:"severity"`
	Evidence map[string]string `json:"evidence,omitempty"`
	// Page is true when the finding judges the page at URL itself (it has
	// no privacy link, a form on it posts over HTTP), not the site or the
	// policy: only such findings rank pages in "the pages that fail most".
	Page bool `json:"-"`
}

// Check is one privacy check.
type Check interface {
	Meta() Meta
	Run(ctx context.Context, site *evidence.Site) Result
}

// All returns every check in report order.
func All() []Check {
	return []Check{
		PrivacyPolicyLink{},
		ContactInfo{},
		PrivacyPolicyReachable{},
		PolicyCoverage{},
		PolicyGDPR{},
		PolicyCCPA{},
		PolicyChangeNotice{},
		CookiesExplained{},
		CookieSecurity{},
		HTTPS{},
		FormSecurity{},
		ConsentCheckboxes{},
		ThirdPartyDisclosure{},
		TrustSeal{},
		CookieDeclaration{},
		ConsentBanner{},
		PreConsentTracking{},
		RejectOption{},
		RejectRespected{},
	}
}

// ByID returns the check with the given ID.
func ByID(id string) (Check, bool) {
	for _, c := range All() {
		if c.Meta().ID == id {
			return c, true
		}
	}
	return nil, false
}

// Outcome is a check's meta with its result.
type Outcome struct {
	Meta   Meta
	Result Result
}

// Run runs the checks on a site. A check whose evidence is missing, or that
// fails unexpectedly, gives an error result; the others still run.
func Run(ctx context.Context, site *evidence.Site, list []Check) []Outcome {
	out := make([]Outcome, 0, len(list))
	for _, c := range list {
		out = append(out, Outcome{Meta: c.Meta(), Result: runOne(ctx, site, c)})
	}
	return out
}

func runOne(ctx context.Context, site *evidence.Site, c Check) (res Result) {
	m := c.Meta()
	if modes := m.SupportedModes(); !slices.Contains(modes, site.Mode) {
		return Result{Status: StatusNotApplicable, Summary: needsMode(modes)}
	}
	for _, k := range m.Requires {
		if !site.Has(k) {
			return Result{Status: StatusError, Summary: fmt.Sprintf("evidence %q was not gathered", k)}
		}
	}
	defer func() {
		if r := recover(); r != nil {
			res = Result{Status: StatusError, Summary: fmt.Sprintf("check failed: %v", r)}
		}
	}()
	res = c.Run(ctx, site)
	sort.SliceStable(res.Findings, func(i, j int) bool {
		if res.Findings[i].URL != res.Findings[j].URL {
			return res.Findings[i].URL < res.Findings[j].URL
		}
		return res.Findings[i].Subject < res.Findings[j].Subject
	})
	return res
}

// graded turns a score into a status: pass at or above passAt, warn at or
// above warnAt, fail below.
func graded(score, passAt, warnAt float64) Status {
	switch {
	case score >= passAt:
		return StatusPass
	case score >= warnAt:
		return StatusWarn
	}
	return StatusFail
}

// needsMode says which mode a check needs ("needs --browser").
func needsMode(modes []evidence.Mode) string {
	var flags []string
	for _, m := range modes {
		if f := m.Flag(); f != "" {
			flags = append(flags, f)
		}
	}
	if len(flags) == 0 {
		return "not available in this mode"
	}
	return "needs " + strings.Join(flags, " or ")
}

func notApplicable(summary string) Result {
	return Result{Status: StatusNotApplicable, Score: 1, Summary: summary}
}

// Pages cut at --max-body-size (evidence.Page.Truncated) were read in
// part: what they show counts, but what they lack may sit in the part not
// read. A check that judges pages by what they lack leaves out those that
// lack it, and says so in its summary (cutNote). A site-wide absence ("the
// site gives no postal address", "no page links a privacy policy") is
// judged from the pages read whole, with what the cut pages show, and is
// not judged when no page was read whole (readWhole). Presence findings (a
// form that posts over HTTP, a ticked consent box) count wherever they
// were read.

// readWhole returns the number of the site's pages that were read whole.
func readWhole(site *evidence.Site) int { return len(site.Pages) - site.Truncated }

// cutNote says how many pages were cut at --max-body-size and left out of
// a check's count.
func cutNote(n int) string {
	return textutil.Plural(n, "page was", "pages were") + " cut at --max-body-size and not judged"
}

// unreadNote says, for a check that looks for things on pages, that the
// parts of pages not read were not seen ("" when every page was read
// whole).
func unreadNote(site *evidence.Site, what string) string {
	if site.Truncated == 0 {
		return ""
	}
	return "; " + textutil.Plural(site.Truncated, "page was", "pages were") + " cut at --max-body-size: " + what + " in the part not read were not seen"
}

// unjudged is the result of a check that could judge no page: every page
// that lacks what it looks for was cut at --max-body-size. It is an error,
// not a verdict: a page that was not read whole is gathering that failed
// this time (a larger --max-body-size reads it), like evidence that could
// not be gathered, not a site found wanting, and not a check that does not
// apply to the site. An error is left out of the score, and a --min-score
// gate on the check fails, since the check has not shown that the site
// meets it.
func unjudged(cut int) Result {
	return Result{Status: StatusError,
		Summary: "no page could be judged: " + textutil.Plural(cut, "page was", "pages were") + " cut at --max-body-size (a larger --max-body-size reads them whole)"}
}

// policyLinkUnread reports whether no privacy policy was found while no
// page was read whole: the link to it may sit in the parts not read, so
// the checks that need the policy judge nothing (unjudgedPolicy) rather
// than report a site without one.
func policyLinkUnread(site *evidence.Site) bool {
	return site.PrivacyPolicy == nil && site.Truncated > 0 && readWhole(site) == 0
}

// unjudgedPolicy is the result of a check that needs the privacy policy
// when policyLinkUnread: an error, for the reason unjudged gives.
func unjudgedPolicy(site *evidence.Site) Result {
	return Result{Status: StatusError, Summary: "not judged: no page links a privacy policy in the part read, and every page (" +
		textutil.Plural(site.Truncated, "page", "pages") + ") was cut at --max-body-size (a larger --max-body-size reads them whole)"}
}
