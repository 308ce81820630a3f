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
	// Now returns the current time (tests fix it).
	Now func() time.Time
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
	c := crawler.New(opts.Crawl)
	res, err := c.Crawl(ctx, target)
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
	site := evidence.Build(ctx, res, c.Scope(), c, cat)
	list := opts.Checks
	if list == nil {
		list = checks.All()
	}
	outcomes := checks.Run(ctx, site, list)
	var warnings []string
	if ctx.Err() != nil {
		warnings = append(warnings, "the audit was interrupted: "+ctx.Err().Error())
	}
	return report.Build(site, outcomes, report.Meta{
		StartedAt: started,
		Duration:  now().Sub(started),
		Weights:   opts.Weights,
		Warnings:  warnings,
	}), nil
}
