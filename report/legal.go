package report

import (
	"slices"
	"strings"

	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/verdict"
)

// The formats show the legal elements the same way, from what the report
// holds: the laws applied with the signals behind them (Regimes), the laws
// not applied and why, and for each law applied its check's outcome
// (policy-gdpr, policy-ccpa) with the elements it found missing.

// legalLaw is a law the audit applied, as the formats show it.
type legalLaw struct {
	// Law is the law's ID (gdpr); Name how to write it (GDPR).
	Law, Name string
	// Signals say why it applies.
	Signals []string
	// Check is its check's outcome (nil when the check did not run), with
	// the status shown and its summary, without the list of the missing
	// elements that Missing gives with their articles.
	Check   *CheckResult
	Status  verdict.Status
	Summary string
	// Missing are the elements the check found missing.
	Missing []legalMissing
}

// legalMissing is an element a legal check found missing.
type legalMissing struct {
	ID, Title, Article string
}

// legalView is what the formats show of the legal elements.
type legalView struct {
	// Requested are the --regime values; AppliedText names the laws
	// applied ("GDPR, CCPA", or "none").
	Requested, AppliedText string
	Applied                []legalLaw
	// NotApplied says, one line each, which laws were not applied and why.
	NotApplied []string
	// Rows are the legal elements in report order, for the tables.
	Rows []legalRow
}

// legalRow is one legal element with its verdict.
type legalRow struct {
	ID, Title, Article string
	// Required is true when a law applied requires it.
	Required bool
	S        LegalSummary
}

// legalCheckID is the ID of the check of a law.
func legalCheckID(law string) string { return "policy-" + law }

// newLegalView reads what the formats show of the legal elements; nil when
// the report has no regimes (a site that could not be audited, or a report
// of an earlier version).
func newLegalView(r *Report) *legalView {
	g := r.Regimes
	if g == nil {
		return nil
	}
	v := &legalView{Requested: strings.Join(g.Requested, ", ")}
	if v.Requested == "" {
		v.Requested = "auto"
	}
	laws := slices.Clone(policy.Laws)
	for _, l := range g.Applied {
		if !slices.Contains(laws, l) {
			laws = append(laws, l) // a law of a later version
		}
	}
	auto := len(g.Requested) == 0 || slices.Contains(g.Requested, "auto")
	for _, law := range laws {
		if !slices.Contains(g.Applied, law) {
			why := "not asked for with --regime"
			switch {
			case slices.Contains(g.Requested, "none"):
				why = "--regime none"
			case auto && law == policy.LawGDPR:
				why = "no signal of an EU/EEA/UK audience (--regime gdpr applies it)"
			case auto && law == policy.LawCCPA:
				why = "no signal of a Californian audience (--regime ccpa applies it)"
			case auto:
				why = "no signal (--regime " + law + " applies it)"
			}
			v.NotApplied = append(v.NotApplied, policy.LawName(law)+": "+why)
			continue
		}
		ll := legalLaw{Law: law, Name: policy.LawName(law)}
		for _, s := range g.Signals {
			if s.Regime == law {
				ll.Signals = append(ll.Signals, s.Signal)
			}
		}
		for i := range r.Checks {
			c := &r.Checks[i]
			if c.ID != legalCheckID(law) {
				continue
			}
			ll.Check = c
			for _, f := range c.Findings {
				id, ok := strings.CutPrefix(f.Subject, "legal:")
				if !ok {
					continue
				}
				m := legalMissing{ID: id, Article: f.Evidence["article"]}
				if e, ok := policy.LegalElement(id); ok {
					m.Title = e.Title
				}
				ll.Missing = append(ll.Missing, m)
			}
		}
		if c := ll.Check; c != nil {
			ll.Status, ll.Summary = shownStatus(c), c.Summary
			if i := strings.Index(ll.Summary, "; missing "); i >= 0 && len(ll.Missing) > 0 {
				ll.Summary = ll.Summary[:i]
			}
		}
		// In the order of the elements (the check's findings are in the
		// order of their subjects); the aspects a law adds come last.
		rank := func(id string) int {
			if i := slices.Index(policy.LegalElements, id); i >= 0 {
				return i
			}
			return len(policy.LegalElements)
		}
		slices.SortStableFunc(ll.Missing, func(a, b legalMissing) int { return rank(a.ID) - rank(b.ID) })
		v.Applied = append(v.Applied, ll)
	}
	names := make([]string, len(v.Applied))
	for i, l := range v.Applied {
		names[i] = l.Name
	}
	v.AppliedText = strings.Join(names, ", ")
	if v.AppliedText == "" {
		v.AppliedText = "none"
	}
	for _, id := range policy.LegalElements {
		row := legalRow{ID: id, S: r.Policy.Legal[id]}
		if e, ok := policy.LegalElement(id); ok {
			row.Title = e.Title
			for _, l := range e.Laws {
				row.Required = row.Required || slices.Contains(g.Applied, l)
			}
		}
		row.Article = row.S.Article
		v.Rows = append(v.Rows, row)
	}
	return v
}

// missingText lists missing elements with their articles: "legal-basis
// (GDPR Art. 13(1)(c)), dpo-contact (GDPR Art. 13(1)(b))".
func missingText(list []legalMissing) string {
	parts := make([]string, len(list))
	for i, m := range list {
		parts[i] = m.ID
		if m.Article != "" {
			parts[i] += " (" + m.Article + ")"
		}
	}
	return strings.Join(parts, ", ")
}
