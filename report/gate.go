package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/verdict"
)

// GateResult is the CI gate's verdict.
type GateResult struct {
	Passed bool `json:"passed"`
	// FailOn is the severity threshold ("none" when off).
	FailOn string `json:"failOn"`
	// FailUnder is the score threshold (null when off).
	FailUnder *float64 `json:"failUnder"`
	// Reasons says why the gate failed, one line each.
	Reasons []string `json:"reasons"`
}

// GatePolicy is what the gate enforces.
type GatePolicy struct {
	// FailUnder fails the gate when the score is under it (0: off).
	FailUnder float64
	// FailOn fails the gate on any gating finding at or above this
	// severity ("none" or "": off).
	FailOn string
	// Levels maps check IDs to "error" (default), "warn" (never fails the
	// gate) or "off" (not run).
	Levels map[string]string
	// MinScores maps check IDs to the lowest acceptable score, 0-100.
	MinScores map[string]float64
}

// EvaluateGate decides whether the report passes the gate and records the
// verdict in r.Gate. Suppressed findings never count; with a baseline, only
// findings new since it count.
func (r *Report) EvaluateGate(p GatePolicy) *GateResult {
	g := &GateResult{Passed: true, FailOn: p.FailOn, Reasons: []string{}}
	if p.FailUnder > 0 {
		g.FailUnder = &p.FailUnder
	}
	if g.FailOn == "" {
		g.FailOn = "none"
	}
	if p.FailUnder > 0 && r.Score < p.FailUnder {
		g.Reasons = append(g.Reasons, fmt.Sprintf("score %.1f is under %g", r.Score, p.FailUnder))
	}
	threshold := verdict.Severity(p.FailOn).Rank()
	for _, c := range r.Checks {
		// Checks at level warn or off never fail the gate, and neither do
		// informative ones (weight 0) unless the config sets level error.
		if p.Levels[c.ID] == "warn" || p.Levels[c.ID] == "off" || c.Weight == 0 && p.Levels[c.ID] != "error" {
			continue
		}
		if min, ok := p.MinScores[c.ID]; ok {
			switch {
			case c.Status == verdict.Error:
				// A check that could not run has not shown it meets its
				// minimum.
				g.Reasons = append(g.Reasons, fmt.Sprintf("%s: no score (error: %s), minimum %g", c.ID, c.Summary, min))
			case c.Score != nil && *c.Score*100 < min:
				g.Reasons = append(g.Reasons, fmt.Sprintf("%s: score %s, under its minimum %g", c.ID, strings.TrimSuffix(Percent(*c.Score), "%"), min))
			}
		}
		if threshold < 0 {
			continue
		}
		count := 0
		var worst verdict.Severity
		for _, f := range c.Findings {
			if f.BaselineState == "unchanged" {
				continue
			}
			if rank := f.Severity.Rank(); rank >= threshold {
				count++
				if worst == "" || rank > worst.Rank() {
					worst = f.Severity
				}
			}
		}
		if count > 0 {
			what := "finding"
			if count > 1 {
				what = "findings"
			}
			qualifier := ""
			if r.Baseline != nil {
				qualifier = "new "
			}
			g.Reasons = append(g.Reasons, fmt.Sprintf("%s: %d %s%s of severity %s or worse (worst: %s)", c.ID, count, qualifier, what, p.FailOn, worst))
		}
	}
	sort.Strings(g.Reasons)
	g.Passed = len(g.Reasons) == 0
	r.Gate = g
	return g
}
