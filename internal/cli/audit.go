package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/config"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/report"
)

// auditFlags are the flags of `privaudit audit` (and `demo`). Each has a
// key of the same name in .privaudit.yaml; a flag given on the command line
// wins over the file.
type auditFlags struct {
	formats        []string
	output         string
	failUnder      float64
	failOn         string
	baseline       string
	ignoreFile     string
	showSuppressed bool
	maxTime        time.Duration

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

	configPath string
	noConfig   bool
	quiet      bool
	verbose    bool
	noColor    bool
	noProgress bool

	// From the configuration file only.
	levels    map[string]string
	minScores map[string]float64
	weights   map[string]float64
}

func (f *auditFlags) register(cmd *cobra.Command, crawlFlags bool, defaultFailOn string) {
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.formats, "format", "f", []string{"table"}, "report format: "+strings.Join(report.Formats, ", ")+" (repeatable)")
	fl.StringVarP(&f.output, "output", "o", "", "write the report to this file (a base name when several formats are asked for); - is stdout")
	fl.Float64Var(&f.failUnder, "fail-under", 0, "fail (exit 1) when the score is under this value (0-100)")
	fl.StringVar(&f.failOn, "fail-on", defaultFailOn, "fail (exit 1) on any finding at or above this severity: info, low, medium, high, critical, or none")
	fl.StringVar(&f.baseline, "baseline", "", "earlier JSON report: gate only on findings that are new since it")
	fl.StringVar(&f.ignoreFile, "ignore-file", report.IgnoreFileName, "ignore file (entries by fingerprint, or check and URL pattern, each with a reason and optional expiry)")
	fl.BoolVar(&f.showSuppressed, "show-suppressed", false, "list the findings the ignore file suppressed")
	fl.StringVar(&f.cookieDB, "cookie-db", "", "Open Cookie Database file (CSV or JSON) to recognise more cookies")
	fl.StringVar(&f.configPath, "config", "", "configuration file (default: $"+config.EnvVar+", then ./.privaudit.yaml)")
	fl.BoolVar(&f.noConfig, "no-config", false, "do not read a configuration file")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing on stderr but errors")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log what the audit does on stderr")
	fl.BoolVar(&f.noColor, "no-color", false, "no colours (also when NO_COLOR is set)")
	fl.BoolVar(&f.noProgress, "no-progress", false, "no progress bar")
	if !crawlFlags {
		return
	}
	fl.DurationVar(&f.maxTime, "max-time", 0, "give up crawling after this long, audit what was fetched and exit 4 (0: no limit)")
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

// applyConfig reads the configuration file and fills every flag that the
// command line did not set.
func (f *auditFlags) applyConfig(fl *pflag.FlagSet, stderr io.Writer) error {
	if f.noConfig {
		return nil
	}
	wd, _ := os.Getwd()
	path, err := config.Find(f.configPath, wd)
	if err != nil {
		return usageError(err)
	}
	if path == "" {
		return nil
	}
	c, err := config.Load(path, config.Known{Checks: checkIDs(), Formats: report.Formats})
	if err != nil {
		return usageError(err)
	}
	cliVerbose, cliQuiet := fl.Changed("verbose"), fl.Changed("quiet")
	if err := c.Apply(fl); err != nil {
		return usageError(err)
	}
	f.levels, f.minScores = map[string]string{}, map[string]float64{}
	for id, cc := range c.Checks {
		if cc.Level != "" {
			f.levels[id] = string(cc.Level)
		}
		if cc.MinScore != nil {
			f.minScores[id] = *cc.MinScore
		}
	}
	f.weights = c.Weights
	// A flag on the command line wins over the file for quiet/verbose too.
	if cliVerbose && !cliQuiet {
		f.quiet = false
	}
	if cliQuiet && !cliVerbose {
		f.verbose = false
	}
	if f.verbose && !f.quiet {
		fmt.Fprintf(stderr, "privaudit: using configuration %s\n", path)
	}
	return nil
}

func checkIDs() []string {
	var ids []string
	for _, c := range checks.All() {
		ids = append(ids, c.Meta().ID)
	}
	return ids
}

func (f *auditFlags) validate() error {
	if len(f.formats) == 0 {
		f.formats = []string{"table"}
	}
	seen := map[string]bool{}
	for _, format := range f.formats {
		if _, err := report.RendererFor(format); err != nil {
			return usageError(err)
		}
		if seen[format] {
			return usageError(fmt.Errorf("format %q asked for twice", format))
		}
		seen[format] = true
	}
	if len(f.formats) > 1 && (f.output == "" || f.output == "-") {
		return usageError(errors.New("several formats need --output BASE (each format adds its extension)"))
	}
	if f.failUnder < 0 || f.failUnder > 100 {
		return usageError(fmt.Errorf("--fail-under must be between 0 and 100, got %g", f.failUnder))
	}
	if !slices.Contains(config.Severities, f.failOn) {
		return usageError(fmt.Errorf("--fail-on: unknown severity %q (use %s)", f.failOn, strings.Join(config.Severities, ", ")))
	}
	if f.maxPages < 0 || f.maxDepth < 0 || f.concurrency < 0 || f.timeout < 0 || f.maxBody < 0 || f.maxTime < 0 {
		return usageError(errors.New("--max-pages, --max-depth, --concurrency, --timeout, --max-time and --max-body-size cannot be negative"))
	}
	for _, a := range f.aliases {
		if a == "" || strings.ContainsAny(a, "/, \t") {
			return usageError(fmt.Errorf("--alias %q: give one host name per --alias (e.g. --alias www.example.org)", a))
		}
	}
	if f.quiet && f.verbose {
		return usageError(errors.New("--quiet and --verbose cannot be used together"))
	}
	return nil
}

func (f *auditFlags) options(stderr io.Writer) audit.Options {
	opts := audit.Options{
		CookieDB: f.cookieDB,
		MaxTime:  f.maxTime,
		Weights:  f.weights,
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
	for _, c := range checks.All() {
		if f.levels[c.Meta().ID] != string(config.LevelOff) {
			opts.Checks = append(opts.Checks, c)
		}
	}
	if f.verbose {
		opts.Log = func(format string, args ...any) { fmt.Fprintf(stderr, "privaudit: "+format+"\n", args...) }
	}
	return opts
}

func newAuditCommand() *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit URL",
		Short: "Crawl a site and report how it treats personal data",
		Example: `  privaudit audit https://example.org
  privaudit audit example.org -f json -o report.json --fail-under 80
  privaudit audit example.org -f sarif -f html -o reports/privaudit --baseline last.json`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("audit takes one URL (got %d arguments)", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.applyConfig(cmd.Flags(), cmd.ErrOrStderr()); err != nil {
				return err
			}
			if err := f.validate(); err != nil {
				return err
			}
			if _, err := crawler.ParseTarget(args[0]); err != nil {
				return usageError(err)
			}
			return runAudit(cmd, args[0], &f, f.options(cmd.ErrOrStderr()))
		},
	}
	f.register(cmd, true, "high")
	return cmd
}

// runAudit audits target, applies ignore file and baseline, writes the
// reports, and applies the gate. The reports are written before any
// non-zero exit.
func runAudit(cmd *cobra.Command, target string, f *auditFlags, opts audit.Options) error {
	stderr := cmd.ErrOrStderr()
	// Inputs are read before the crawl, so that a bad file fails fast.
	ignore, err := report.LoadIgnoreFile(f.ignoreFile, !cmd.Flags().Changed("ignore-file"))
	if err != nil {
		return usageError(err)
	}
	var base *report.Report
	if f.baseline != "" {
		if base, err = report.Read(f.baseline); err != nil {
			return usageError(fmt.Errorf("--baseline: %w", err))
		}
	}
	if bar := newProgress(stderr, f); bar != nil {
		opts.Crawl.Progress = func(done, queued int) {
			bar.ChangeMax(queued)
			_ = bar.Set(done)
		}
		defer func() { _ = bar.Finish(); _ = bar.Clear() }()
	}

	rep, err := audit.Run(cmd.Context(), target, opts)
	if err != nil {
		var te *crawler.TargetError
		switch {
		case errors.As(err, &te):
			return usageError(err)
		case errors.Is(err, audit.ErrInterrupted):
			return &ExitError{Code: ExitInterrupted, Err: err}
		case errors.Is(err, audit.ErrSiteUnavailable):
			return &ExitError{Code: ExitSite, Err: err}
		default:
			return usageError(err)
		}
	}
	rep.ApplyIgnore(ignore, time.Now())
	if base != nil {
		rep.ApplyBaseline(base, f.baseline)
	}
	gate := rep.EvaluateGate(report.GatePolicy{FailUnder: f.failUnder, FailOn: f.failOn, Levels: f.levels, MinScores: f.minScores})

	if err := writeReports(cmd.OutOrStdout(), rep, f); err != nil {
		return &ExitError{Code: ExitUsage, Err: err}
	}
	if !f.quiet {
		for _, w := range rep.Warnings {
			fmt.Fprintln(stderr, "privaudit: warning: "+w)
		}
	}
	switch {
	case rep.Interrupted:
		return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("interrupted; the report covers the %d URLs fetched by then", rep.Crawl.Pages)}
	case rep.TimedOut:
		return &ExitError{Code: ExitTimeout, Err: fmt.Errorf("--max-time %s ran out; the report covers %d URLs", f.maxTime, rep.Crawl.Pages)}
	case !gate.Passed:
		return &ExitError{Code: ExitGate, Err: fmt.Errorf("gate failed: %s", strings.Join(gate.Reasons, "; "))}
	}
	return nil
}

// writeReports renders every format asked for: to stdout for one format
// without --output, else to files (BASE.EXT when several).
func writeReports(stdout io.Writer, rep *report.Report, f *auditFlags) error {
	for _, format := range f.formats {
		r, err := report.RendererFor(format)
		if err != nil {
			return err
		}
		if tr, ok := r.(report.TableRenderer); ok {
			tr.ShowSuppressed = f.showSuppressed
			r = tr
		}
		if f.output == "" || f.output == "-" {
			if err := r.Render(stdout, rep); err != nil {
				return err
			}
			continue
		}
		path := f.output
		if len(f.formats) > 1 {
			// "-o out/report.json -f json -f sarif" means the base "out/report".
			base := f.output
			for _, other := range report.Formats {
				base = strings.TrimSuffix(base, report.Extension(other))
			}
			path = base + report.Extension(format)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("writing report: %w", err)
			}
		}
		file, err := os.Create(path)
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
	}
	return nil
}

// newProgress returns a progress bar on stderr when it is a terminal and
// progress is wanted.
func newProgress(stderr io.Writer, f *auditFlags) *progressbar.ProgressBar {
	file, ok := stderr.(*os.File)
	if !ok || f.quiet || f.noProgress || !isatty.IsTerminal(file.Fd()) {
		return nil
	}
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription("crawling"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("pages"),
		progressbar.OptionEnableColorCodes(!f.noColor && os.Getenv("NO_COLOR") == ""),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
