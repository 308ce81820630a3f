package audit

import (
	"slices"
	"time"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scoring"
	"github.com/privaudit/privaudit/verdict"
	"github.com/privaudit/privaudit/version"
)

// assembly is what the runner knows of the run besides the evidence and
// the check outcomes.
type assembly struct {
	started  time.Time
	duration time.Duration
	weights  map[string]float64
	catalog  *catalog.Catalog
	warnings []string
	// history is what a history store knew of the site (nil: no store).
	history *History
}

// assemble builds the report of an audit: it reads the evidence and the
// outcomes, and judges nothing again.
func assemble(site *evidence.Site, outcomes []checks.Outcome, a assembly) *report.Report {
	c := site.Crawl
	r := &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: version.Name, Version: version.Version},
		Target:        site.Target,
		Origin:        site.Origin,
		StartedAt:     a.started.UTC().Truncate(time.Millisecond),
		FinishedAt:    a.started.Add(a.duration).UTC().Truncate(time.Millisecond),
		DurationMS:    a.duration.Milliseconds(),
		Complete:      c.Complete,
		TimedOut:      c.Limits.TimedOut,
		Interrupted:   c.Limits.Interrupted,
		Settings:      settings(site, a),
		DataSources:   dataSources(a.catalog),
		Crawl:         report.CrawlStats{Pages: len(c.Pages), HTMLPages: len(site.Pages), Errors: c.Errors, Skipped: c.Skipped, Truncated: c.Truncated},
		Score:         scoring.Score(outcomes, a.weights),
		Warnings:      append([]string{}, a.warnings...),
		Suppressed:    []report.SuppressedFinding{},
		Checks:        []report.CheckResult{},
	}
	r.Grade = scoring.Grade(r.Score)
	failures := map[string]int{}
	for _, o := range outcomes {
		r.Checks = append(r.Checks, checkResult(site, o, a.weights, failures))
	}
	r.Pages = pages(site, failures)
	r.Cookies = cookies(site)
	r.ThirdParties = thirdParties(site)
	r.Policy = policySummary(site)
	r.Regimes = regimes(site.Regimes)
	browserParts(r, site)
	r.PolicyChange = policyChange(site.PolicyHistory)
	if a.history != nil {
		r.History = historySummary(a.history.Earlier)
	}
	return r
}

// policyChange is how the policy changed since the stored version: nil
// when it did not (or nothing was compared). The diff lists up to
// report.MaxPolicyDiff sentences; the counts are of all of them.
func policyChange(h *evidence.PolicyHistory) *report.PolicyChange {
	if h == nil || !h.Changed {
		return nil
	}
	prev, cur := h.Previous.Version, h.Current
	pc := &report.PolicyChange{
		Previous:          report.PolicyVersionRef{Date: h.Previous.Seen.UTC().Truncate(time.Millisecond), Hash: prev.Hash},
		Hash:              cur.Hash,
		LastUpdatedBefore: prev.LastUpdated,
		LastUpdatedAfter:  cur.LastUpdated,
		Diff:              []report.DiffSentence{},
	}
	pc.SentencesAdded, pc.SentencesRemoved = h.Counts()
	gained, lost := policytext.AspectsDelta(prev, cur)
	pc.AspectsGained, pc.AspectsLost = nonNil(gained), nonNil(lost)
	for _, e := range h.Edits {
		if len(pc.Diff) == report.MaxPolicyDiff {
			pc.DiffTruncated = true
			break
		}
		pc.Diff = append(pc.Diff, report.DiffSentence{Op: e.Op, Text: e.Text})
	}
	return pc
}

// historySummary is the report's list of the site's earlier audits: the
// newest report.MaxHistory of them, oldest first (nil when there are
// none).
func historySummary(earlier []report.HistoryPoint) *report.HistorySummary {
	if len(earlier) == 0 {
		return nil
	}
	if len(earlier) > report.MaxHistory {
		earlier = earlier[len(earlier)-report.MaxHistory:]
	}
	return &report.HistorySummary{Audits: slices.Clone(earlier)}
}

// checkResult is one check's entry of the report. A check shown without
// being scored (weight 0) is informative, whatever it found.
func checkResult(site *evidence.Site, o checks.Outcome, weights map[string]float64, failures map[string]int) report.CheckResult {
	m, res := o.Meta, o.Result
	cr := report.CheckResult{
		ID: m.ID, Title: m.Title, Name: m.Title, Description: m.Description, Why: m.Why, Fix: m.Fix,
		Status: res.Status, Weight: scoring.Weight(weights, m.ID), Severity: m.Severity,
		Summary: res.Summary, Findings: []report.Finding{},
	}
	if res.Status.Failing() {
		cr.Title = m.FailureTitle
	}
	if cr.Weight == 0 && res.Status.Scored() {
		cr.Status = verdict.Informative
	}
	// Only a judged, weighted result has a score: a dashboard must not
	// draw 100% for a check that did not apply, could not run or is only
	// shown.
	if cr.Status.Scored() {
		s := round3(res.Score)
		cr.Score = &s
	}
	for _, f := range res.Findings {
		cr.Findings = append(cr.Findings, report.Finding{
			CheckID: m.ID, URL: f.URL, Subject: f.Subject, Message: f.Message,
			Severity: f.Severity, Evidence: f.Evidence, Page: f.Page,
			Fingerprint: report.Fingerprint(m.ID, site.Origin, f.URL, f.Subject),
		})
		if f.Page {
			failures[f.URL]++
		}
	}
	return cr
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

// settings says how the audit was made.
func settings(site *evidence.Site, a assembly) *report.Settings {
	lim := site.Crawl.Limits
	s := &report.Settings{
		Mode:     string(site.Mode),
		MaxPages: lim.MaxPages, MaxDepth: lim.MaxDepth, MaxTimeMS: lim.MaxTimeMS, Concurrency: lim.Concurrency,
		Weights: map[string]float64{},
	}
	for id := range scoring.DefaultWeights {
		s.Weights[id] = scoring.Weight(a.weights, id)
	}
	return s
}

func pages(site *evidence.Site, failures map[string]int) []report.PageSummary {
	out := make([]report.PageSummary, 0, len(site.All))
	for _, p := range site.All {
		out = append(out, report.PageSummary{
			URL: p.URL, Status: p.Status, ContentType: p.ContentType, Depth: p.Depth, FetchedAt: p.FetchedAt,
			Title: p.Title, HTML: p.HTML, Error: p.Error, RedirectsTo: p.RedirectsTo, Truncated: p.Truncated,
			PrivacyPolicyLinked: p.PolicyLinked, Failures: failures[p.URL],
			Contact: report.Contact{Emails: nonNil(p.Contact.Emails), Phones: nonNil(p.Contact.Phones),
				Addresses: nonNil(p.Contact.Addresses), ContactPage: p.ContactPage},
		})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// cookies lists the site's own cookies, then the third parties' cookies a
// browser saw, each once, with whether the policy explains it (browser
// mode adds each one's phases: browserParts).
func cookies(site *evidence.Site) []report.CookieInfo {
	out := []report.CookieInfo{}
	for _, list := range [][]evidence.Cookie{site.Cookies, site.ThirdPartyCookies} {
		for _, c := range list {
			ci := report.CookieInfo{Name: c.Name, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HTTPOnly,
				SameSite: c.SameSite, Expires: c.Expires, MaxAge: c.MaxAge, Session: c.Session(), FirstSeenOn: c.FirstSeenOn,
				Explained: c.Explained(), ExplainedBy: c.ExplainedBy, Via: c.Via, SetBy: c.SetBy}
			if c.Known != nil {
				ci.Category, ci.Platform = c.Known.Category, c.Known.Platform
			}
			out = append(out, ci)
		}
	}
	return out
}

func thirdParties(site *evidence.Site) []report.ThirdParty {
	out := []report.ThirdParty{}
	for _, tp := range site.ThirdParties {
		t := report.ThirdParty{Host: tp.Host, Pages: tp.Pages, Kinds: nonNil(tp.Kinds), Loads: tp.Loads, RequiresDisclosure: tp.Used(), Disclosed: tp.Disclosed()}
		if tp.Known != nil {
			t.Service, t.Category = tp.Known.Service, tp.Known.Category
		}
		out = append(out, t)
	}
	return out
}

func policySummary(site *evidence.Site) report.PolicySummary {
	ps := report.PolicySummary{Aspects: map[string]policy.Aspect{}, Claims: []policy.Claim{}, Contradictions: []policy.Contradiction{},
		Analysed: append([]string{}, site.Analysed...), Legal: report.LegalSummaries(site.Policy)}
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
		ps.Claims = append(ps.Claims, a.Claims...)
	}
	for _, c := range site.Contradictions {
		ps.Contradictions = append(ps.Contradictions, c.Contradiction)
	}
	return ps
}

// regimes are the laws applied, and why.
func regimes(r evidence.Regimes) *report.Regimes {
	out := &report.Regimes{Requested: nonNil(r.Requested), Applied: nonNil(r.Applied), Signals: []report.RegimeSignal{}}
	for _, s := range r.Signals {
		out.Signals = append(out.Signals, report.RegimeSignal{Regime: s.Regime, Signal: s.Signal})
	}
	return out
}

// dataSources names the data the audit used.
func dataSources(cat *catalog.Catalog) []report.DataSource {
	out := []report.DataSource{}
	for _, src := range cat.Sources() {
		ds := report.DataSource{Name: src.Name, Version: src.Version, Path: src.Path, Entries: src.Entries}
		if m, ok := CachedData(src.Path); ok && src.Path != "" {
			// A copy update-db downloaded: say where from and when.
			ds.URL, ds.Fetched = m.URL, m.FetchedAt.UTC().Format(time.RFC3339)
		}
		out = append(out, ds)
	}
	return out
}
