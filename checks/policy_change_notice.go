package checks

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policytext"
)

// PolicyChangeNotice checks that a privacy policy whose text changed since
// the version a history store kept also changed its "last updated" date,
// so that the people it speaks to can tell that it changed.
type PolicyChangeNotice struct{}

// Meta implements Check.
func (PolicyChangeNotice) Meta() Meta {
	return Meta{
		ID:           "policy-change-notice",
		Title:        "Policy changes are announced with a new date",
		FailureTitle: "The policy changed but its date did not",
		Description: "With a history store (--store), compares the privacy policy read with the version the store kept of the site's policy, on the normalised text " +
			"(dates, times, nonces, session IDs, query strings, white space and markup that change on every request are not changes). " +
			"Passes when the text is the same, or changed and states a later \"last updated\" date than before; fails when the text changed while the date stayed the same, or the policy states none. " +
			"Not applicable without a store, on the first stored audit of the site's policy, and when this audit could not read the whole policy.",
		Why: "The checklist privaudit is built on asks a site to tell its customers what changes when its policy changes; the European data protection authorities' transparency guidelines (WP260) ask that changes to a notice be communicated, " +
			"and the CCPA (1798.130(a)(5)) asks for a policy updated and dated at least once a year. A policy that changes under an old date, or under none, leaves people unable to tell that what they read is no longer what applies.",
		Fix: "Update the policy's \"last updated\" date whenever its text changes, and announce what changed (a summary at the top of the policy, or a notice to the people concerned); " +
			"the JSON and Markdown reports list the sentences added and removed.",
		Severity: SeverityMedium,
		// It reads the policy, but declares no kind: without a store it is
		// not applicable in any mode, whatever was gathered, and a policy
		// this audit did not read (interrupted) is not judged either.
		Modes: []evidence.Mode{evidence.ModeStatic, evidence.ModeBrowser},
	}
}

// Run implements Check.
func (PolicyChangeNotice) Run(_ context.Context, site *evidence.Site) Result {
	h := site.PolicyHistory
	switch {
	case h == nil:
		return notApplicable("needs a history store (--store)")
	case h.Truncated:
		return notApplicable("the privacy policy was cut at --max-body-size: the text read is not compared (a larger --max-body-size reads it whole)")
	case h.Current == nil:
		return notApplicable("no privacy policy could be read in this audit: nothing to compare")
	case !h.Stored:
		return notApplicable("the first stored version of the site's privacy policy: nothing to compare yet")
	}
	prev, cur := h.Previous.Version, h.Current
	seen := h.Previous.Seen.UTC().Format("2006-01-02")
	if !h.Changed {
		return Result{Status: StatusPass, Score: 1,
			Summary: fmt.Sprintf("the policy's text is the same as on %s (%s)", seen, textutil.Plural(len(cur.Sentences), "sentence", "sentences"))}
	}
	added, removed := h.Counts()
	change := fmt.Sprintf("the policy's text changed since %s (+%d −%d sentences)", seen, added, removed)
	before, after := prev.LastUpdated, cur.LastUpdated
	if after != "" && after > before {
		if before == "" {
			return Result{Status: StatusPass, Score: 1, Summary: change + " and it now states a date: last updated " + after}
		}
		return Result{Status: StatusPass, Score: 1, Summary: change + " and its date moved: last updated " + before + " → " + after}
	}
	var why string
	switch {
	case after == "":
		why = "but it states no \"last updated\" date: readers cannot tell that it changed"
	case after == before:
		why = "but its \"last updated\" date is still " + after + ": readers cannot tell that it changed"
	default:
		why = "but its \"last updated\" date went back from " + before + " to " + after + ": readers cannot tell that it changed"
	}
	ev := map[string]string{
		"previousHash":      prev.Hash,
		"previousSeen":      h.Previous.Seen.UTC().Format(time.RFC3339),
		"hash":              cur.Hash,
		"lastUpdatedBefore": before,
		"lastUpdatedAfter":  after,
		"sentencesAdded":    strconv.Itoa(added),
		"sentencesRemoved":  strconv.Itoa(removed),
	}
	if len(h.Edits) > 0 {
		ev["firstChange"] = editText(h.Edits[0])
	}
	return Result{Status: StatusFail, Score: 0, Summary: change + " " + why,
		Findings: []Finding{{URL: site.PolicyURL(), Subject: "policy-text", Severity: SeverityMedium,
			Message: change + " " + why, Evidence: ev}}}
}

// editText is an edit as a line of a diff: "+ sentence" or "− sentence".
func editText(e policytext.Edit) string {
	if e.Op == policytext.Removed {
		return "− " + e.Text
	}
	return "+ " + e.Text
}
