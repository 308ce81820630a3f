package report

import (
	"sort"

	"github.com/privaudit/privaudit/verdict"
)

// Diff compares two reports of the same site. DiffRendererFor returns its
// renderers.
type Diff struct {
	Before     DiffSide      `json:"before"`
	After      DiffSide      `json:"after"`
	ScoreDelta float64       `json:"scoreDelta"`
	New        []Finding     `json:"new"`
	Fixed      []Finding     `json:"fixed"`
	Changed    []Change      `json:"changed"`
	Checks     []CheckChange `json:"checks"`
}

// DiffSide identifies one of the compared reports.
type DiffSide struct {
	Target    string  `json:"target"`
	StartedAt string  `json:"startedAt"`
	Score     float64 `json:"score"`
	Grade     string  `json:"grade"`
}

// Change is a finding present in both reports whose severity or message
// changed.
type Change struct {
	Before Finding `json:"before"`
	After  Finding `json:"after"`
}

// CheckChange is a check whose status or score changed.
type CheckChange struct {
	ID           string         `json:"id"`
	StatusBefore verdict.Status `json:"statusBefore"`
	StatusAfter  verdict.Status `json:"statusAfter"`
	// ScoreBefore and ScoreAfter are null when the check had no score.
	ScoreBefore *float64 `json:"scoreBefore"`
	ScoreAfter  *float64 `json:"scoreAfter"`
}

// Compare returns what changed from old to cur, matching findings by
// fingerprint.
func Compare(old, cur *Report) *Diff {
	d := &Diff{
		Before:     side(old),
		After:      side(cur),
		ScoreDelta: float64(int64((cur.Score-old.Score)*10+sign(cur.Score-old.Score)*0.5)) / 10,
		New:        []Finding{}, Fixed: []Finding{}, Changed: []Change{}, Checks: []CheckChange{},
	}
	before := map[string]Finding{}
	for _, f := range old.AllFindings() {
		before[f.Fingerprint] = f
	}
	after := map[string]Finding{}
	for _, f := range cur.AllFindings() {
		after[f.Fingerprint] = f
		b, ok := before[f.Fingerprint]
		switch {
		case !ok:
			d.New = append(d.New, f)
		case b.Severity != f.Severity || b.Message != f.Message:
			d.Changed = append(d.Changed, Change{Before: b, After: f})
		}
	}
	for _, f := range old.AllFindings() {
		if _, ok := after[f.Fingerprint]; !ok {
			d.Fixed = append(d.Fixed, f)
		}
	}
	oldChecks := map[string]CheckResult{}
	for _, c := range old.Checks {
		oldChecks[c.ID] = c
	}
	for _, c := range cur.Checks {
		o, ok := oldChecks[c.ID]
		if !ok || o.Status != c.Status || !sameScore(o.Score, c.Score) {
			d.Checks = append(d.Checks, CheckChange{ID: c.ID, StatusBefore: o.Status, StatusAfter: c.Status, ScoreBefore: o.Score, ScoreAfter: c.Score})
		}
	}
	for _, list := range [][]Finding{d.New, d.Fixed} {
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].CheckID != list[j].CheckID {
				return list[i].CheckID < list[j].CheckID
			}
			return list[i].URL < list[j].URL
		})
	}
	return d
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func side(r *Report) DiffSide {
	return DiffSide{Target: r.Target, StartedAt: r.StartedAt.Format("2006-01-02T15:04:05Z07:00"), Score: r.Score, Grade: r.Grade}
}

// sameScore reports whether two check scores (nil: none) are equal.
func sameScore(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
