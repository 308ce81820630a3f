package checks

import (
	"context"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
)

// TrustSeal reports whether the site shows or states membership of a
// privacy trust programme. It is informative: its weight is 0.
type TrustSeal struct{}

// Meta implements Check.
func (TrustSeal) Meta() Meta {
	return Meta{
		ID:           "trust-seal",
		Title:        "The site shows a privacy trust seal",
		FailureTitle: "No privacy trust seal or programme",
		Description:  "Informative: a page shows a seal of a privacy trust programme or certification (TRUSTe/TrustArc, BBB, ePrivacyseal, Privacy Shield, Data Privacy Framework, APEC CBPR), or the policy states membership of one.",
		Why:          "An outside programme that holds the organisation to its policy (and resolves disputes) is the \"enforce\" part of fair information practice; it is not required by law.",
		Fix:          "Nothing is required. If you take part in such a programme, say so in the policy and show its seal.",
		Severity:     SeverityInfo,
		Requires:     []evidence.Kind{evidence.KindPages},
	}
}

// Run implements Check.
func (TrustSeal) Run(_ context.Context, site *evidence.Site) Result {
	found := map[string]string{}
	for _, p := range site.Pages {
		for _, s := range p.Seals {
			if _, ok := found[s]; !ok {
				found[s] = p.URL
			}
		}
	}
	if site.Policy != nil {
		// A seal of the catalogue the policy names, by its name or an
		// alias, counts under its catalogue name, as pages record it.
		for _, seal := range catalog.Seals() {
			if _, seen := found[seal.Name]; seen {
				continue
			}
			for _, n := range seal.Names() {
				if _, ok := site.Policy.MentionsName(n); ok {
					found[seal.Name] = site.PolicyURL()
					break
				}
			}
		}
	}
	if len(found) == 0 && site.Truncated > 0 && readWhole(site) == 0 {
		// Seals sit in footers, and every page was cut at --max-body-size:
		// one may show a seal in the part not read (see unjudged).
		return Result{Status: StatusError, Summary: "not judged: no trust seal or programme is shown on what was read or stated by the policy, and every page (" +
			textutil.Plural(site.Truncated, "page", "pages") + ") was cut at --max-body-size"}
	}
	if len(found) == 0 {
		summary := "no trust seal or programme shown or stated"
		if site.Truncated > 0 {
			summary += "; " + cutNote(site.Truncated)
		}
		return Result{Status: StatusWarn, Score: 0, Summary: summary,
			Findings: []Finding{{URL: site.Origin + "/", Subject: "trust-seal", Severity: SeverityInfo, Message: "no privacy trust seal or programme is shown or stated"}}}
	}
	names := make([]string, 0, len(found))
	for n := range found {
		names = append(names, n)
	}
	sort.Strings(names)
	return Result{Status: StatusPass, Score: 1, Summary: "shows or states: " + strings.Join(names, ", ")}
}
