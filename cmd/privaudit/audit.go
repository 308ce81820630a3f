package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/report"
)

// auditFlags are the flags of `privaudit audit` (and `demo`).
type auditFlags struct {
	format    string
	output    string
	failUnder float64

	maxPages          int
	maxDepth          int
	concurrency       int
	timeout           time.Duration
	maxBody           int
	includeSubdomains bool
	aliases           []string
	ignoreRobots      bool
	noSitemaps        bool
	userAgent         string
	cookieDB          string
}

func (f *auditFlags) register(cmd *cobra.Command, crawlFlags bool) {
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "table", "report format: table or json")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file instead of stdout")
	fl.Float64Var(&f.failUnder, "fail-under", 0, "exit 1 when the score is under this value (0-100)")
	fl.StringVar(&f.cookieDB, "cookie-db", "", "Open Cookie Database file (CSV or JSON) to recognise more cookies")
	if !crawlFlags {
		return
	}
	fl.IntVar(&f.maxPages, "max-pages", 500, "maximum number of URLs to fetch")
	fl.IntVar(&f.maxDepth, "max-depth", 0, "maximum link depth from the start page (0: no limit)")
	fl.IntVar(&f.concurrency, "concurrency", 8, "number of requests in flight")
	fl.DurationVar(&f.timeout, "timeout", 20*time.Second, "timeout of one request")
	fl.IntVar(&f.maxBody, "max-body-size", 5<<20, "maximum bytes read of one response")
	fl.BoolVar(&f.includeSubdomains, "include-subdomains", false, "crawl every host of the registrable domain")
	fl.StringArrayVar(&f.aliases, "alias", nil, "another host name of the same site (repeatable)")
	fl.BoolVar(&f.ignoreRobots, "ignore-robots", false, "do not honour robots.txt")
	fl.BoolVar(&f.noSitemaps, "no-sitemaps", false, "do not seed the crawl from robots.txt and sitemap.xml")
	fl.StringVar(&f.userAgent, "user-agent", "", "User-Agent header (default names privaudit and its version)")
}

func (f *auditFlags) validate() error {
	switch f.format {
	case "table", "json":
	default:
		return usageError(fmt.Errorf("unknown format %q (use table or json)", f.format))
	}
	if f.failUnder < 0 || f.failUnder > 100 {
		return usageError(fmt.Errorf("--fail-under must be between 0 and 100, got %g", f.failUnder))
	}
	if f.maxPages < 0 || f.maxDepth < 0 || f.concurrency < 0 || f.timeout < 0 || f.maxBody < 0 {
		return usageError(errors.New("--max-pages, --max-depth, --concurrency, --timeout and --max-body-size cannot be negative"))
	}
	return nil
}

func (f *auditFlags) options() audit.Options {
	return audit.Options{
		CookieDB: f.cookieDB,
		Crawl: crawler.Options{
			MaxPages:          f.maxPages,
			MaxDepth:          f.maxDepth,
			Concurrency:       f.concurrency,
			Timeout:           f.timeout,
			MaxBodySize:       f.maxBody,
			IncludeSubdomains: f.includeSubdomains,
			Aliases:           f.aliases,
			IgnoreRobots:      f.ignoreRobots,
			NoSitemaps:        f.noSitemaps,
			UserAgent:         f.userAgent,
		},
	}
}

func newAuditCommand() *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit URL",
		Short: "Crawl a site and report how it treats personal data",
		Example: `  privaudit audit https://example.org
  privaudit audit example.org --format json --output report.json --fail-under 80`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("audit takes one URL, got %d arguments", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.validate(); err != nil {
				return err
			}
			if _, err := crawler.ParseTarget(args[0]); err != nil {
				return usageError(err)
			}
			return runAudit(cmd, args[0], &f, f.options())
		},
	}
	f.register(cmd, true)
	return cmd
}

// runAudit audits target, writes the report, and applies the gate.
func runAudit(cmd *cobra.Command, target string, f *auditFlags, opts audit.Options) error {
	rep, err := audit.Run(cmd.Context(), target, opts)
	if err != nil {
		var te *crawler.TargetError
		switch {
		case errors.As(err, &te):
			return usageError(err)
		case errors.Is(err, audit.ErrSiteUnavailable):
			return &ExitError{Code: ExitSite, Err: err}
		default:
			return usageError(err)
		}
	}
	if err := writeReport(cmd.OutOrStdout(), rep, f.format, f.output); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if f.failUnder > 0 && rep.Score < f.failUnder {
		return &ExitError{Code: ExitGate, Err: fmt.Errorf("score %.1f is under --fail-under %g", rep.Score, f.failUnder)}
	}
	return nil
}

func writeReport(stdout io.Writer, rep *report.Report, format, output string) error {
	var r report.Renderer = report.TableRenderer{}
	if format == "json" {
		r = report.JSONRenderer{}
	}
	if output == "" || output == "-" {
		return r.Render(stdout, rep)
	}
	file, err := os.Create(output)
	if err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if err := r.Render(file, rep); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}
