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

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/scoring"
	"github.com/privaudit/privaudit/version"
)

// SchemaVersion is the version of the JSON report's schema (semver: a new
// minor adds fields, a new major may change them).
const SchemaVersion = "1.0.0"

// Report is the result of an audit.
type Report struct {
	SchemaVersion string    `json:"schemaVersion"`
	Tool          Tool      `json:"tool"`
	Target        string    `json:"target"`
	Origin        string    `json:"origin"`
	StartedAt     time.Time `json:"startedAt"`
	DurationMS    int64     `json:"durationMs"`
	Complete      bool      `json:"complete"`
	// TimedOut is true when --max-time ran out before the crawl finished.
	TimedOut bool `json:"timedOut,omitempty"`
	// Interrupted is true when the audit was stopped (Ctrl-C, SIGTERM)
	// before it finished: the report covers what was done by then.
	Interrupted  bool          `json:"interrupted,omitempty"`
	Crawl        CrawlStats    `json:"crawl"`
	Score        float64       `json:"score"`
	Grade        string        `json:"grade"`
	Checks       []CheckResult `json:"checks"`
	Pages        []PageSummary `json:"pages"`
	Cookies      []CookieInfo  `json:"cookies"`
	ThirdParties []ThirdParty  `json:"thirdParties"`
	Policy       PolicySummary `json:"policy"`
	Warnings     []string      `json:"warnings"`
	// Suppressed lists the findings an ignore-file entry suppressed.
	Suppressed []SuppressedFinding `json:"suppressed"`
	// Baseline summarises the comparison with a baseline report, when one
	// was given.
	Baseline *BaselineSummary `json:"baseline,omitempty"`
	// Gate is the CI gate's verdict, when the gate was evaluated.
	Gate *GateResult `json:"gate,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// CrawlStats counts what the crawl fetched.
type CrawlStats struct {
	Pages   int `json:"pages"`
	Errors  int `json:"errors"`
	Skipped int `json:"skipped"`
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
	// Status is pass, warn, fail, not-applicable or error.
	Status string `json:"status"`
	// Score is from 0 to 1.
	Score float64 `json:"score"`
	// Weight is the check's weight in the overall score (0: informative).
	Weight float64 `json:"weight"`
	// Severity is the severity of the check's findings.
	Severity string `json:"severity"`
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
	Severity    string            `json:"severity"`
	Fingerprint string            `json:"fingerprint"`
	Evidence    map[string]string `json:"evidence,omitempty"`
	// BaselineState is "new" or "unchanged" when a baseline was given.
	BaselineState string `json:"baselineState,omitempty"`
}

// PageSummary is one fetched page.
type PageSummary struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
	Title  string `json:"title"`
	HTML   bool   `json:"html"`
	Error  string `json:"error,omitempty"`
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
}

// ThirdParty is another host the pages use.
type ThirdParty struct {
	Host      string   `json:"host"`
	Pages     int      `json:"pages"`
	Kinds     []string `json:"kinds"`
	Service   string   `json:"service,omitempty"`
	Category  string   `json:"category,omitempty"`
	Loads     bool     `json:"loads"`
	Disclosed bool     `json:"disclosed"`
}

// PolicySummary is what was found of the privacy policy.
type PolicySummary struct {
	URL             string `json:"url"`
	Found           bool   `json:"found"`
	Linked          bool   `json:"linked"`
	Status          int    `json:"status,omitempty"`
	CookiePolicyURL string `json:"cookiePolicyUrl,omitempty"`
	// Parts are the sub-pages of a privacy centre read with the policy.
	Parts       []string                 `json:"parts,omitempty"`
	Language    string                   `json:"language"`
	LastUpdated string                   `json:"lastUpdated"`
	Words       int                      `json:"words"`
	Aspects     map[string]policy.Aspect `json:"aspects"`
	Names       *policy.Names            `json:"names,omitempty"`
	Claims      []policy.Claim           `json:"claims,omitempty"`
	// Contradictions are claims of the policy that its own text or the
	// crawl contradicts ("we use no cookies" on a site that sets some).
	Contradictions []policy.Contradiction `json:"contradictions"`
}

// Meta is what the caller knows of the run.
type Meta struct {
	StartedAt time.Time
	Duration  time.Duration
	Weights   map[string]float64
	Warnings  []string
}

// Build assembles the report of an audit.
func Build(site *evidence.Site, outcomes []checks.Outcome, meta Meta) *Report {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: version.Name, Version: version.Version},
		Target:        site.Target,
		Origin:        site.Origin,
		StartedAt:     meta.StartedAt.UTC().Truncate(time.Millisecond),
		DurationMS:    meta.Duration.Milliseconds(),
		Complete:      site.Crawl.Complete,
		Crawl:         CrawlStats{Pages: len(site.Crawl.Pages), Errors: site.Crawl.Errors, Skipped: site.Crawl.Skipped},
		Score:         scoring.Score(outcomes, meta.Weights),
		Warnings:      append([]string{}, meta.Warnings...),
		Suppressed:    []SuppressedFinding{},
		Checks:        []CheckResult{},
	}
	r.Grade = scoring.Grade(r.Score)
	if !site.Crawl.Complete && len(meta.Warnings) == 0 {
		r.Warnings = append(r.Warnings, "the crawl stopped early (page, depth or time limit): the results cover only the pages fetched")
	}
	failures := map[string]int{}
	for _, o := range outcomes {
		cr := CheckResult{
			ID: o.Meta.ID, Title: o.Meta.Title, Name: o.Meta.Title, Description: o.Meta.Description, Why: o.Meta.Why, Fix: o.Meta.Fix,
			Status: string(o.Result.Status), Score: round3(o.Result.Score),
			Weight: scoring.Weight(meta.Weights, o.Meta.ID), Severity: string(o.Meta.Severity),
			Summary: o.Result.Summary, Findings: []Finding{},
		}
		if o.Result.Status == checks.StatusFail || o.Result.Status == checks.StatusWarn {
			cr.Title = o.Meta.FailureTitle
		}
		for _, f := range o.Result.Findings {
			cr.Findings = append(cr.Findings, Finding{
				CheckID: o.Meta.ID, URL: f.URL, Subject: f.Subject, Message: f.Message,
				Severity: string(f.Severity), Evidence: f.Evidence,
				Fingerprint: Fingerprint(o.Meta.ID, site.Origin, f.URL, f.Subject),
			})
			if f.Page {
				failures[f.URL]++
			}
		}
		r.Checks = append(r.Checks, cr)
	}
	r.Pages = buildPages(site, failures)
	r.Cookies = buildCookies(site)
	r.ThirdParties = buildThirdParties(site)
	r.Policy = buildPolicy(site)
	for _, o := range outcomes {
		for _, f := range o.Result.Findings {
			if claim, ok := strings.CutPrefix(f.Subject, "contradiction:"); ok {
				r.Policy.Contradictions = append(r.Policy.Contradictions, policy.Contradiction{Claim: policy.ClaimKind(claim), Sentence: f.Evidence["sentence"], Observed: f.Message})
			}
		}
	}
	return r
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

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
	u = crawler.Normalize(u)
	o, err := url.Parse(origin)
	if err == nil && strings.EqualFold(u.Hostname(), o.Hostname()) {
		u.Scheme, u.Host = "", ""
	}
	return u.String()
}

func buildPages(site *evidence.Site, failures map[string]int) []PageSummary {
	out := make([]PageSummary, 0, len(site.Crawl.Pages))
	for i := range site.Crawl.Pages {
		p := &site.Crawl.Pages[i]
		ps := PageSummary{URL: p.URL, Status: p.Status, Title: p.Title, HTML: p.HTML, Error: p.Error, RedirectsTo: p.RefreshTo, Failures: failures[p.URL],
			Contact: Contact{Emails: nonNil(p.Contact.Emails), Phones: nonNil(p.Contact.Phones), Addresses: nonNil(p.Contact.Addresses)}}
		if p.HTML {
			ps.PrivacyPolicyLinked, _ = checks.PolicyLinked(site, p)
			for _, l := range p.ContactLinks {
				if t, ok := site.TargetOf(l); !ok || !t.Broken() {
					ps.Contact.ContactPage = l
					break
				}
			}
		}
		out = append(out, ps)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func buildCookies(site *evidence.Site) []CookieInfo {
	out := []CookieInfo{}
	for _, c := range site.Cookies {
		ci := CookieInfo{Name: c.Name, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HTTPOnly,
			SameSite: c.SameSite, Expires: c.Expires, MaxAge: c.MaxAge, Session: c.Expires == "" && c.MaxAge <= 0, FirstSeenOn: c.FirstSeenOn}
		if c.Known != nil {
			ci.Category, ci.Platform = c.Known.Category, c.Known.Platform
		}
		if s, _, ok := checks.CookieExplanation(site.Policy, c); ok {
			ci.Explained, ci.ExplainedBy = true, s
		}
		out = append(out, ci)
	}
	return out
}

func buildThirdParties(site *evidence.Site) []ThirdParty {
	out := []ThirdParty{}
	for _, tp := range site.ThirdParties {
		t := ThirdParty{Host: tp.Host, Pages: tp.Pages, Kinds: nonNil(tp.Kinds), Loads: tp.Loads}
		if tp.Known != nil {
			t.Service, t.Category = tp.Known.Service, tp.Known.Category
		}
		_, t.Disclosed = checks.Disclosure(site.Policy, tp)
		out = append(out, t)
	}
	return out
}

func buildPolicy(site *evidence.Site) PolicySummary {
	ps := PolicySummary{Aspects: map[string]policy.Aspect{}, Contradictions: []policy.Contradiction{}}
	if d := site.PrivacyPolicy; d != nil {
		ps.URL, ps.Found, ps.Linked, ps.Status, ps.Parts = d.URL, d.OK(), d.Linked, d.Status, d.Parts
	}
	if d := site.CookiePolicy; d != nil {
		ps.CookiePolicyURL = d.URL
	}
	for _, id := range policy.AspectIDs {
		ps.Aspects[id] = policy.Aspect{Evidence: []string{}}
	}
	if a := site.Policy; a != nil {
		ps.Language, ps.LastUpdated, ps.Words = a.Language, a.LastUpdated, a.Words
		for id, asp := range a.Aspects {
			if asp.Evidence == nil {
				asp.Evidence = []string{}
			}
			ps.Aspects[id] = asp
		}
		names := policy.Names{Cookies: nonNil(a.Names.Cookies), Companies: nonNil(a.Names.Companies)}
		ps.Names = &names
		ps.Claims = a.Claims
		ps.Contradictions = append(ps.Contradictions, a.Contradictions()...)
	}
	return ps
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
