package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/config"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/store"
)

// StoreEnv names the environment variable that gives the history store's
// DSN when --store is not given.
const StoreEnv = "PRIVAUDIT_STORE"

// Baseline values that read the baseline from the history store.
const (
	baselineLast        = "last"
	baselineLastPassing = "last-passing"
)

// storeTimeout bounds opening the store and each read or write of an
// audit's history: a store that does not answer is a warning, not a hang.
const storeTimeout = 30 * time.Second

// registerStoreFlag adds --store to a command that reads the store.
func registerStoreFlag(fl *pflag.FlagSet, dsn *string) {
	fl.StringVar(dsn, "store", "", "history store: a SQLite file (or sqlite://PATH) or a postgres:// DSN (default: $"+StoreEnv+")")
}

// storeDSN returns the store's DSN: --store when given on the command
// line, else $PRIVAUDIT_STORE, else flagValue (the configuration file's
// store key, applied to the flag, or "").
func storeDSN(onCommandLine bool, flagValue string) string {
	if onCommandLine {
		return flagValue
	}
	if env := os.Getenv(StoreEnv); env != "" {
		return env
	}
	return flagValue
}

// openStore opens the store named by dsn, bounded by storeTimeout.
func openStore(ctx context.Context, dsn string) (*store.Store, error) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("history store: %w", err)
	}
	return st, nil
}

// requireStore opens the store that history, policy-history, import and
// serve need: --store, else $PRIVAUDIT_STORE, else the store key of the
// configuration file (--config, $PRIVAUDIT_CONFIG, ./.privaudit.yaml);
// without one, it is a usage error. The reading commands open it read-only:
// they work on a file they may not write, and never migrate it.
func requireStore(cmd *cobra.Command, flagValue, configPath string, readOnly bool) (*store.Store, error) {
	dsn := storeDSN(cmd.Flags().Changed("store"), flagValue)
	if dsn == "" {
		wd, _ := os.Getwd()
		path, err := config.Find(configPath, wd)
		if err != nil {
			return nil, usageError(err)
		}
		if path != "" {
			cfg, err := config.Load(path, config.Known{Formats: report.Formats})
			if err != nil {
				return nil, usageError(err)
			}
			if cfg.Store != nil {
				dsn = *cfg.Store
			}
		}
	}
	if dsn == "" {
		return nil, usageError(fmt.Errorf("no history store: give --store FILE or a postgres:// DSN, set $%s, or the store key of .privaudit.yaml", StoreEnv))
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), storeTimeout)
	defer cancel()
	open := store.Open
	if readOnly {
		open = store.OpenReadOnly
	}
	st, err := open(ctx, dsn)
	if err != nil {
		return nil, usageError(fmt.Errorf("history store: %w", err))
	}
	return st, nil
}

// readStore opens the store of a reading command (history,
// policy-history) read-only, with a context that bounds its reads by
// storeTimeout; done closes both.
func readStore(cmd *cobra.Command, flagValue, configPath string) (*store.Store, context.Context, func(), error) {
	st, err := requireStore(cmd, flagValue, configPath, true)
	if err != nil {
		return nil, nil, nil, err
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), storeTimeout)
	return st, ctx, func() { cancel(); _ = st.Close() }, nil
}

// registerStoreFlags adds --store and --config to a command that reads the
// store.
func registerStoreFlags(fl *pflag.FlagSet, dsn, configPath *string) {
	registerStoreFlag(fl, dsn)
	fl.StringVar(configPath, "config", "", "configuration file whose store key names the store (default: $"+config.EnvVar+", then ./.privaudit.yaml)")
}

// auditHistory is the history store of an audit or a batch: read once each
// site's origin is known (the baseline, the previous policy, the trend),
// written after its report. A store that fails is a warning; with
// --store-required the reports are still written, and the exit is 2
// instead of 0 or 1.
type auditHistory struct {
	st       *store.Store
	required bool
	warn     func(string)
	// logf logs what the store did and how long it took (--verbose).
	logf func(format string, args ...any)

	mu      sync.Mutex
	failure error // the first failure, for --store-required
}

// fail records a failure of the store and warns of it.
func (h *auditHistory) fail(err error) {
	h.mu.Lock()
	if h.failure == nil {
		h.failure = err
	}
	h.mu.Unlock()
	msg := err.Error()
	if h.required {
		msg += " (--store-required: exit 2 once the reports are written)"
	}
	h.warn(msg)
}

// exit turns the exit of the audit or batch into exit 2 when the store
// failed under --store-required and the exit would have been 0 or 1 (a
// site that could not be audited, a timeout or an interruption keep
// theirs).
func (h *auditHistory) exit(err error) error {
	if h == nil || !h.required {
		return err
	}
	h.mu.Lock()
	failure := h.failure
	h.mu.Unlock()
	var ee *ExitError
	if failure == nil || err != nil && (!errors.As(err, &ee) || ee.Code != ExitGate) {
		return err
	}
	return usageError(failure)
}

// openAuditHistory opens the audit's store when one is set. It returns
// nil when no store is set, and an auditHistory without a store (a
// failure recorded) when it could not be opened: the audits run and write
// their reports as without a store.
func (f *auditFlags) openAuditHistory(cmd *cobra.Command) (*auditHistory, error) {
	dsn := storeDSN(f.cli["store"], f.store)
	if dsn == "" && (f.baseline == baselineLast || f.baseline == baselineLastPassing) {
		return nil, usageError(fmt.Errorf("--baseline %s reads the history store: give --store or set $%s", f.baseline, StoreEnv))
	}
	if dsn == "" {
		if f.storeRequired {
			return nil, usageError(fmt.Errorf("--store-required: no history store: give --store or set $%s", StoreEnv))
		}
		return nil, nil
	}
	h := &auditHistory{required: f.storeRequired, warn: func(msg string) {
		if !f.quiet {
			fmt.Fprintln(cmd.ErrOrStderr(), "privaudit: warning: "+msg)
		}
	}, logf: func(format string, args ...any) {
		if f.verbose && !f.quiet {
			fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: "+format+"\n", args...)
		}
	}}
	start := time.Now()
	st, err := openStore(cmd.Context(), dsn)
	if err != nil {
		h.fail(fmt.Errorf("%w; the audit runs without it", err))
		return h, nil
	}
	h.st = st
	h.log("history store: %s opened in %s", st.Redacted(), since(start))
	return h, nil
}

// close closes the store.
func (h *auditHistory) close() {
	if h != nil && h.st != nil {
		_ = h.st.Close()
	}
}

// prior returns the audit's Prior hook: once the site's origin is known,
// it reads the site's previous policy version and earlier audits, and the
// baseline when --baseline is last or last-passing. *got receives the
// History it makes, whose Current the audit sets. A read that fails is
// recorded (fail); the audit then runs without what it could not read.
// It returns nil without a store.
func (h *auditHistory) prior(baseline string, got **audit.History) func(context.Context, string) audit.Prior {
	if h == nil || h.st == nil {
		return nil
	}
	return func(ctx context.Context, origin string) audit.Prior {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
		defer cancel()
		start := time.Now()
		key := store.SiteKey(origin)
		defer func() { h.log("history store: read the history of %s in %s", key, since(start)) }()
		hist := &audit.History{}
		*got = hist
		p := audit.Prior{History: hist}
		read := func(what string, err error) bool {
			switch {
			case errors.Is(err, store.ErrNotFound):
				return false
			case err != nil:
				h.fail(fmt.Errorf("history store: reading %s of %s: %w", what, key, err))
				return false
			}
			return true
		}
		if prev, err := h.st.LatestPolicy(ctx, key); read("the previous policy", err) {
			hist.Previous = prev
		}
		if earlier, err := h.st.Earlier(ctx, key, report.MaxHistory); read("the earlier audits", err) {
			hist.Earlier = earlier
		}
		if baseline != baselineLast && baseline != baselineLastPassing {
			return p
		}
		base, err := h.st.Latest(ctx, key, baseline == baselineLastPassing)
		if errors.Is(err, store.ErrNotFound) {
			what := "audit"
			if baseline == baselineLastPassing {
				what = "audit that passed its gate"
			}
			h.warn(fmt.Sprintf("--baseline %s: the store has no earlier %s of %s; every finding counts", baseline, what, key))
		} else if read("the baseline", err) {
			p.Baseline = base
			p.BaselinePath = fmt.Sprintf("%s (store: %s of %s)", baseline, base.StartedAt.UTC().Format(time.RFC3339), key)
		}
		return p
	}
}

// save stores a report and the policy version its audit read (hist's
// Current), after the report was written. A store that cannot be written
// is recorded (fail).
func (h *auditHistory) save(ctx context.Context, rep *report.Report, hist *audit.History) {
	if h == nil || h.st == nil || rep == nil {
		return
	}
	var pol *policytext.Version
	if hist != nil {
		pol = hist.Current
	}
	// An interrupted audit's report is still stored: the signal that ended
	// the audit does not cancel the write.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	start := time.Now()
	id, err := h.st.Save(ctx, rep, pol)
	if err != nil {
		h.fail(fmt.Errorf("history store: the report was written but not stored: %w", err))
		return
	}
	h.log("history store: stored audit %d of %s in %s", id, store.SiteKey(rep.Origin), since(start))
}

// log logs a line with --verbose.
func (h *auditHistory) log(format string, args ...any) {
	if h.logf != nil {
		h.logf(format, args...)
	}
}

// since is the time since start, rounded for a log line.
func since(start time.Time) time.Duration {
	return time.Since(start).Round(100 * time.Microsecond)
}
