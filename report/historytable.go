package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/privaudit/privaudit/internal/textutil"
)

// HistoryRow is one stored audit of a site, as `privaudit history` lists
// it.
type HistoryRow struct {
	StartedAt time.Time
	Score     float64
	Grade     string
	// Gate is passed, failed, or "" when the gate was not evaluated.
	Gate string
	// Findings counts the audit's findings; New and Fixed compare them
	// with the audit before.
	Findings, New, Fixed int
	// PolicyChanged is true when the policy's text changed since the
	// audit before.
	PolicyChanged bool
	Complete      bool
	// Error says why the site could not be audited.
	Error string
}

// RenderHistory writes a site's audits as a table, one row each.
func (t TableRenderer) RenderHistory(w io.Writer, site string, rows []HistoryRow) error {
	var b bytes.Buffer
	t.para(&b, "", "", fmt.Sprintf("%s of %s", textutil.Plural(len(rows), "audit", "audits"), site))
	if len(rows) > 0 {
		cells := make([][]string, len(rows))
		for i, r := range rows {
			score, grade := fmt.Sprintf("%.1f", r.Score), r.Grade
			if !r.Complete {
				score += "*"
			}
			gate := orDash(r.Gate)
			if r.Error != "" {
				score, grade, gate = "–", "–", "error"
			}
			policy := ""
			if r.PolicyChanged {
				policy = "changed"
			}
			cells[i] = []string{r.StartedAt.UTC().Format("2006-01-02 15:04"), score, grade, gate,
				fmt.Sprint(r.Findings), signed("+", r.New), signed("-", r.Fixed), policy}
		}
		gate := column{head: "Gate", paint: func(row int, s string) string { return t.paint(gateColor(rows[row]), s) }}
		cols := []column{{head: "Date (UTC)"}, {head: "Score"}, {head: "Grade"}, gate, {head: "Findings"}, {head: "New"}, {head: "Fixed"}, {head: "Policy"}}
		if err := t.writeTable(&b, cols, cells); err != nil {
			return err
		}
		for _, r := range rows {
			if !r.Complete && r.Error == "" {
				t.para(&b, "", "", "* incomplete: the audit timed out or was interrupted")
				break
			}
		}
		for _, r := range rows {
			if r.Error != "" {
				t.para(&b, "", "  ", r.StartedAt.UTC().Format("2006-01-02 15:04")+": not audited: "+textutil.OneLine(r.Error, 200))
			}
		}
	}
	if _, err := b.WriteTo(w); err != nil {
		return fmt.Errorf("writing the history: %w", err)
	}
	return nil
}

// signed writes n with a sign, or "0".
func signed(sign string, n int) string {
	if n == 0 {
		return "0"
	}
	return sign + fmt.Sprint(n)
}

func gateColor(r HistoryRow) string {
	switch {
	case r.Error != "":
		return colorError
	case r.Gate == "passed":
		return colorPass
	case r.Gate == "failed":
		return colorFail
	}
	return colorNA
}

// PolicyVersionRow is one version of a site's policy, as
// `privaudit policy-history` lists it.
type PolicyVersionRow struct {
	// N numbers the versions from 1, the oldest.
	N                   int
	FirstSeen, LastSeen time.Time
	Audits              int
	Hash                string
	LastUpdated         string
	Words               int
	Gained, Lost        []string
}

// RenderPolicyHistory writes a site's policy versions as a table.
func (t TableRenderer) RenderPolicyHistory(w io.Writer, site string, rows []PolicyVersionRow) error {
	var b bytes.Buffer
	t.para(&b, "", "", fmt.Sprintf("%s of the privacy policy of %s", textutil.Plural(len(rows), "version", "versions"), site))
	if len(rows) > 0 {
		cells := make([][]string, len(rows))
		for i, r := range rows {
			var aspects []string
			for _, a := range r.Gained {
				aspects = append(aspects, "+"+a)
			}
			for _, a := range r.Lost {
				aspects = append(aspects, "-"+a)
			}
			hash := ShortHash(r.Hash)
			cells[i] = []string{fmt.Sprint(r.N), r.FirstSeen.UTC().Format("2006-01-02"),
				fmt.Sprint(r.Audits), hash, orDash(r.LastUpdated), strings.Join(aspects, " ")}
		}
		cols := []column{{head: "#"}, {head: "First seen"}, {head: "Audits"}, {head: "Hash"}, {head: "Dated"}, {head: "Aspects gained, lost", wrap: true}}
		if err := t.writeTable(&b, cols, cells); err != nil {
			return err
		}
		t.para(&b, "", "", "privaudit policy-history "+site+" --show N prints a version and its diff to the one before.")
	}
	if _, err := b.WriteTo(w); err != nil {
		return fmt.Errorf("writing the policy history: %w", err)
	}
	return nil
}
