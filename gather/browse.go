package gather

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/privaudit/privaudit/browser"
	"github.com/privaudit/privaudit/consent"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// BrowserGatherer is the name browser-mode records carry.
const BrowserGatherer = "browser"

// choiceWait is how long, after a click on reject or accept, the consent
// platform gets to write its decision before it is read.
const choiceWait = 1500 * time.Millisecond

// Browse renders a sample of the crawl's pages (evidence.Sample: the start
// page, the policies, pages with forms, one per section; at most pages, or
// all when pages <= 0) in a browser, in three consent phases, each in a
// fresh browser context: before any interaction (the consent banner is
// looked for on the start page), after reject and after accept (when a
// banner was found). It records what it saw in c.Browser and marks the
// record as a browser-mode record. The documents stage must have run.
func Browse(ctx context.Context, c *record.Crawl, b *browser.Browser, rules *consent.Rules, pages int) error {
	urls := evidence.Sample(c, pages)
	if len(urls) == 0 {
		return errors.New("no page to render")
	}
	rb := &record.Browser{Version: b.Version(), UserAgent: b.UserAgent(), Locale: b.Locale(), Pages: urls}
	var det consent.Detection
	detected := false
	before, err := b.Render(ctx, record.PhaseBefore, urls, func(ctx context.Context, tab browser.Tab) error {
		d, err := consent.Detect(ctx, tab, rules)
		if err != nil {
			return fmt.Errorf("looking for the consent banner: %w", err)
		}
		det, detected = d, true
		return nil
	})
	if err != nil {
		return fmt.Errorf("rendering before consent: %w", err)
	}
	rb.Phases = append(rb.Phases, before)
	cons := &record.Consent{Found: consent.FoundNone}
	if detected {
		cons = det.Result()
	}
	if blocked(before) {
		cons = &record.Consent{Found: "blocked"}
	}
	rb.Consent = cons
	if cons.Found == consent.FoundBanner {
		for _, step := range []struct {
			name   record.PhaseName
			action consent.Action
			out    *string
		}{{record.PhaseReject, consent.Reject, &cons.Reject}, {record.PhaseAccept, consent.Accept, &cons.Accept}} {
			values := map[string]string{}
			phase, err := b.Render(ctx, step.name, urls, func(ctx context.Context, tab browser.Tab) error {
				d, err := consent.Detect(ctx, tab, rules)
				if err != nil {
					return fmt.Errorf("looking for the consent banner: %w", err)
				}
				if d.Found != consent.FoundBanner {
					*step.out = "not-found: the banner did not show again"
					return nil
				}
				outcome, err := consent.Act(ctx, tab, d, step.action)
				*step.out = outcome
				if err != nil {
					return nil // the outcome says what failed; the phase goes on
				}
				// The decision, as the platform writes it, read from the
				// browser's cookie jar: a platform's server may set it
				// HttpOnly (document.cookie would not show it), or a
				// third-party frame. Cookie values are not kept in
				// records: they only serve to read the choice.
				select {
				case <-time.After(choiceWait):
				case <-ctx.Done():
					return ctx.Err()
				}
				if jar, err := tab.Cookies(ctx); err == nil {
					maps.Copy(values, jar)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("rendering %s: %w", step.name, err)
			}
			phase.Choice = consent.ReadChoice(phase.Cookies, values, phase.Storage)
			rb.Phases = append(rb.Phases, phase)
		}
	}
	rb.Warnings = append(rb.Warnings, b.Warnings()...)
	c.Browser = rb
	c.Gatherer = BrowserGatherer
	return nil
}

// blocked reports whether the browser was refused the start page: an
// error status a challenge or a block answers with, or no document at all
// (a network error): no banner could be looked for.
func blocked(p record.Phase) bool {
	if len(p.Pages) == 0 {
		return true
	}
	st := p.Pages[0]
	return (st.Status == 0 && st.Error != "") || st.Status == 401 || st.Status == 403 || st.Status == 429 || st.Status == 503
}
