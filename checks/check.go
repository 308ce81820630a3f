// Package checks holds privaudit's checks. Each check is a pure function of
// the site's evidence: it declares the evidence it needs and returns a
// status, a score from 0 to 1 and findings that point at URLs. Weights live
// in package scoring, not here.
package checks

import (
	"context"
	"fmt"
	"sort"

	"github.com/privaudit/privaudit/evidence"
)

// Status is the outcome of a check.
type Status string

// Statuses.
const (
	StatusPass          Status = "pass"
	StatusWarn          Status = "warn"
	StatusFail          Status = "fail"
	StatusNotApplicable Status = "not-applicable"
	StatusError         Status = "error"
)

// Severity ranks findings.
type Severity string

// Severities, from least to most severe.
const (
	SeverityInfo     Severity = "info"
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Rank orders severities: info 0 ... critical 4, unknown -1.
func (s Severity) Rank() int {
	switch s {
	case SeverityInfo:
		return 0
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	case SeverityCritical:
		return 4
	}
	return -1
}

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
	// Requires lists the evidence the check reads.
	Requires []evidence.Kind
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
		CookiesExplained{},
		CookieSecurity{},
		HTTPS{},
		FormSecurity{},
		ConsentCheckboxes{},
		ThirdPartyDisclosure{},
		TrustSeal{},
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

func notApplicable(summary string) Result {
	return Result{Status: StatusNotApplicable, Score: 1, Summary: summary}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
