package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/privaudit/privaudit/policy"
)

// PolicyReport is the result of `privaudit policy`: the analysis of one
// policy document, with every aspect ID present.
type PolicyReport struct {
	Source         string                   `json:"source"`
	Language       string                   `json:"language"`
	LastUpdated    string                   `json:"lastUpdated"`
	Words          int                      `json:"words"`
	Aspects        map[string]policy.Aspect `json:"aspects"`
	Names          policy.Names             `json:"names"`
	Claims         []policy.Claim           `json:"claims"`
	Contradictions []policy.Contradiction   `json:"contradictions"`
}

// NewPolicyReport builds the report of one analysed policy.
func NewPolicyReport(source string, a *policy.Analysis) *PolicyReport {
	r := &PolicyReport{
		Source: source, Language: a.Language, LastUpdated: a.LastUpdated, Words: a.Words,
		Aspects:        map[string]policy.Aspect{},
		Names:          policy.Names{Cookies: nonNil(a.Names.Cookies), Companies: nonNil(a.Names.Companies)},
		Claims:         append([]policy.Claim{}, a.Claims...),
		Contradictions: append([]policy.Contradiction{}, a.Contradictions()...),
	}
	for _, id := range policy.AspectIDs {
		asp := a.Aspects[id]
		if asp.Evidence == nil {
			asp.Evidence = []string{}
		}
		r.Aspects[id] = asp
	}
	return r
}

// WriteJSON writes the policy report as JSON.
func (r *PolicyReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing policy report: %w", err)
	}
	return nil
}

// WriteTable writes the policy report for a terminal: one row per aspect
// with its confidence, the first evidence sentence and its heading.
func (r *PolicyReport) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Policy: %s\nLanguage: %s  Last updated: %s  Words: %d\n\n", oneLine(r.Source, 200), orDash(r.Language), orDash(r.LastUpdated), r.Words)
	tbl := newTable(w)
	tbl.Header("Aspect", "Covered", "Confidence", "Evidence (under heading)")
	covered := 0
	for _, id := range policy.AspectIDs {
		asp := r.Aspects[id]
		mark, conf, ev := "no", "-", ""
		if asp.Covered {
			mark = "yes"
			covered++
		}
		if asp.Confidence > 0 {
			conf = fmt.Sprintf("%.2f", asp.Confidence)
		}
		if len(asp.Evidence) > 0 {
			ev = oneLine(asp.Evidence[0], 160)
			if asp.Heading != "" {
				ev += " (" + oneLine(asp.Heading, 60) + ")"
			}
		}
		if err := tbl.Append(id, mark, conf, ev); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	fmt.Fprintf(w, "\n%d of %d aspects covered\n", covered, len(policy.AspectIDs))
	if len(r.Names.Cookies) > 0 {
		fmt.Fprintf(w, "Cookies named: %s\n", oneLine(strings.Join(r.Names.Cookies, ", "), 300))
	}
	if len(r.Names.Companies) > 0 {
		fmt.Fprintf(w, "Companies named: %s\n", oneLine(strings.Join(r.Names.Companies, ", "), 300))
	}
	for _, c := range r.Contradictions {
		fmt.Fprintf(w, "Contradiction (%s): %q, yet %s\n", c.Claim, oneLine(c.Sentence, 160), oneLine(c.Observed, 160))
	}
	return nil
}
