// Package audit is privaudit's runner: it gathers a site (or reads a saved
// record), computes the evidence, runs the checks, scores them, assembles
// the one report every format renders, and applies the processors (ignore
// file, baseline, gate) in a fixed order. The command line, the demo, a
// batch of sites and tests all go through Run.
package audit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/privaudit/privaudit/browser"
	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scope"
	"github.com/privaudit/privaudit/scoring"
)

// ErrSiteUnavailable is matched (errors.Is) by every error that means the
// site could not be audited: unreachable, not HTML, robots.txt forbids it.
var ErrSiteUnavailable = errors.New("site could not be audited")

// ErrInterrupted means the audit was interrupted (its context was
// cancelled) before the start page answered.
var ErrInterrupted = errors.New("interrupted")

// ErrTimedOut means --max-time ran out before the start page answered.
var ErrTimedOut = errors.New("--max-time ran out")

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

// Run audits the site at target (or judges opts.FromRecord, when set, and
// ignores target) and returns the final report, processors applied. It
// returns an *OptionError for invalid options and a *scope.TargetError for
// an invalid target, with no report. When the site cannot be audited
// (ErrSiteUnavailable), --max-time runs out (ErrTimedOut) or the audit is
// interrupted (ErrInterrupted) before the start page answered, it returns
// the error with a report that says so (Error set, no checks, the gate
// failed), so that a CI job still finds its report files.
func Run(ctx context.Context, target string, opts Options) (*report.Report, error) {
	if opts.History != nil {
		opts.History.Current = nil // until a policy is read
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	started := now()
	cat := opts.Catalog
	if cat == nil {
		cat = catalog.Builtin()
	}
	logf := opts.Log
	if logf == nil {
		logf = func(string, ...any) {}
	}
	crawl := opts.FromRecord
	// A baseline of another site is refused before the crawl (the target
	// names its host), and again after it (redirects may change it).
	if opts.Baseline != nil && !opts.BaselineAnyOrigin && crawl == nil && !report.SameHost(opts.Baseline.Origin, target) {
		return nil, &OptionError{"baseline", report.OriginMismatch(opts.Baseline.Origin, target).Error()}
	}
	var warnings []string
	if crawl == nil {
		var err error
		if crawl, err = gatherSite(ctx, target, &opts, logf); err != nil {
			return failedReport(target, err, &opts, cat, started, now()), err
		}
		if opts.SaveRecord != "" {
			if err := record.Save(opts.SaveRecord, crawl); err != nil {
				warnings = append(warnings, fmt.Sprintf("the record was not saved: %v", err))
			} else {
				logf("record: saved to %s", opts.SaveRecord)
			}
		}
	}
	if opts.Prior != nil {
		p := opts.Prior(ctx, crawl.Origin)
		opts.History = p.History
		if p.Baseline != nil {
			opts.Baseline, opts.BaselinePath = p.Baseline, p.BaselinePath
		}
	}
	site := evidence.Build(crawl, cat, opts.Regimes...)
	if h := opts.History; h != nil {
		site.PolicyHistory = evidence.ComparePolicy(site, h.Previous)
		h.Current = site.PolicyHistory.Current
	}
	for _, d := range []*evidence.PolicyDoc{site.PrivacyPolicy, site.CookiePolicy} {
		if d != nil {
			logf("policy: %s (HTTP %d, linked from %d pages) %s", d.URL, d.Status, d.LinkedFrom, d.Error)
		}
	}
	list := opts.Checks
	if list == nil {
		for _, c := range checks.All() {
			if opts.Gate == nil || opts.Gate.Levels[c.Meta().ID] != "off" {
				list = append(list, c)
			}
		}
	}
	outcomes := checks.Run(ctx, site, list)
	rep := assemble(site, outcomes, assembly{
		started: started, duration: now().Sub(started), weights: opts.Weights, catalog: cat,
		warnings: append(runWarnings(site), warnings...), history: opts.History,
	})
	// The processors, in a fixed order: suppress, compare, judge.
	rep.ApplyIgnore(opts.Ignore, now())
	if opts.Baseline != nil && !opts.BaselineAnyOrigin && !report.SameSite(opts.Baseline, rep) {
		// The report is kept (written), judged without the baseline.
		if opts.Gate != nil {
			rep.EvaluateGate(*opts.Gate)
		}
		return rep, &OptionError{"baseline", report.OriginMismatch(opts.Baseline.Origin, rep.Origin).Error()}
	}
	if opts.Baseline != nil {
		rep.ApplyBaseline(opts.Baseline, opts.BaselinePath)
	}
	if opts.Gate != nil {
		rep.EvaluateGate(*opts.Gate)
	}
	return rep, nil
}

// gatherSite crawls the site, then fetches the documents the evidence
// reads (policies, link targets).
func gatherSite(ctx context.Context, target string, opts *Options, logf func(string, ...any)) (*record.Crawl, error) {
	crawlCtx, cancel := ctx, context.CancelFunc(func() {})
	if opts.MaxTime > 0 {
		crawlCtx, cancel = context.WithTimeout(ctx, opts.MaxTime)
	}
	defer cancel()
	c := crawler.New(opts.Crawl)
	var g gather.Gatherer = c
	var f gather.Fetcher = c
	crawl, err := g.Gather(crawlCtx, target)
	timedOut := opts.MaxTime > 0 && errors.Is(crawlCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	switch {
	case err != nil && ctx.Err() != nil:
		return nil, fmt.Errorf("%w before the start page answered", ErrInterrupted)
	case err != nil && timedOut:
		return nil, fmt.Errorf("%w (%s) before the start page answered", ErrTimedOut, opts.MaxTime)
	case err != nil:
		var te *scope.TargetError
		if errors.As(err, &te) {
			return nil, err
		}
		if errors.Is(err, crawler.ErrUnreachable) || errors.Is(err, crawler.ErrNotHTML) || errors.Is(err, crawler.ErrRobotsDisallowed) {
			return nil, unavailable(err)
		}
		return nil, fmt.Errorf("crawling %s: %w", target, err)
	}
	crawl.Limits.MaxTimeMS = opts.MaxTime.Milliseconds()
	crawl.Limits.TimedOut = timedOut
	crawl.Limits.Interrupted = ctx.Err() != nil
	logf("crawl: %d URLs fetched (%d errors, %d skipped) from %s", len(crawl.Pages), crawl.Errors, crawl.Skipped, crawl.Origin)
	if !hasHTMLPage(crawl) {
		return nil, unavailable(fmt.Errorf("%s: no HTML page could be fetched (the start page failed: %s)", crawl.StartURL, startError(crawl)))
	}
	// Fetching the policies is part of the audit: after --max-time it gets
	// a short grace period of its own; after an interrupt, none (the
	// policies are then not read, and the checks that need them say so).
	if ctx.Err() == nil {
		docCtx, docCancel := ctx, context.CancelFunc(func() {})
		if timedOut {
			docCtx, docCancel = context.WithTimeout(ctx, 2*crawlTimeout(opts.Crawl))
		}
		gather.Documents(docCtx, crawl, f)
		docCancel()
	}
	if opts.Browser != nil {
		// --max-time bounds the browser stage too: Chromium is stopped at
		// the crawl's deadline, as on an interrupt.
		browse(crawlCtx, crawl, f, opts, timedOut, logf)
		switch {
		case ctx.Err() != nil:
			// Interrupted while the browser ran: the report says so.
			crawl.Limits.Interrupted, crawl.Complete = true, false
		case opts.MaxTime > 0 && errors.Is(crawlCtx.Err(), context.DeadlineExceeded):
			crawl.Limits.TimedOut, crawl.Complete = true, false
		}
	}
	return crawl, nil
}

// browse runs the browser stage: it renders a sample of the pages in
// headless Chromium, before consent, after reject and after accept. A
// failure is a warning of the record (the browser checks then have no
// evidence: an error, not a verdict); the static findings stand. The end
// of ctx (an interrupt, --max-time) stops Chromium; what it rendered by
// then is dropped (the phases would be partial).
func browse(ctx context.Context, crawl *record.Crawl, f gather.Fetcher, opts *Options, timedOut bool, logf func(string, ...any)) {
	crawl.Gatherer = gather.BrowserGatherer
	warn := func(format string, args ...any) {
		crawl.Browser = nil
		crawl.Warnings = append(crawl.Warnings, fmt.Sprintf(format, args...))
	}
	if ctx.Err() != nil || timedOut {
		warn("the browser stage did not run: the audit was stopped first")
		return
	}
	const stopped = "the browser stage did not finish: the audit was stopped"
	bo := opts.Browser
	b, err := browser.Launch(ctx, browser.Options{Chrome: bo.Chrome, Concurrency: opts.Crawl.Concurrency, Insecure: opts.Crawl.Insecure || bo.Insecure})
	if err != nil {
		if ctx.Err() != nil {
			warn(stopped)
			return
		}
		warn("the browser could not start: %v", err)
		return
	}
	defer func() {
		// Chromium and its profile directory must not outlive the audit:
		// say so when they might.
		if err := b.Close(); err != nil {
			crawl.Warnings = append(crawl.Warnings, err.Error())
		}
	}()
	logf("browser: %s, rendering up to %d pages", b.Version(), bo.Pages)
	err = gather.Browse(ctx, crawl, b, bo.Rules, bo.Pages)
	switch {
	case ctx.Err() != nil:
		warn(stopped)
		return
	case err != nil:
		warn("the browser stage failed: %v", err)
		return
	}
	// Links only the rendered pages show (written by scripts) feed the crawl.
	limit := crawl.Limits.MaxPages
	if limit <= 0 {
		limit = opts.Crawl.MaxPages
	}
	if n := gather.Discover(ctx, crawl, f, limit); n > 0 {
		logf("browser: %d pages found in the rendered DOM were added to the crawl", n)
	}
}

// runWarnings are the warnings about how the site was gathered.
func runWarnings(site *evidence.Site) []string {
	var w []string
	lim := site.Crawl.Limits
	if lim.Interrupted {
		w = append(w, "the audit was interrupted: the crawl stopped and the policies were not fetched, so the checks that read them have no result")
	}
	if lim.TimedOut {
		w = append(w, fmt.Sprintf("--max-time %s ran out: only the pages fetched by then were audited", time.Duration(lim.MaxTimeMS)*time.Millisecond))
	}
	if !site.Crawl.Complete && !lim.Interrupted && !lim.TimedOut {
		w = append(w, "the crawl stopped early (page, depth or time limit): the results cover only the pages fetched")
	}
	if n := site.Crawl.Truncated; n > 0 {
		w = append(w, fmt.Sprintf("%s larger than --max-body-size: read in part (the start and the end, where footers are) and not judged for what they seem to lack; raise --max-body-size to judge them whole",
			textutil.Plural(n, "page was", "pages were")))
	}
	w = append(w, site.Crawl.Warnings...)
	if b := site.Crawl.Browser; b != nil {
		for _, bw := range b.Warnings {
			w = append(w, "browser: "+bw)
		}
	}
	if h := site.AliasHint(); h != "" {
		w = append(w, fmt.Sprintf("most pages link their privacy policy or contact page on %s: if that host is this site, audit again with --alias %s", h, hostname(h)))
	}
	return w
}

// crawlTimeout is the per-request timeout the crawl uses.
func crawlTimeout(o crawler.Options) time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return 20 * time.Second
}

func hasHTMLPage(c *record.Crawl) bool {
	for _, p := range c.Pages {
		if p.HTML && p.Status < 400 && p.Error == "" && p.RefreshTo == "" {
			return true
		}
	}
	return false
}

func startError(c *record.Crawl) string {
	for _, p := range c.Pages {
		if p.URL == c.StartURL {
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

// failedReport is the report of an audit that could not gather the site:
// it names the target and the error, has no checks, and fails the gate. It
// returns nil for errors that are the caller's (an invalid target), which
// get no report.
func failedReport(target string, err error, opts *Options, cat *catalog.Catalog, started, finished time.Time) *report.Report {
	if !errors.Is(err, ErrSiteUnavailable) && !errors.Is(err, ErrTimedOut) && !errors.Is(err, ErrInterrupted) {
		return nil
	}
	origin := ""
	if u, perr := scope.ParseTarget(target); perr == nil {
		origin = scope.Normalize(&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
		origin = strings.TrimSuffix(origin, "/")
	}
	crawl := &record.Crawl{Gatherer: "static", Start: target, Origin: origin,
		Limits: record.Limits{MaxPages: opts.Crawl.MaxPages, MaxDepth: opts.Crawl.MaxDepth, Concurrency: opts.Crawl.Concurrency,
			MaxTimeMS: opts.MaxTime.Milliseconds(), TimedOut: errors.Is(err, ErrTimedOut), Interrupted: errors.Is(err, ErrInterrupted)}}
	site := evidence.Build(crawl, cat)
	rep := assemble(site, nil, assembly{started: started, duration: finished.Sub(started), weights: opts.Weights, catalog: cat, history: opts.History})
	rep.Error = textutil.OneLine(err.Error(), 0)
	rep.Grade = scoring.Grade(0)
	rep.Regimes = nil // nothing was judged
	if opts.Gate != nil {
		failOn := opts.Gate.FailOn
		if failOn == "" {
			failOn = "none"
		}
		rep.Gate = &report.GateResult{Passed: false, FailOn: failOn, Reasons: []string{"the site could not be audited: " + rep.Error}}
		if opts.Gate.FailUnder > 0 {
			rep.Gate.FailUnder = &opts.Gate.FailUnder
		}
	}
	return rep
}
