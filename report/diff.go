package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Diff compares two reports of the same site.
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
	ID           string  `json:"id"`
	StatusBefore string  `json:"statusBefore"`
	StatusAfter  string  `json:"statusAfter"`
	ScoreBefore  float64 `json:"scoreBefore"`
	ScoreAfter   float64 `json:"scoreAfter"`
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
		if !ok || o.Status != c.Status || o.Score != c.Score {
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

// WriteJSON writes the diff as JSON.
func (d *Diff) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

// WriteText writes the diff for a terminal.
func (d *Diff) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "Score: %.1f (%s) -> %.1f (%s), %+.1f\n", d.Before.Score, d.Before.Grade, d.After.Score, d.After.Grade, d.ScoreDelta)
	fmt.Fprintf(w, "Findings: %d new, %d fixed, %d changed\n", len(d.New), len(d.Fixed), len(d.Changed))
	if len(d.Checks) > 0 {
		fmt.Fprintln(w, "\nChecks")
		for _, c := range d.Checks {
			fmt.Fprintf(w, "  %-26s %s %s -> %s %s\n", c.ID, orNone(c.StatusBefore), Percent(c.ScoreBefore), c.StatusAfter, Percent(c.ScoreAfter))
		}
	}
	section := func(title, mark string, list []Finding) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s\n", title)
		for _, f := range list {
			fmt.Fprintf(w, "  %s [%s] %s %s: %s\n", mark, f.Severity, f.CheckID, oneLine(f.URL, 100), oneLine(f.Message, 120))
		}
	}
	section("New findings", "+", d.New)
	section("Fixed findings", "-", d.Fixed)
	if len(d.Changed) > 0 {
		fmt.Fprintln(w, "\nChanged findings")
		for _, c := range d.Changed {
			fmt.Fprintf(w, "  ~ %s %s: [%s] %s -> [%s] %s\n", c.After.CheckID, oneLine(c.After.URL, 100), c.Before.Severity, oneLine(c.Before.Message, 80), c.After.Severity, oneLine(c.After.Message, 80))
		}
	}
	return nil
}

// WriteMarkdown writes the diff as Markdown for a pull-request comment.
func (d *Diff) WriteMarkdown(w io.Writer) error {
	fmt.Fprintf(w, "## privaudit: score %.1f → %.1f (%+.1f)\n\n", d.Before.Score, d.After.Score, d.ScoreDelta)
	fmt.Fprintf(w, "**%d new**, %d fixed, %d changed findings.\n", len(d.New), len(d.Fixed), len(d.Changed))
	table := func(title string, list []Finding) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(w, "\n### %s\n\n| Severity | Check | URL | Finding |\n|---|---|---|---|\n", title)
		for _, f := range list {
			fmt.Fprintf(w, "| %s | `%s` | %s | %s |\n", f.Severity, f.CheckID, mdCode(f.URL, 200), mdCell(f.Message))
		}
	}
	table("New findings", d.New)
	table("Fixed findings", d.Fixed)
	if len(d.Changed) > 0 {
		fmt.Fprintf(w, "\n### Changed findings\n\n| Check | URL | Before | After |\n|---|---|---|---|\n")
		for _, c := range d.Changed {
			fmt.Fprintf(w, "| `%s` | %s | %s: %s | %s: %s |\n", c.After.CheckID, mdCode(c.After.URL, 200), c.Before.Severity, mdCell(c.Before.Message), c.After.Severity, mdCell(c.After.Message))
		}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(new)"
	}
	return s
}

// mdCell is a site-provided string made safe for a Markdown table cell.
func mdCell(s string) string { return mdText(s, 200) }
