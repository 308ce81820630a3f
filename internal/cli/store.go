package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/privaudit/privaudit/audit"
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

// requireStore opens the store a reading command (history, serve...) needs:
// without one, it is a usage error.
func requireStore(cmd *cobra.Command, flagValue string) (*store.Store, error) {
	dsn := storeDSN(cmd.Flags().Changed("store"), flagValue)
	if dsn == "" {
		return nil, usageError(fmt.Errorf("no history store: give --store FILE or a postgres:// DSN, or set $%s", StoreEnv))
	}
	st, err := openStore(cmd.Context(), dsn)
	if err != nil {
		return nil, usageError(err)
	}
	return st, nil
}

// auditHistory is an audit's history store: read before the audit (the
// baseline, the previous policy, the trend), written after its report.
type auditHistory struct {
	st       *store.Store
	required bool
	warn     func(string)
}

// openAuditHistory opens the audit's store when one is set. A store that
// cannot be opened is a warning (the audit runs and writes its report as
// without a store), or an exit 2 with --store-required. It returns nil
// when no store is set or it could not be opened.
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
	}}
	st, err := openStore(cmd.Context(), dsn)
	if err != nil {
		if f.storeRequired {
			return nil, usageError(err)
		}
		h.warn(err.Error() + "; the audit runs without it (--store-required makes this an error)")
		return nil, nil
	}
	h.st = st
	return h, nil
}

// close closes the store.
func (h *auditHistory) close() {
	if h != nil && h.st != nil {
		_ = h.st.Close()
	}
}

// prepare reads what the audit of site needs from the store into opts: the
// site's previous policy version and its earlier audits, and the baseline
// when --baseline is last or last-passing. A read that fails is a warning
// (an exit 2 with --store-required): the audit then runs without it.
func (h *auditHistory) prepare(ctx context.Context, site, baseline string, opts *audit.Options) error {
	if h == nil || h.st == nil {
		// No store, or one that could not be opened (a warning said so):
		// --baseline last then has nothing to compare with.
		return nil
	}
	hist := &audit.History{}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	key := store.SiteKey(site)
	fail := func(what string, err error) error {
		err = fmt.Errorf("history store: reading %s of %s: %w", what, key, err)
		if h.required {
			return usageError(err)
		}
		h.warn(err.Error())
		return nil
	}
	prev, err := h.st.LatestPolicy(ctx, key)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return fail("the previous policy", err)
	default:
		hist.Previous = prev
	}
	earlier, err := h.st.Earlier(ctx, key, report.MaxHistory)
	if err != nil {
		return fail("the earlier audits", err)
	}
	hist.Earlier = earlier
	if baseline == baselineLast || baseline == baselineLastPassing {
		base, err := h.st.Latest(ctx, key, baseline == baselineLastPassing)
		switch {
		case errors.Is(err, store.ErrNotFound):
			what := "audit"
			if baseline == baselineLastPassing {
				what = "audit that passed its gate"
			}
			h.warn(fmt.Sprintf("--baseline %s: the store has no earlier %s of %s; every finding counts", baseline, what, key))
		case err != nil:
			return fail("the baseline", err)
		default:
			opts.Baseline = base
			opts.BaselinePath = fmt.Sprintf("%s (store: %s of %s)", baseline, base.StartedAt.UTC().Format(time.RFC3339), key)
		}
	}
	opts.History = hist
	return nil
}

// save stores the audit's report and the policy version it read, after
// the report files were written. A store that cannot be written is a
// warning, or an exit 2 with --store-required.
func (h *auditHistory) save(ctx context.Context, rep *report.Report, pol *policytext.Version) error {
	if h == nil || h.st == nil || rep == nil {
		return nil
	}
	// An interrupted audit's report is still stored: the signal that ended
	// the audit does not cancel the write.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if _, err := h.st.Save(ctx, rep, pol); err != nil {
		err = fmt.Errorf("history store: the report was written but not stored: %w", err)
		if h.required {
			return usageError(err)
		}
		h.warn(err.Error())
	}
	return nil
}

// currentPolicy is the policy version the audit read, when it had a store.
func currentPolicy(opts audit.Options) *policytext.Version {
	if opts.History == nil {
		return nil
	}
	return opts.History.Current
}
