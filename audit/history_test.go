package audit_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/sitefs"
)

// rotatingSite serves testdata/sites/policy-rotating as a site that
// renders every page anew on each request: a generation date and time, a
// nonce in scripts and attributes, a request ID, a session ID in links'
// query strings (and in the text of some), the white space between words
// and sentences, and the markup around the text (wrapping spans, <p> or
// <div>, <em> or <strong>) differ from one request to the next, while the
// policy's own "Last updated" date (UPDATED) and text stay until the test
// changes them (EXTRA adds a paragraph).
type rotatingSite struct {
	dir string

	mu       sync.Mutex
	rng      *rand.Rand
	requests int
	updated  string
	extra    string
}

func (s *rotatingSite) set(updated, extra string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updated, s.extra = updated, extra
}

// vars are the placeholders of one response.
func (s *rotatingSite) vars(r *http.Request) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	n := s.requests
	pick := func(list ...string) string { return list[s.rng.IntN(len(list))] }
	nonce := make([]byte, 16)
	for i := range nonce {
		nonce[i] = byte(s.rng.Uint32())
	}
	generated := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * 37 * time.Hour).Add(time.Duration(s.rng.IntN(3600)) * time.Second)
	open := pick("", "<span>", `<span class="hl">`, "<b>", "<span><span>")
	closing := map[string]string{"": "", "<span>": "</span>", `<span class="hl">`: "</span>", "<b>": "</b>", "<span><span>": "</span></span>"}[open]
	return map[string]string{
		"ORIGIN":    "http://" + r.Host,
		"NONCE":     base64.StdEncoding.EncodeToString(nonce),
		"SID":       fmt.Sprintf("%016x", s.rng.Uint64()),
		"REQUEST":   fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", s.rng.Uint32(), s.rng.IntN(1<<16), s.rng.IntN(1<<12), s.rng.IntN(1<<12), s.rng.Uint64()>>16),
		"GENERATED": generated.Format("Monday, 2 January 2006 at 15:04:05"),
		"WS":        pick(" ", "  ", "\n    ", "\u00a0", " \t "),
		"FROM":      pick("nav", "footer", "mail", "home"),
		"TAG":       pick("p", "div"),
		"EM":        pick("em", "strong", "span", "i"),
		"OPEN":      open,
		"CLOSE":     closing,
		"UPDATED":   s.updated,
		"EXTRA":     s.extra,
	}
}

func (s *rotatingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sitefs.New(os.DirFS(s.dir), s.vars(r)).ServeHTTP(w, r)
}

// TestPolicyChangeTracking is issue 12's test: thirty audits in a row of
// a policy that only rotates what changes on every request report no
// change; a sentence added under the same date fails policy-change-notice
// and the report lists it; with a new date it passes.
func TestPolicyChangeTracking(t *testing.T) {
	site := &rotatingSite{dir: testsite.FixtureDir(t, "policy-rotating"), rng: rand.New(rand.NewPCG(12, 30))}
	site.set("3 March 2025", "")
	srv := testsite.ServeHandler(t, site)
	base := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	audits := 0
	audit1 := func(h *audit.History) *report.Report {
		t.Helper()
		at := base.Add(time.Duration(audits) * 24 * time.Hour)
		audits++
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		r, err := audit.Run(ctx, srv.URL+"/", audit.Options{
			Crawl: crawler.Options{MaxPages: 3, Timeout: 5 * time.Second, NoSitemaps: true},
			Now:   func() time.Time { return at }, History: h,
		})
		if err != nil {
			t.Fatalf("audit %d: %v", audits, err)
		}
		return r
	}

	// Thirty audits, each compared with the version the one before read.
	h := &audit.History{}
	var first *policytext.Version
	for i := range 30 {
		r := audit1(h)
		c := check(t, r, "policy-change-notice")
		switch {
		case h.Current == nil:
			t.Fatalf("audit %d: no policy version read (policy %+v)", i+1, r.Policy)
		case r.PolicyChange != nil:
			t.Fatalf("audit %d: policy change reported for a policy that only rotates: %+v", i+1, r.PolicyChange.Diff)
		case i == 0 && (c.Status != "not-applicable" || !strings.Contains(c.Summary, "first stored version")):
			t.Errorf("audit 1: policy-change-notice %s %q, want not applicable (nothing stored)", c.Status, c.Summary)
		case i > 0 && (c.Status != "pass" || len(c.Findings) != 0):
			t.Errorf("audit %d: policy-change-notice %s %q %+v, want pass", i+1, c.Status, c.Summary, c.Findings)
		case i == 0 && r.History != nil, i > 0 && (r.History == nil || len(r.History.Audits) != i):
			t.Errorf("audit %d: history %+v, want the %d earlier audits", i+1, r.History, i)
		}
		if i == 0 {
			first = h.Current
		} else if h.Current.Hash != first.Hash {
			t.Fatalf("audit %d: hash %s, first audit's %s: %q", i+1, h.Current.Hash, first.Hash, policytext.Diff(first, h.Current))
		}
		h.Previous = &policytext.Previous{Version: h.Current, Seen: r.StartedAt}
		h.Earlier = append(h.Earlier, report.HistoryPoint{StartedAt: r.StartedAt, Score: r.Score, Grade: r.Grade, Complete: r.Complete})
	}
	if first.LastUpdated != "2025-03-03" || !slices.Contains(first.Sentences, "Last updated: [date]") ||
		!slices.Contains(first.Sentences, "This page was generated on [date] at [time] for request [id].") {
		t.Errorf("version %+v: want the date kept and the rotating parts masked", first)
	}
	if n := site.requests; n < 60 {
		t.Errorf("the site answered %d requests: the audits did not fetch it anew", n)
	}
	stored := h.Previous
	added := "We share your postal address with our courier, Swift Parcels Ltd, to deliver your order."
	site.set("3 March 2025", "<p>"+added+"</p>")

	t.Run("changed under the same date", func(t *testing.T) {
		h := &audit.History{Previous: stored}
		r := audit1(h)
		pc := r.PolicyChange
		if pc == nil {
			t.Fatal("no policy change reported for a sentence added")
		}
		if !slices.Equal(pc.Diff, []report.DiffSentence{{Op: "added", Text: added}}) || pc.SentencesAdded != 1 || pc.SentencesRemoved != 0 || pc.DiffTruncated {
			t.Errorf("diff %+v (+%d -%d), want the sentence added", pc.Diff, pc.SentencesAdded, pc.SentencesRemoved)
		}
		if pc.LastUpdatedBefore != "2025-03-03" || pc.LastUpdatedAfter != "2025-03-03" || pc.Previous.Hash != first.Hash ||
			pc.Hash != h.Current.Hash || !pc.Previous.Date.Equal(stored.Seen) {
			t.Errorf("policy change %+v", pc)
		}
		c := check(t, r, "policy-change-notice")
		if c.Status != "fail" || len(c.Findings) != 1 {
			t.Fatalf("policy-change-notice %s %q %+v, want one finding", c.Status, c.Summary, c.Findings)
		}
		if f := c.Findings[0]; f.URL != srv.URL+"/privacy/" || f.Subject != "policy-text" || f.Evidence["firstChange"] != "+ "+added {
			t.Errorf("finding %+v", f)
		}
		if r.History == nil || len(r.History.Audits) != 0 {
			// This History has no earlier audits.
			if r.History != nil {
				t.Errorf("history %+v, want none", r.History)
			}
		}
	})

	t.Run("changed with a new date", func(t *testing.T) {
		site.set("1 February 2026", "<p>"+added+"</p>")
		// Thirty-five earlier audits: the report keeps the newest 30.
		earlier := slices.Clone(h.Earlier)
		for i := range 5 {
			earlier = append(earlier, report.HistoryPoint{StartedAt: base.Add(time.Duration(40+i) * 24 * time.Hour), Grade: "A", Score: 95})
		}
		h := &audit.History{Previous: stored, Earlier: earlier}
		r := audit1(h)
		pc := r.PolicyChange
		if pc == nil || pc.LastUpdatedBefore != "2025-03-03" || pc.LastUpdatedAfter != "2026-02-01" || pc.SentencesAdded != 1 {
			t.Fatalf("policy change %+v, want the sentence added and the date moved", pc)
		}
		if c := check(t, r, "policy-change-notice"); c.Status != "pass" || len(c.Findings) != 0 || !strings.Contains(c.Summary, "2025-03-03 → 2026-02-01") {
			t.Errorf("policy-change-notice %s %q, want pass", c.Status, c.Summary)
		}
		if r.History == nil || len(r.History.Audits) != report.MaxHistory || !r.History.Audits[report.MaxHistory-1].StartedAt.Equal(earlier[len(earlier)-1].StartedAt) ||
			!r.History.Audits[0].StartedAt.Equal(earlier[len(earlier)-report.MaxHistory].StartedAt) {
			t.Errorf("history of %d audits, want the newest %d of %d", len(r.History.Audits), report.MaxHistory, len(earlier))
		}

		// The date alone changing afterwards is no change of the text.
		site.set("2 February 2026", "<p>"+added+"</p>")
		next := &audit.History{Previous: &policytext.Previous{Version: h.Current, Seen: r.StartedAt}}
		r = audit1(next)
		if r.PolicyChange != nil || next.Current.Hash != h.Current.Hash {
			t.Errorf("a new date alone reported as a change: %+v", r.PolicyChange)
		}
		if c := check(t, r, "policy-change-notice"); c.Status != "pass" {
			t.Errorf("policy-change-notice %s %q, want pass", c.Status, c.Summary)
		}
	})
}

// TestPolicyChangeWithoutStore checks that without a store the check is
// not applicable and the report has no history.
func TestPolicyChangeWithoutStore(t *testing.T) {
	site := &rotatingSite{dir: testsite.FixtureDir(t, "policy-rotating"), rng: rand.New(rand.NewPCG(1, 2))}
	site.set("3 March 2025", "")
	srv := testsite.ServeHandler(t, site)
	r := run(t, srv.URL+"/", crawler.Options{MaxPages: 3, NoSitemaps: true})
	if c := check(t, r, "policy-change-notice"); c.Status != "not-applicable" || c.Summary != "needs a history store (--store)" {
		t.Errorf("policy-change-notice %s %q", c.Status, c.Summary)
	}
	if r.PolicyChange != nil || r.History != nil {
		t.Errorf("policy change %+v, history %+v: want none without a store", r.PolicyChange, r.History)
	}
}

// TestPolicyChangeUnreadPolicy checks that an audit that could not reach
// the site keeps no version (History.Current nil) and judges nothing.
func TestPolicyChangeUnreadPolicy(t *testing.T) {
	srv := testsite.ServeHandler(t, http.NotFoundHandler())
	h := &audit.History{Current: &policytext.Version{Hash: "stale"}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := audit.Run(ctx, srv.URL+"/", audit.Options{Crawl: crawler.Options{MaxPages: 3, Timeout: 5 * time.Second}, Now: fixedNow, History: h})
	if err == nil {
		t.Fatal("want an error for a site that answers 404")
	}
	if h.Current != nil {
		t.Errorf("History.Current = %+v after an audit that read no policy, want nil", h.Current)
	}
	if r != nil && r.PolicyChange != nil {
		t.Errorf("policy change %+v for an audit that read nothing", r.PolicyChange)
	}
}
