package audit

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/privaudit/privaudit/browser"
	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/consent"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scoring"
	"github.com/privaudit/privaudit/verdict"
)

// Options configure an audit.
type Options struct {
	Crawl crawler.Options
	// Catalog answers what cookies and hosts are (nil: the built-in
	// catalogue). Load it once (LoadCatalog) for any number of audits.
	Catalog *catalog.Catalog
	// Weights override check weights by ID.
	Weights map[string]float64
	// Regimes are the laws whose notice requirements apply
	// (evidence.RegimeValues): gdpr, ccpa or both; none; or auto (also when
	// empty), which decides from what the site shows.
	Regimes []string
	// Checks to run (default: checks.All() but those the gate sets "off").
	Checks []checks.Check
	// MaxTime bounds the crawl and the browser stage; when it runs out,
	// the pages fetched so far are audited (without the browser's
	// findings when Chromium was still rendering) and the report is
	// marked TimedOut (0: no limit).
	MaxTime time.Duration
	// Now returns the current time (tests fix it).
	Now func() time.Time
	// Log, when set, receives progress messages (for --verbose).
	Log func(format string, args ...any)

	// Browser, when set, adds the browser stage (browser mode).
	Browser *BrowserOptions

	// SaveRecord, when set, is the file the gathered record is written to
	// (privaudit audit --save-record).
	SaveRecord string
	// FromRecord, when set, is a saved record to judge instead of
	// gathering the site (privaudit audit --from-record).
	FromRecord *record.Crawl

	// The processors, applied in this order to the assembled report.
	//
	// Ignore suppresses the findings its entries match.
	Ignore *report.IgnoreFile
	// Baseline marks each finding new or unchanged; BaselinePath names it
	// in the report.
	Baseline     *report.Report
	BaselinePath string
	// BaselineAnyOrigin compares with a baseline of another site (its
	// findings then match only by chance: fingerprints are unique per
	// origin).
	BaselineAnyOrigin bool
	// Gate, when set, is evaluated last.
	Gate *report.GatePolicy

	// History, when set, is what a history store knows of the site
	// (--store): the audit compares the policy it reads with the stored
	// one, reports the change and the earlier audits, and sets
	// History.Current.
	History *History
	// Prior, when set, is called once the site's canonical origin is known
	// (after gathering and its redirects, before judging): what it returns
	// replaces History, and Baseline when it sets one (--baseline last
	// reads the store under the origin the site answers on, not the
	// target typed).
	Prior func(ctx context.Context, origin string) Prior
}

// Prior is what a history store knows of a site before its audit.
type Prior struct {
	History *History
	// Baseline and BaselinePath, when Baseline is set, are the baseline
	// read from the store.
	Baseline     *report.Report
	BaselinePath string
}

// History is what a history store knows of the site before the audit
// (--store): the audit reads it and fills Current.
type History struct {
	// Previous is the site's newest stored policy version (nil: none
	// stored yet).
	Previous *policytext.Previous
	// Earlier are the site's earlier audits, oldest first, for the
	// report's trend.
	Earlier []report.HistoryPoint
	// Current is set by Run: the version of the policy this audit read
	// (nil when no policy was read whole).
	Current *policytext.Version
}

// BrowserOptions configure the browser stage.
type BrowserOptions struct {
	// Chrome is the Chromium binary ("": found on PATH or $CHROME_PATH).
	Chrome string
	// Pages caps the pages rendered (0: every HTML page).
	Pages int
	// Rules recognise and operate consent banners.
	Rules *consent.Rules
	// Insecure makes Chromium accept any certificate (the demo's).
	Insecure bool
}

// OptionError is an option whose value is invalid. Key is the option's
// name, as a flag (without dashes) and a configuration key.
type OptionError struct {
	Key, Msg string
}

// Error names the option and says what is wrong.
func (e *OptionError) Error() string { return "--" + e.Key + ": " + e.Msg }

// FailOnValues are the values --fail-on accepts: a severity, or none.
var FailOnValues = func() []string {
	var out []string
	for _, s := range verdict.Severities {
		out = append(out, string(s))
	}
	return append(out, "none")
}()

// MaxConcurrency caps the requests in flight: a million took 46 s and
// 3 GB for a 56-URL site, and no server wants more from one client.
const MaxConcurrency = 64

// Levels are the gate levels a check can have.
var Levels = []string{"error", "warn", "off"}

// Validate checks the options' values, wherever they came from (flags or
// the configuration file): this is the one place that knows what a valid
// value is. It returns an *OptionError.
func (o *Options) Validate() error {
	c := o.Crawl
	for _, v := range []struct {
		key string
		neg bool
	}{
		{"max-pages", c.MaxPages < 0}, {"max-depth", c.MaxDepth < 0}, {"concurrency", c.Concurrency < 0},
		{"max-body-size", c.MaxBodySize < 0}, {"timeout", c.Timeout < 0}, {"max-time", o.MaxTime < 0},
	} {
		if v.neg {
			return &OptionError{v.key, "cannot be negative"}
		}
	}
	if c.Concurrency > MaxConcurrency {
		return &OptionError{"concurrency", fmt.Sprintf("at most %d requests in flight (got %d): more only queues requests and uses memory", MaxConcurrency, c.Concurrency)}
	}
	for _, a := range c.Aliases {
		if a == "" || strings.ContainsAny(a, "/, \t") {
			return &OptionError{"alias", fmt.Sprintf("%q: give one host name per --alias (e.g. --alias www.example.org)", a)}
		}
	}
	if err := validateRegimes(o.Regimes); err != nil {
		return err
	}
	known := CheckIDs()
	for _, id := range sortedKeys(o.Weights) {
		w := o.Weights[id]
		if !slices.Contains(known, id) {
			return &OptionError{"weights." + id, "unknown check ID (run `privaudit checks` for the list)"}
		}
		if w < 0 {
			return &OptionError{"weights." + id, "cannot be negative"}
		}
	}
	if g := o.Gate; g != nil {
		if g.FailUnder < 0 || g.FailUnder > 100 {
			return &OptionError{"fail-under", fmt.Sprintf("must be between 0 and 100, got %g", g.FailUnder)}
		}
		if g.FailOn != "" && !slices.Contains(FailOnValues, g.FailOn) {
			return &OptionError{"fail-on", fmt.Sprintf("unknown severity %q (use %s)", g.FailOn, strings.Join(FailOnValues, ", "))}
		}
		for _, id := range sortedKeys(g.Levels) {
			l := g.Levels[id]
			if !slices.Contains(known, id) {
				return &OptionError{"checks." + id, "unknown check ID (run `privaudit checks` for the list)"}
			}
			if !slices.Contains(Levels, l) {
				return &OptionError{"checks." + id, fmt.Sprintf("unknown level %q (use error, warn or off)", l)}
			}
		}
		for _, id := range sortedKeys(g.MinScores) {
			m := g.MinScores[id]
			if !slices.Contains(known, id) {
				return &OptionError{"checks." + id, "unknown check ID (run `privaudit checks` for the list)"}
			}
			if m < 0 || m > 100 {
				return &OptionError{"checks." + id + ".min-score", fmt.Sprintf("must be between 0 and 100, got %g", m)}
			}
		}
	}
	return nil
}

// validateRegimes checks the --regime values: each one of
// evidence.RegimeValues, auto and none alone.
func validateRegimes(regimes []string) error {
	for _, r := range regimes {
		if !slices.Contains(evidence.RegimeValues, r) {
			values := strings.Join(evidence.RegimeValues[:len(evidence.RegimeValues)-1], ", ") + " or " + evidence.RegimeValues[len(evidence.RegimeValues)-1]
			msg := fmt.Sprintf("unknown regime %q (use %s)", r, values)
			if near := textutil.Closest(r, evidence.RegimeValues); near != "" {
				msg = fmt.Sprintf("unknown regime %q (did you mean %s? use %s)", r, near, values)
			}
			return &OptionError{"regime", msg}
		}
		if (r == evidence.RegimeAuto || r == evidence.RegimeNone) && len(regimes) > 1 {
			return &OptionError{"regime", fmt.Sprintf("%s stands alone (got %s): give it alone, or the laws to apply", r, strings.Join(regimes, ", "))}
		}
	}
	return nil
}

// CheckIDs returns the IDs of every check, in report order.
func CheckIDs() []string {
	var ids []string
	for _, c := range checks.All() {
		ids = append(ids, c.Meta().ID)
	}
	return ids
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// CheckList describes every check with its weight (weights override the
// defaults) for `privaudit checks` and `explain`.
func CheckList(weights map[string]float64) []report.CheckInfo {
	var out []report.CheckInfo
	for _, c := range checks.All() {
		m := c.Meta()
		info := report.CheckInfo{
			CheckMeta: report.CheckMeta{ID: m.ID, Title: m.Title, FailureTitle: m.FailureTitle, Description: m.Description, Why: m.Why, Fix: m.Fix, Severity: m.Severity},
			Weight:    scoring.Weight(weights, m.ID),
		}
		for _, mode := range m.SupportedModes() {
			info.Modes = append(info.Modes, string(mode))
		}
		if it, ok := c.(checks.Itemized); ok {
			info.Elements = it.Elements()
		}
		out = append(out, info)
	}
	return out
}

// LoadCatalog returns the built-in catalogue, with the Open Cookie Database
// file at cookieDB added when it is set.
func LoadCatalog(cookieDB string) (*catalog.Catalog, error) {
	cat := catalog.Builtin()
	if cookieDB != "" {
		if _, err := cat.LoadCookieDatabase(cookieDB); err != nil {
			return nil, err
		}
	}
	return cat, nil
}

// Inputs are the files an audit reads besides the site. Load reads them
// all before any request, so that a bad file fails fast.
type Inputs struct {
	// CookieDB is an Open Cookie Database file to add to the catalogue.
	CookieDB string
	// IgnoreFile is the ignore file; a missing one is not an error when
	// IgnoreOptional is set (the default file name).
	IgnoreFile     string
	IgnoreOptional bool
	// Baseline is an earlier JSON report.
	Baseline string
	// FromRecord is a record saved with SaveRecord, to judge instead of
	// gathering.
	FromRecord string
	// CACert is a PEM file of certificate authorities to trust instead of
	// the system's.
	CACert string
	// NoCachedData leaves out the databases update-db cached (the demo and
	// reproducible runs use the built-in catalogue alone).
	NoCachedData bool
}

// Load reads the inputs into opts: the catalogue (loaded once, for any
// number of audits), the ignore file, the baseline and the record.
func (in Inputs) Load(opts *Options) error {
	var err error
	db := in.CookieDB
	if db == "" && !in.NoCachedData {
		db, _ = CachedCookieDB() // "" when none is cached
	}
	if opts.Catalog, err = LoadCatalog(db); err != nil {
		return err
	}
	if opts.Ignore, err = report.LoadIgnoreFile(in.IgnoreFile, in.IgnoreOptional, CheckIDs()); err != nil {
		return err
	}
	if in.Baseline != "" {
		if opts.Baseline, err = report.Read(in.Baseline); err != nil {
			return fmt.Errorf("--baseline: %w", err)
		}
		opts.BaselinePath = in.Baseline
	}
	if b := opts.Browser; b != nil {
		path, err := browser.Find(b.Chrome)
		if err != nil {
			return err
		}
		b.Chrome = path
		if b.Rules == nil {
			b.Rules = consent.Builtin()
			if p, ok := CachedConsentRules(); ok && !in.NoCachedData {
				if data, err := os.ReadFile(p); err == nil {
					if com, err := consent.ParseRules(data, "consent-o-matic"); err == nil {
						b.Rules = b.Rules.Merge(com)
					}
				}
			}
		}
	}
	if in.CACert != "" {
		pem, err := os.ReadFile(in.CACert)
		if err != nil {
			return fmt.Errorf("--ca-cert: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("--ca-cert %s: no PEM certificate in the file", in.CACert)
		}
		opts.Crawl.RootCAs = pool
	}
	if in.FromRecord != "" {
		opts.FromRecord, err = record.Load(in.FromRecord)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("--from-record %s: no such file", in.FromRecord)
		case err != nil:
			return fmt.Errorf("--from-record %s: %w", in.FromRecord, textutil.JSONError(err, "a record saved by privaudit audit --save-record"))
		}
	}
	return nil
}
