package cli

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/config"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/polite"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scope"
)

// auditFlags are the flags of `privaudit audit` (and `demo`). Each has a
// key of the same name in .privaudit.yaml; a flag given on the command
// line wins over the file.
type auditFlags struct {
	out                      report.OutputOptions
	gate                     report.GatePolicy
	baseline, ignoreFile     string
	baselineAnyOrigin        bool
	cookieDB, configPath     string
	caCert                   string
	browser                  bool
	chrome, browserPages     string
	saveRecord, fromRecord   string
	maxTime                  time.Duration
	perHost                  int
	regimes                  []string
	store                    string
	storeRequired            bool
	crawl                    crawler.Options
	noConfig, quiet, verbose bool
	noColor, noProgress      bool
	cfg                      *config.Config
	weights                  map[string]float64
	bar                      *progressbar.ProgressBar
	cli                      map[string]bool // flags given on the command line
	demo                     bool            // the demo: built-in data only, the same everywhere
}

func (f *auditFlags) register(cmd *cobra.Command, crawlFlags bool, defaultFailOn string) {
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.out.Formats, "format", "f", []string{report.Formats[0]}, "report format: "+strings.Join(report.Formats, ", ")+" (repeatable)")
	fl.StringVarP(&f.out.Output, "output", "o", "", "write the report to this file (a base name when several formats are asked for); - is stdout")
	fl.Float64Var(&f.gate.FailUnder, "fail-under", 0, "fail (exit 1) when the score is under this value (0-100)")
	fl.StringVar(&f.gate.FailOn, "fail-on", defaultFailOn, "fail (exit 1) on any finding at or above this severity: "+strings.Join(audit.FailOnValues, ", "))
	fl.StringVar(&f.baseline, "baseline", "", "earlier JSON report, or last or last-passing (the site's newest audit in --store, or its newest that passed the gate): gate only on findings that are new since it")
	fl.BoolVar(&f.baselineAnyOrigin, "baseline-any-origin", false, "accept a baseline of another site (fingerprints are unique per origin)")
	fl.StringVar(&f.ignoreFile, "ignore-file", report.IgnoreFileName, "ignore file (entries by fingerprint, or check and URL pattern, each with a reason and optional expiry)")
	fl.BoolVar(&f.out.ShowSuppressed, "show-suppressed", false, "list the findings the ignore file suppressed")
	fl.StringVar(&f.cookieDB, "cookie-db", "", "Open Cookie Database file (CSV or JSON) to recognise more cookies")
	fl.StringVar(&f.configPath, "config", "", "configuration file (default: $"+config.EnvVar+", then ./.privaudit.yaml)")
	fl.BoolVar(&f.noConfig, "no-config", false, "do not read a configuration file")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print nothing on stderr but errors")
	fl.BoolVarP(&f.verbose, "verbose", "v", false, "log what the audit does on stderr")
	fl.BoolVar(&f.noColor, "no-color", false, "no colours (also when NO_COLOR is set)")
	fl.BoolVar(&f.noProgress, "no-progress", false, "no progress bar")
	fl.BoolVar(&f.browser, "browser", false, "also render pages in headless Chromium: cookies set by scripts, storage, requests, and the consent banner before consent, after reject and after accept")
	fl.StringVar(&f.chrome, "chrome", "", "Chromium binary for --browser (default: $CHROME_PATH, then chromium on PATH)")
	fl.StringVar(&f.browserPages, "browser-pages", "25", "pages --browser renders (the start page, the policies, pages with forms, one per section), or all")
	registerStoreFlag(fl, &f.store)
	fl.BoolVar(&f.storeRequired, "store-required", false, "exit 2 when the history store cannot be opened, read or written (default: a warning)")
	fl.StringArrayVar(&f.regimes, "regime", []string{evidence.RegimeAuto}, "laws whose notice requirements apply: gdpr, ccpa (repeatable), none, or auto: decided from what the site shows (its language, country, imprint, the laws its policy names)")
	if !crawlFlags {
		return
	}
	c := &f.crawl
	fl.DurationVar(&f.maxTime, "max-time", 0, "give up crawling (and rendering, with --browser) after this long, audit what was fetched and exit 4 (0: no limit)")
	fl.IntVar(&c.MaxPages, "max-pages", 500, "maximum number of URLs to fetch")
	fl.IntVar(&c.MaxDepth, "max-depth", 0, "maximum link depth from the start page (0: no limit)")
	fl.IntVar(&c.Concurrency, "concurrency", 8, "number of requests in flight")
	fl.IntVar(&f.perHost, "per-host", 0, "at most this many requests in flight to one IP address, across all the sites of a batch (0: no limit beyond --concurrency)")
	fl.DurationVar(&c.Timeout, "timeout", 20*time.Second, "timeout of one request")
	fl.IntVar(&c.MaxBodySize, "max-body-size", 5<<20, "maximum bytes read of one response")
	fl.BoolVar(&c.IncludeSubdomains, "include-subdomains", false, "crawl every host of the registrable domain")
	fl.StringArrayVar(&c.Aliases, "alias", nil, "another host name of the same site (repeatable)")
	fl.BoolVar(&c.IgnoreRobots, "ignore-robots", false, "do not honour robots.txt")
	fl.BoolVar(&c.NoSitemaps, "no-sitemaps", false, "do not seed the crawl from robots.txt and sitemap.xml")
	fl.StringVar(&c.UserAgent, "user-agent", "", "User-Agent header (default names privaudit and its version)")
	fl.StringVar(&f.caCert, "ca-cert", "", "PEM file of certificate authorities to trust (a staging site with its own CA)")
	fl.BoolVar(&c.Insecure, "insecure", false, "do not verify TLS certificates (a staging site with a self-signed certificate)")
	fl.StringVar(&f.saveRecord, "save-record", "", "write what was gathered to this file, to judge it again later with --from-record")
	fl.StringVar(&f.fromRecord, "from-record", "", "judge a record saved with --save-record instead of crawling (no URL)")
}

// applyConfig reads the configuration file and fills every flag that the
// command line did not set.
func (f *auditFlags) applyConfig(cmd *cobra.Command) error {
	f.cli = map[string]bool{}
	cmd.Flags().Visit(func(fl *pflag.Flag) { f.cli[fl.Name] = true })
	if f.noConfig {
		return nil
	}
	wd, _ := os.Getwd()
	path, err := config.Find(f.configPath, wd)
	if err != nil || path == "" {
		return usageError(err)
	}
	if f.cfg, err = config.Load(path, config.Known{Formats: report.Formats}); err != nil {
		return usageError(err)
	}
	if err := f.cfg.Apply(cmd.Flags()); err != nil {
		return usageError(err)
	}
	f.gate.Levels, f.gate.MinScores, f.weights = f.cfg.Levels(), f.cfg.MinScores(), f.cfg.Weights
	// A flag on the command line wins over the file for quiet/verbose too.
	f.quiet = f.quiet && !(f.cli["verbose"] && !f.cli["quiet"])
	f.verbose = f.verbose && !(f.cli["quiet"] && !f.cli["verbose"])
	if f.verbose && !f.quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: using configuration %s\n", path)
	}
	return nil
}

// options turns the flags into the audit's options, reading the files they
// name (a bad file fails before the crawl), and validates them.
func (f *auditFlags) options(cmd *cobra.Command) (audit.Options, error) {
	f.gate.FailOn = strings.ToLower(strings.TrimSpace(f.gate.FailOn))
	opts := audit.Options{MaxTime: f.maxTime, Weights: f.weights, Crawl: f.crawl, SaveRecord: f.saveRecord, Gate: &f.gate, BaselineAnyOrigin: f.baselineAnyOrigin}
	for _, r := range f.regimes {
		opts.Regimes = append(opts.Regimes, strings.ToLower(strings.TrimSpace(r)))
	}
	if f.quiet && f.verbose {
		return opts, usageError(errors.New("--quiet and --verbose cannot be used together"))
	}
	if err := report.ValidateOutput(f.out); err != nil {
		return opts, usageError(err)
	}
	if f.perHost < 0 {
		return opts, f.optionError(&audit.OptionError{Key: "per-host", Msg: fmt.Sprintf("must be 0 (no limit) or more, got %d", f.perHost)})
	}
	// One limiter for the run: the sites of a batch share it.
	opts.Crawl.Limiter = polite.New(f.perHost)
	if err := opts.Validate(); err != nil {
		return opts, f.optionError(err)
	}
	// The library reads a zero limit as "the default"; a user who writes
	// 0 means something else, so it is refused rather than guessed.
	for key, zero := range map[string]bool{"max-pages": f.crawl.MaxPages == 0, "concurrency": f.crawl.Concurrency == 0,
		"timeout": f.crawl.Timeout == 0, "max-body-size": f.crawl.MaxBodySize == 0} {
		if zero && cmd.Flags().Lookup(key) != nil {
			return opts, f.optionError(&audit.OptionError{Key: key, Msg: "must be at least 1 (leave it out for the default)"})
		}
	}
	if f.browser {
		n, err := browserPages(f.browserPages)
		if err != nil {
			return opts, f.optionError(&audit.OptionError{Key: "browser-pages", Msg: err.Error()})
		}
		opts.Browser = &audit.BrowserOptions{Chrome: f.chrome, Pages: n, Insecure: f.demo}
	}
	in := audit.Inputs{NoCachedData: f.demo, CACert: f.caCert, CookieDB: f.cookieDB, IgnoreFile: f.ignoreFile, IgnoreOptional: !f.cli["ignore-file"], Baseline: f.baselineFile(), FromRecord: f.fromRecord}
	if err := in.Load(&opts); err != nil {
		return opts, usageError(err)
	}
	if f.verbose && !f.quiet {
		opts.Log = func(format string, args ...any) { fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: "+format+"\n", args...) }
	}
	if bar := f.progress(cmd); bar != nil {
		// A count and a rate: the total grows as links are found, so a
		// percentage would run backwards.
		opts.Crawl.Progress = func(done, found int) {
			bar.Describe(fmt.Sprintf("crawling (%d found)", found))
			_ = bar.Set(done)
		}
	}
	return opts, nil
}

// baselineFile is the baseline report's file: "" when there is none or it
// comes from the history store (last, last-passing).
func (f *auditFlags) baselineFile() string {
	if f.baseline == baselineLast || f.baseline == baselineLastPassing {
		return ""
	}
	return f.baseline
}

// optionError locates an invalid value: in the configuration file when it
// came from there, else on the command line.
func (f *auditFlags) optionError(err error) error {
	var oe *audit.OptionError
	if errors.As(err, &oe) && f.cfg != nil && !f.cli[oe.Key] {
		if line := f.cfg.Line(oe.Key); line > 0 {
			return usageError(&config.Error{Path: f.cfg.Path, Line: line, Key: config.KeyOf(oe.Key), Msg: oe.Msg})
		}
	}
	return usageError(err)
}

func newAuditCommand() *cobra.Command {
	var f auditFlags
	cmd := &cobra.Command{
		Use:   "audit URL",
		Short: "Crawl a site and report how it treats personal data",
		Example: `  privaudit audit https://example.org
  privaudit audit example.org -f json -o report.json --fail-under 80
  privaudit audit example.org -f sarif -f html -o reports/privaudit --baseline last.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.applyConfig(cmd); err != nil {
				return err
			}
			want := 1
			if f.fromRecord != "" {
				want = 0
			}
			if len(args) != want {
				return usageError(fmt.Errorf("audit takes one URL, or none with --from-record (got %d arguments)", len(args)))
			}
			target := ""
			if want == 1 {
				target = args[0]
				if _, err := scope.ParseTarget(target); err != nil {
					return usageError(err)
				}
			}
			return runAudit(cmd, target, &f, nil)
		},
	}
	f.register(cmd, true, "high")
	return cmd
}

// runAudit runs the audit, writes the reports, then returns the exit code's
// error: the reports are written before any non-zero exit. adjust, when
// set, changes the options (the demo's transport).
func runAudit(cmd *cobra.Command, target string, f *auditFlags, adjust func(*audit.Options)) error {
	opts, err := f.options(cmd)
	if err != nil {
		return err
	}
	tuneGC(1, f.crawl.MaxPages)
	if adjust != nil {
		adjust(&opts)
	}
	hist, err := f.openAuditHistory(cmd)
	if err != nil {
		return err
	}
	defer hist.close()
	var prior *audit.History
	opts.Prior = hist.prior(f.baseline, &prior)
	rep, err := audit.Run(cmd.Context(), target, opts)
	if f.bar != nil {
		_ = f.bar.Finish()
		_ = f.bar.Clear()
	}
	// A site that could not be audited still gets its report files (a
	// CI job's later steps look for them), written before the exit.
	if rep != nil {
		tty := terminal(cmd.OutOrStdout(), f.noColor)
		f.out.Width, f.out.Color = tty.Width, tty.Color
		if werr := report.WriteAll(cmd.OutOrStdout(), rep, f.out); werr != nil {
			return usageError(werr)
		}
		for _, w := range rep.Warnings {
			if !f.quiet {
				fmt.Fprintln(cmd.ErrOrStderr(), "privaudit: warning: "+w)
			}
		}
		// The report files first, then the store: a store that fails
		// never loses the report.
		hist.save(cmd.Context(), rep, prior)
	}
	return hist.exit(auditExit(rep, err, f.maxTime))
}

// progress returns a progress bar on stderr when it is a terminal and
// progress is wanted.
func (f *auditFlags) progress(cmd *cobra.Command) *progressbar.ProgressBar {
	file, ok := cmd.ErrOrStderr().(*os.File)
	if !ok || f.quiet || f.noProgress || !isatty.IsTerminal(file.Fd()) {
		return nil
	}
	f.bar = progressbar.NewOptions(-1, progressbar.OptionSetWriter(file), progressbar.OptionSetDescription("crawling"),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("pages"),
		progressbar.OptionEnableColorCodes(!f.noColor && os.Getenv("NO_COLOR") == ""),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	return f.bar
}

// browserPages reads --browser-pages: a positive number, or all (0).
func browserPages(v string) (int, error) {
	if strings.EqualFold(v, "all") {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%q: give a number of pages (at least 1) or all", v)
	}
	return n, nil
}
