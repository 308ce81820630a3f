package checks

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/record"
)

// changePolicy is a dated policy page; extra paragraphs go before its last
// one.
func changePolicy(date string, extra ...string) string {
	paras := []string{"Last updated: " + date + "."}
	paras = append(paras,
		"This privacy policy explains how Example Shop Ltd collects and uses personal data when you use our website.",
		"We use your e-mail address to send you order confirmations and your postal address to deliver your order.",
		"We keep order records for six years because tax law requires it.")
	paras = append(paras, extra...)
	paras = append(paras, "We may update this policy and will post the new version on this page with a new date.")
	return policyHTML(paras...)
}

// changeSite builds the evidence of a site whose policy is body, the
// policy cut at --max-body-size when truncated, and compares it with prev
// (no store when store is false).
func changeSite(t *testing.T, body string, truncated, store bool, prev *policytext.Previous) *evidence.Site {
	t.Helper()
	pol := origin + "/privacy/"
	res := &record.Crawl{Start: origin, Origin: origin, StartURL: origin + "/", Complete: true,
		Pages: []record.Page{page("/", record.Info{PrivacyLinks: []string{pol}})}}
	if body != "" {
		gather.Documents(context.Background(), res, fakeFetcher{pol: body})
	}
	if d := res.Document(pol); d != nil {
		d.Truncated = truncated
	}
	site := evidence.Build(res, catalog.Builtin())
	if store {
		site.PolicyHistory = evidence.ComparePolicy(site, prev)
	}
	return site
}

func TestPolicyChangeNotice(t *testing.T) {
	seen := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	stored := func(body string) *policytext.Previous {
		site := changeSite(t, body, false, true, nil)
		if site.PolicyHistory.Current == nil {
			t.Fatal("the stored version is nil")
		}
		return &policytext.Previous{Version: site.PolicyHistory.Current, Seen: seen}
	}
	base := changePolicy("March 3, 2025")
	added := "We share your postal address with our courier to deliver your order."

	t.Run("not applicable without a store", func(t *testing.T) {
		site := changeSite(t, base, false, false, nil)
		res := run(t, PolicyChangeNotice{}, site)
		if res.Status != StatusNotApplicable || res.Summary != "needs a history store (--store)" {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("not applicable on the first stored audit", func(t *testing.T) {
		res := run(t, PolicyChangeNotice{}, changeSite(t, base, false, true, nil))
		if res.Status != StatusNotApplicable || !strings.Contains(res.Summary, "first stored version") {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("not applicable when the policy was not read", func(t *testing.T) {
		site := changeSite(t, "", false, true, stored(base))
		if site.PolicyHistory.Current != nil || site.PolicyHistory.Changed {
			t.Errorf("history %+v: nothing read, nothing compared", site.PolicyHistory)
		}
		res := run(t, PolicyChangeNotice{}, site)
		if res.Status != StatusNotApplicable || !strings.Contains(res.Summary, "no privacy policy could be read") {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("not applicable when the policy was read in part", func(t *testing.T) {
		site := changeSite(t, changePolicy("March 3, 2025", added), true, true, stored(base))
		if h := site.PolicyHistory; h.Current != nil || !h.Truncated || h.Changed {
			t.Errorf("history %+v: a policy cut at --max-body-size is not compared", h)
		}
		res := run(t, PolicyChangeNotice{}, site)
		if res.Status != StatusNotApplicable || !strings.Contains(res.Summary, "--max-body-size") {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("passes when the text is the same", func(t *testing.T) {
		// Only what rotates differs: markup, spacing, a generated stamp.
		again := strings.Replace(changePolicy("March 3, 2025"), "<p>This privacy", "<p><span>This</span>   privacy", 1)
		site := changeSite(t, again, false, true, stored(base))
		if site.PolicyHistory.Changed {
			t.Fatalf("changed: %+v", site.PolicyHistory.Edits)
		}
		res := run(t, PolicyChangeNotice{}, site)
		if res.Status != StatusPass || res.Score != 1 || !strings.Contains(res.Summary, "same as on 2026-01-05") {
			t.Errorf("got %s %v %q", res.Status, res.Score, res.Summary)
		}
	})
	t.Run("fails when the text changed under the same date", func(t *testing.T) {
		site := changeSite(t, changePolicy("March 3, 2025", added), false, true, stored(base))
		h := site.PolicyHistory
		if !h.Changed || len(h.Edits) != 1 || h.Edits[0] != (policytext.Edit{Op: policytext.Added, Text: added}) {
			t.Fatalf("history %+v, want the one sentence added", h)
		}
		res := run(t, PolicyChangeNotice{}, site)
		if res.Status != StatusFail || res.Score != 0 || len(res.Findings) != 1 {
			t.Fatalf("got %s %v %q %+v", res.Status, res.Score, res.Summary, res.Findings)
		}
		f := res.Findings[0]
		if f.URL != origin+"/privacy/" || f.Subject != "policy-text" || f.Severity != SeverityMedium {
			t.Errorf("finding %+v", f)
		}
		want := map[string]string{"lastUpdatedBefore": "2025-03-03", "lastUpdatedAfter": "2025-03-03", "sentencesAdded": "1",
			"sentencesRemoved": "0", "firstChange": "+ " + added, "previousSeen": "2026-01-05T10:00:00Z"}
		for k, v := range want {
			if f.Evidence[k] != v {
				t.Errorf("evidence %s = %q, want %q", k, f.Evidence[k], v)
			}
		}
		if f.Evidence["previousHash"] == "" || f.Evidence["previousHash"] == f.Evidence["hash"] {
			t.Errorf("evidence hashes %q -> %q", f.Evidence["previousHash"], f.Evidence["hash"])
		}
		if !strings.Contains(f.Message, "is still 2025-03-03") || !strings.Contains(f.Message, "+1 −0") {
			t.Errorf("message %q", f.Message)
		}
	})
	t.Run("fails when the changed policy states no date", func(t *testing.T) {
		undated := strings.Replace(changePolicy("March 3, 2025", added), "<p>Last updated: March 3, 2025.</p>", "", 1)
		res := run(t, PolicyChangeNotice{}, changeSite(t, undated, false, true, stored(base)))
		if res.Status != StatusFail || len(res.Findings) != 1 || !strings.Contains(res.Summary, "states no \"last updated\" date") {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
		if got := res.Findings[0].Evidence["sentencesRemoved"]; got != "1" {
			t.Errorf("sentencesRemoved %q, want 1 (the date line)", got)
		}
	})
	t.Run("fails when the date went back", func(t *testing.T) {
		res := run(t, PolicyChangeNotice{}, changeSite(t, changePolicy("March 3, 2024", added), false, true, stored(base)))
		if res.Status != StatusFail || !strings.Contains(res.Summary, "went back from 2025-03-03 to 2024-03-03") {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("passes when the text changed with a new date", func(t *testing.T) {
		res := run(t, PolicyChangeNotice{}, changeSite(t, changePolicy("April 1, 2026", added), false, true, stored(base)))
		if res.Status != StatusPass || res.Score != 1 || len(res.Findings) != 0 ||
			!strings.Contains(res.Summary, "last updated 2025-03-03 → 2026-04-01") {
			t.Errorf("got %s %v %q", res.Status, res.Score, res.Summary)
		}
	})
	t.Run("passes when a dated policy replaces an undated one", func(t *testing.T) {
		undated := strings.Replace(base, "<p>Last updated: March 3, 2025.</p>", "", 1)
		res := run(t, PolicyChangeNotice{}, changeSite(t, changePolicy("April 1, 2026"), false, true, stored(undated)))
		if res.Status != StatusPass || !strings.Contains(res.Summary, "now states a date: last updated 2026-04-01") {
			t.Errorf("got %s %q", res.Status, res.Summary)
		}
	})
	t.Run("runs in both modes", func(t *testing.T) {
		modes := PolicyChangeNotice{}.Meta().SupportedModes()
		if len(modes) != 2 {
			t.Errorf("modes %v, want static and browser", modes)
		}
	})
}
