package report

import "github.com/privaudit/privaudit/policy"

// PolicyReport is the result of `privaudit policy`: the analysis of one
// policy document, with every aspect ID and every legal element ID
// present. PolicyRendererFor returns
// its renderers.
type PolicyReport struct {
	Source      string                   `json:"source"`
	Language    string                   `json:"language"`
	LastUpdated string                   `json:"lastUpdated"`
	Words       int                      `json:"words"`
	Aspects     map[string]policy.Aspect `json:"aspects"`
	// Legal holds the verdict on each legal element, every ID present.
	Legal map[string]LegalSummary `json:"legal"`
	// Laws are the laws the policy names, each with the first sentence
	// naming it: a sign of the law it is written for.
	Laws           []policy.LawMention    `json:"laws"`
	Names          policy.Names           `json:"names"`
	Claims         []policy.Claim         `json:"claims"`
	Contradictions []policy.Contradiction `json:"contradictions"`
	// Warnings say why the verdicts may mean little (a text too short to be
	// a privacy policy).
	Warnings []string `json:"warnings"`
}

// NewPolicyReport builds the report of one analysed policy.
func NewPolicyReport(source string, a *policy.Analysis) *PolicyReport {
	r := &PolicyReport{
		Source: source, Language: a.Language, LastUpdated: a.LastUpdated, Words: a.Words,
		Aspects:        map[string]policy.Aspect{},
		Legal:          LegalSummaries(a),
		Laws:           append([]policy.LawMention{}, a.LawMentions()...),
		Names:          policy.Names{Cookies: nonNilStrings(a.Names.Cookies), Companies: nonNilStrings(a.Names.Companies)},
		Claims:         append([]policy.Claim{}, a.Claims...),
		Contradictions: append([]policy.Contradiction{}, a.Contradictions()...),
		Warnings:       append([]string{}, a.Warnings...),
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
