// Package audit runs privaudit's main job: crawl a site, gather evidence,
// run the checks and build the scored report. The command line, the demo
// and tests all go through Run.
package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/report"
)

// Options configure an audit.
type Options struct {
	Crawl crawler.Options
	// CookieDB is the path of an Open Cookie Database file (CSV or JSON)
	// to add to the built-in cookie catalogue.
	CookieDB string
	// Weights override check weights by ID.
	Weights map[string]float64
	// Checks to run (default checks.All()).
	Checks []checks.Check
	// MaxTime bounds the crawl; when it runs out, the pages fetched so far
	// are audited and the report is marked TimedOut (0: no limit).
	MaxTime time.Duration
	// Now returns the current time (tests fix it).
	Now func() time.Time
	// Log, when set, receives progress messages (for --verbose).
	Log func(format string, args ...any)
}

// ErrSiteUnavailable wraps every error that means the site could not be
// audited (unreachable, not HTML, robots.txt forbids it).
var ErrSiteUnavailable = errors.New("site could not be audited")

// Run audits the site at target. It returns a *crawler.TargetError for an
// invalid target, an error wrapping ErrSiteUnavailable when the site cannot
// be audited, and other errors for bad options.
func Run(ctx context.Context, target string, opts Options) (*report.Report, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	started := now()
	cat := catalog.Builtin()
	if opts.CookieDB != "" {
		if _, err := cat.LoadCookieDatabase(opts.CookieDB); err != nil {
			return nil, err
		}
	}
	logf := opts.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	crawlCtx, cancel := ctx, context.CancelFunc(func() {})
	if opts.MaxTime > 0 {
		crawlCtx, cancel = context.WithTimeout(ctx, opts.MaxTime)
	}
	defer cancel()
	c := crawler.New(opts.Crawl)
	res, err := c.Crawl(crawlCtx, target)
	timedOut := opts.MaxTime > 0 && errors.Is(crawlCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	if err != nil && timedOut {
		return nil, fmt.Errorf("%w: --max-time %s ran out before the start page answered", ErrSiteUnavailable, opts.MaxTime)
	}
	if err != nil {
		var te *crawler.TargetError
		if errors.As(err, &te) {
			return nil, err
		}
		if errors.Is(err, crawler.ErrUnreachable) || errors.Is(err, crawler.ErrNotHTML) || errors.Is(err, crawler.ErrRobotsDisallowed) {
			return nil, fmt.Errorf("%w: %w", ErrSiteUnavailable, err)
		}
		return nil, fmt.Errorf("crawling %s: %w", target, err)
	}
	logf("crawl: %d URLs fetched (%d errors, %d skipped) from %s", len(res.Pages), res.Errors, res.Skipped, res.Origin)
	if !hasHTMLPage(res) {
		return nil, fmt.Errorf("%w: %s: no HTML page could be fetched (the start page failed: %s)", ErrSiteUnavailable, res.StartURL, startError(res))
	}
	site := evidence.Build(ctx, res, c.Scope(), c, cat)
	for _, d := range []*evidence.PolicyDoc{site.PrivacyPolicy, site.CookiePolicy} {
		if d != nil {
			logf("policy: %s (HTTP %d, linked from %d pages) %s", d.URL, d.Status, d.LinkedFrom, d.Error)
		}
	}
	list := opts.Checks
	if list == nil {
		list = checks.All()
	}
	outcomes := checks.Run(ctx, site, list)
	var warnings []string
	if ctx.Err() != nil {
		warnings = append(warnings, "the audit was interrupted: "+ctx.Err().Error())
	}
	if timedOut {
		warnings = append(warnings, fmt.Sprintf("--max-time %s ran out: only the pages fetched by then were audited", opts.MaxTime))
	}
	rep := report.Build(site, outcomes, report.Meta{
		StartedAt: started,
		Duration:  now().Sub(started),
		Weights:   opts.Weights,
		Warnings:  warnings,
	})
	rep.TimedOut = timedOut
	return rep, nil
}

func hasHTMLPage(res *crawler.Result) bool {
	for _, p := range res.Pages {
		if p.HTML && p.Status < 400 && p.Error == "" {
			return true
		}
	}
	return false
}

func startError(res *crawler.Result) string {
	for _, p := range res.Pages {
		if p.URL == res.StartURL {
			if p.Error != "" {
				return p.Error
			}
			return fmt.Sprintf("HTTP %d", p.Status)
		}
	}
	return "not fetched"
}
