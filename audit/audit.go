// Package audit runs privaudit's main job: crawl a site, gather evidence,
// run the checks and build the scored report. The command line, the demo
// and tests all go through Run.
package audit

import (
	"context"
	"errors"
	"fmt"
	"net"
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

// ErrSiteUnavailable is matched (errors.Is) by every error that means the
// site could not be audited: unreachable, not HTML, robots.txt forbids it.
var ErrSiteUnavailable = errors.New("site could not be audited")

// ErrInterrupted means the audit was interrupted (its context was
// cancelled) before there was anything to report.
var ErrInterrupted = errors.New("interrupted")

// siteError is an error that means the site could not be audited. Its
// text is the cause's alone (no "site could not be audited: ..." prefix
// repeating what the cause says).
type siteError struct{ err error }

func (e *siteError) Error() string { return e.err.Error() }

// Unwrap returns the cause.
func (e *siteError) Unwrap() error { return e.err }

// Is makes the error match ErrSiteUnavailable.
func (e *siteError) Is(target error) bool { return target == ErrSiteUnavailable }

func unavailable(err error) error { return &siteError{err: err} }

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
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("%w before the start page answered", ErrInterrupted)
	}
	if err != nil && timedOut {
		return nil, unavailable(fmt.Errorf("--max-time %s ran out before the start page answered", opts.MaxTime))
	}
	if err != nil {
		var te *crawler.TargetError
		if errors.As(err, &te) {
			return nil, err
		}
		if errors.Is(err, crawler.ErrUnreachable) || errors.Is(err, crawler.ErrNotHTML) || errors.Is(err, crawler.ErrRobotsDisallowed) {
			return nil, unavailable(err)
		}
		return nil, fmt.Errorf("crawling %s: %w", target, err)
	}
	logf("crawl: %d URLs fetched (%d errors, %d skipped) from %s", len(res.Pages), res.Errors, res.Skipped, res.Origin)
	if !hasHTMLPage(res) {
		return nil, unavailable(fmt.Errorf("%s: no HTML page could be fetched (the start page failed: %s)", res.StartURL, startError(res)))
	}
	// Fetching the policies is part of the audit: after --max-time it gets
	// a short grace period of its own; after an interrupt, none.
	evCtx, evCancel := ctx, context.CancelFunc(func() {})
	var fetcher evidence.Fetcher = c
	switch {
	case ctx.Err() != nil:
		fetcher = nil
	case timedOut:
		evCtx, evCancel = context.WithTimeout(ctx, 2*crawlTimeout(opts.Crawl))
	}
	defer evCancel()
	site := evidence.Build(evCtx, res, c.Scope(), fetcher, cat)
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
		warnings = append(warnings, "the audit was interrupted: the crawl stopped and the policies were not fetched, so the checks that read them have no result")
	}
	if timedOut {
		warnings = append(warnings, fmt.Sprintf("--max-time %s ran out: only the pages fetched by then were audited", opts.MaxTime))
	}
	if h := site.AliasHint(); h != "" {
		warnings = append(warnings, fmt.Sprintf("most pages link their privacy policy or contact page on %s: if that host is this site, audit again with --alias %s", h, hostname(h)))
	}
	rep := report.Build(site, outcomes, report.Meta{
		StartedAt: started,
		Duration:  now().Sub(started),
		Weights:   opts.Weights,
		Warnings:  warnings,
	})
	rep.TimedOut = timedOut
	rep.Interrupted = ctx.Err() != nil
	return rep, nil
}

// crawlTimeout is the per-request timeout the crawl uses.
func crawlTimeout(o crawler.Options) time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 20 * time.Second
}

func hasHTMLPage(res *crawler.Result) bool {
	for _, p := range res.Pages {
		if p.HTML && p.Status < 400 && p.Error == "" && p.RefreshTo == "" {
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

// hostname drops the port of host:port.
func hostname(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}
