// Package scoring holds the weight of every check, in one place, and turns
// check results into the overall score and grade.
package scoring

import (
	"math"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/verdict"
)

// DefaultWeights is the weight of each check in the overall score. A weight
// of 0 shows a check without scoring it.
var DefaultWeights = map[string]float64{
	"privacy-policy-link":      20,
	"contact-info":             10,
	"privacy-policy-reachable": 10,
	"policy-coverage":          15,
	// Only when the law applies (not applicable, and so not scored,
	// otherwise: see evidence.Regimes).
	"policy-gdpr": 6,
	"policy-ccpa": 6,
	// Only with a store (--store: not applicable, and so not scored,
	// without one).
	"policy-change-notice":   4,
	"cookies-explained":      5,
	"cookie-declaration":     5,
	"cookie-security":        5,
	"https":                  10,
	"form-security":          8,
	"consent-checkboxes":     7,
	"third-party-disclosure": 5,
	"trust-seal":             0,
	// Browser mode only (not applicable, and so not scored, without it).
	"consent-banner":       10,
	"pre-consent-tracking": 15,
	"reject-option":        8,
	"reject-respected":     15,
}

// Weight returns the weight of a check from weights, falling back to
// DefaultWeights.
func Weight(weights map[string]float64, id string) float64 {
	if w, ok := weights[id]; ok {
		return w
	}
	return DefaultWeights[id]
}

// Score is the weighted mean of the check scores, from 0 to 100 (rounded to
// one decimal). Not-applicable and error results count with weight 0.
func Score(outcomes []checks.Outcome, weights map[string]float64) float64 {
	var sum, total float64
	for _, o := range outcomes {
		w := Weight(weights, o.Meta.ID)
		if w <= 0 || o.Result.Status == checks.StatusNotApplicable || o.Result.Status == checks.StatusError {
			continue
		}
		sum += w * verdict.Clamp(o.Result.Score)
		total += w
	}
	if total == 0 {
		return 0
	}
	return math.Round(sum/total*1000) / 10
}

// Grade maps a score to a letter: A from 90, B from 80, C from 70, D from
// 60, E from 50, F below.
func Grade(score float64) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 70:
		return "C"
	case score >= 60:
		return "D"
	case score >= 50:
		return "E"
	}
	return "F"
}
