// Package storetest builds realistic synthetic audits and fills a history
// store with them, for the tests and benchmarks of the packages that read
// a store.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scoring"
	"github.com/privaudit/privaudit/store"
	"github.com/privaudit/privaudit/verdict"
)

// Sizes of a synthetic audit: its checks, the findings each check may
// report (about three quarters of them at a time), the cookies and third
// parties it may see (about two thirds of them at a time).
const (
	Checks             = 20
	FindingsPerCheck   = 4
	CookiePool         = 30
	ThirdPartyPool     = 22
	PolicyPeriod       = 50 // audits between two policy versions
	UnreachableEvery   = 97 // every so many audits the site is unreachable
	UngatedEvery       = 10 // every so many audits the gate is not evaluated
	FailUnder          = 70.0
	policySentences    = 40
	findingFlipPeriods = 7 // findings come and go over 3 to 9 audits
)

var checkIDs = [Checks]string{
	"privacy-policy-linked", "privacy-policy-reachable", "policy-covers-aspects", "policy-legal-elements",
	"policy-last-updated", "cookies-explained", "cookie-banner", "cookies-before-consent",
	"third-parties-disclosed", "trackers-before-consent", "contact-details", "imprint",
	"forms-https", "forms-consent", "https-everywhere", "secure-cookies",
	"policy-language", "policy-readability", "data-subject-rights", "retention-periods",
}

var severities = []verdict.Severity{verdict.Low, verdict.Medium, verdict.High, verdict.Critical, verdict.Info}

var aspectIDs = []string{
	"controller", "contact", "purposes", "legal-basis", "recipients", "transfers",
	"retention", "rights", "complaint", "cookies", "children", "changes",
}

// noise returns a deterministic pseudo-random number in [0, 1) for its
// arguments.
func noise(parts ...any) float64 {
	h := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	return float64(binary.BigEndian.Uint64(h[:8])>>11) / (1 << 53)
}

// present reports whether item (of kind) is there in audit i: it flips
// every few audits, its period depending on the item.
func present(site, kind string, item, i int, share float64) bool {
	period := 3 + int(noise(site, kind, item)*findingFlipPeriods)
	return noise(site, kind, item, i/period) < share
}

// Report returns the synthetic report of the i-th audit of site (a host),
// started a day after the one before, the first at start: its checks,
// findings, cookies and third parties come and go from one audit to the
// next; every UnreachableEvery-th audit found the site unreachable.
func Report(site string, i int, start time.Time) *report.Report {
	origin := "https://" + site
	started := start.UTC().Add(time.Duration(i) * 24 * time.Hour)
	rep := &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          report.Tool{Name: "privaudit", Version: "1.0.0-storetest"},
		Target:        origin + "/",
		Origin:        origin,
		StartedAt:     started,
		FinishedAt:    started.Add(40 * time.Second),
		DurationMS:    40000 + int64(noise(site, "duration", i)*20000),
		Complete:      true,
		Settings:      &report.Settings{Mode: "static", MaxPages: 200, Concurrency: 8, Weights: map[string]float64{}},
		DataSources:   []report.DataSource{{Name: "catalogue", Version: "built-in"}},
		Checks:        []report.CheckResult{},
		Pages:         []report.PageSummary{},
		Cookies:       []report.CookieInfo{},
		ThirdParties:  []report.ThirdParty{},
		Warnings:      []string{},
		Suppressed:    []report.SuppressedFinding{},
		Policy: report.PolicySummary{
			Analysed: []string{},
			Aspects:  map[string]policy.Aspect{},
			Legal:    map[string]report.LegalSummary{},
			Claims:   []policy.Claim{},
		},
	}
	if i > 0 && i%UnreachableEvery == 0 {
		rep.Complete = false
		rep.Error = "the start page could not be fetched: dial tcp: connection refused"
		rep.Grade = "F"
		rep.DurationMS = 3000
		return rep
	}

	pages := 20 + int(noise(site, "pages", i)*10)
	rep.Crawl = report.CrawlStats{Pages: pages + 5, HTMLPages: pages}
	for p := range pages {
		u := origin + "/"
		if p > 0 {
			u = fmt.Sprintf("%s/page-%d", origin, p)
		}
		rep.Pages = append(rep.Pages, report.PageSummary{URL: u, Status: 200, ContentType: "text/html", Depth: min(p, 3),
			Title: fmt.Sprintf("Page %d", p), HTML: true, PrivacyPolicyLinked: p%5 != 0,
			Contact: report.Contact{Emails: []string{}, Phones: []string{}, Addresses: []string{}}})
	}

	var sum, weights float64
	for c, id := range checkIDs {
		weight := 1 + float64(c%3)
		rep.Settings.Weights[id] = weight
		cr := report.CheckResult{ID: id, Title: id, Name: id, Description: "Checks " + id + ".",
			Weight: weight, Severity: severities[c%len(severities)], Findings: []report.Finding{}}
		if c == Checks-1 && noise(site, "na", i) < 0.3 {
			cr.Status = verdict.NotApplicable
			cr.Summary = "Not applicable."
			rep.Checks = append(rep.Checks, cr)
			continue
		}
		for f := range FindingsPerCheck {
			if !present(site, id, f, i, 0.75) {
				continue
			}
			u := fmt.Sprintf("%s/page-%d", origin, 1+(c*FindingsPerCheck+f)%pages)
			subject := fmt.Sprintf("item-%d", f)
			cr.Findings = append(cr.Findings, report.Finding{
				CheckID: id, URL: u, Subject: subject, Severity: cr.Severity,
				Message:     fmt.Sprintf("%s: problem %d on this page", id, f),
				Fingerprint: report.Fingerprint(id, origin, u, subject),
			})
		}
		score := 1 - float64(len(cr.Findings))/(2.5*FindingsPerCheck)
		cr.Score = &score
		switch {
		case len(cr.Findings) == 0:
			cr.Status = verdict.Pass
		case len(cr.Findings) < 3:
			cr.Status, cr.Fix = verdict.Warn, "Fix it."
		default:
			cr.Status, cr.Fix = verdict.Fail, "Fix it."
		}
		cr.Summary = fmt.Sprintf("%d findings.", len(cr.Findings))
		sum += score * weight
		weights += weight
		rep.Checks = append(rep.Checks, cr)
	}
	rep.Score = math.Round(sum/weights*1000) / 10
	rep.Grade = scoring.Grade(rep.Score)
	if i%UngatedEvery != 0 {
		rep.Gate = &report.GateResult{Passed: rep.Score >= FailUnder, FailOn: "none", Reasons: []string{}}
		if !rep.Gate.Passed {
			rep.Gate.Reasons = append(rep.Gate.Reasons, fmt.Sprintf("score %.1f is under %g", rep.Score, FailUnder))
		}
	}

	for k := range CookiePool {
		if !present(site, "cookie", k, i, 0.67) {
			continue
		}
		domain, category := site, "necessary"
		if k%3 != 0 {
			domain, category = fmt.Sprintf(".tracker%d.example", k%7), "marketing"
		}
		rep.Cookies = append(rep.Cookies, report.CookieInfo{Name: fmt.Sprintf("cookie_%d", k), Domain: domain, Path: "/",
			Secure: true, SameSite: "Lax", Session: k%4 == 0, FirstSeenOn: origin + "/",
			Explained: k%5 != 0, Category: category})
	}
	for k := range ThirdPartyPool {
		if !present(site, "host", k, i, 0.67) {
			continue
		}
		rep.ThirdParties = append(rep.ThirdParties, report.ThirdParty{Host: fmt.Sprintf("cdn%d.thirdparty%d.example", k%3, k),
			Pages: 1 + k%pages, Kinds: []string{"script"}, Service: fmt.Sprintf("Service %d", k), Category: "advertising",
			Loads: k%4 != 0, RequiresDisclosure: k%4 != 0, Disclosed: k%3 == 0})
	}

	pol := Policy(site, i)
	rep.Policy.URL, rep.Policy.Found, rep.Policy.Linked, rep.Policy.Status = pol.URL, true, true, 200
	rep.Policy.Analysed = []string{pol.URL}
	rep.Policy.Language, rep.Policy.LastUpdated, rep.Policy.Words = pol.Language, pol.LastUpdated, pol.Words
	for _, a := range aspectIDs {
		covered := false
		for _, b := range pol.Aspects {
			covered = covered || a == b
		}
		rep.Policy.Aspects[a] = policy.Aspect{Covered: covered, Confidence: 0.8, Evidence: []string{}}
	}
	return rep
}

// Policy returns the policy version the i-th audit of site read, nil when
// it read none (the site was unreachable). A new version appears every
// PolicyPeriod audits, with a sentence and an aspect more or less.
func Policy(site string, i int) *policytext.Version {
	if i > 0 && i%UnreachableEvery == 0 {
		return nil
	}
	k := i / PolicyPeriod
	var sentences []string
	for s := range policySentences + k%5 {
		sentences = append(sentences, fmt.Sprintf("sentence %d of the privacy policy of %s, version %d.", s, site, k*(s%7)))
	}
	var aspects []string
	for a, id := range aspectIDs {
		if (a+k)%4 != 0 {
			aspects = append(aspects, id)
		}
	}
	h := sha256.Sum256([]byte(strings.Join(sentences, "\n")))
	return &policytext.Version{
		Hash:        hex.EncodeToString(h[:]),
		URL:         "https://" + site + "/privacy",
		Language:    "en",
		LastUpdated: fmt.Sprintf("2024-%02d-01", 1+k%12),
		Words:       12 * len(sentences),
		Sentences:   sentences,
		Aspects:     aspects,
	}
}

// Fill saves n synthetic audits of site into st, a day apart, the first
// started at start (see Report and Policy).
func Fill(ctx context.Context, st *store.Store, site string, n int, start time.Time) error {
	for i := range n {
		if _, err := st.Save(ctx, Report(site, i, start), Policy(site, i)); err != nil {
			return fmt.Errorf("filling the store with audit %d of %s: %w", i, site, err)
		}
	}
	return nil
}
