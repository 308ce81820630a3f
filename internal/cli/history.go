package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/store"
)

// historyFormats are the formats of history and policy-history.
var historyFormats = []string{"table", "json"}

func checkHistoryFormat(format string) error {
	if slices.Contains(historyFormats, format) {
		return nil
	}
	return usageError(fmt.Errorf("--format: %q is not one of %s", format, strings.Join(historyFormats, ", ")))
}

func newHistoryCommand() *cobra.Command {
	var dsn, configPath, since, format string
	var limit int
	var noColor bool
	cmd := &cobra.Command{
		Use:   "history SITE",
		Short: "List a site's stored audits: score, grade, gate, findings new and fixed",
		Long:  "history lists the audits of a site that the history store keeps (audit --store), newest first: when each started, its score and grade, whether its gate passed, and how many findings it had, were new since the audit before and were fixed. SITE is a host name, an origin or a URL.",
		Example: `  privaudit history example.org --store privaudit.db
  PRIVAUDIT_STORE=postgres://privaudit@db/privaudit privaudit history example.org --since 30d -f json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("history takes one site (got %d arguments)", len(args)))
			}
			if err := checkHistoryFormat(format); err != nil {
				return err
			}
			from, err := store.ParseSince(since, time.Now())
			if err != nil {
				return usageError(fmt.Errorf("--since: %w", err))
			}
			st, ctx, done, err := readStore(cmd, dsn, configPath)
			if err != nil {
				return err
			}
			defer done()
			site := store.SiteKey(args[0])
			audits, err := st.Audits(ctx, site, from, limit)
			if err != nil {
				return usageError(fmt.Errorf("history store: %w", err))
			}
			if len(audits) == 0 && since == "" {
				return usageError(fmt.Errorf("the store %s has no audit of %s", st.Redacted(), site))
			}
			if format == "json" {
				return writeJSONValue(cmd.OutOrStdout(), struct {
					Site   string        `json:"site"`
					Audits []store.Audit `json:"audits"`
				}{site, nonNil(audits)})
			}
			rows := make([]report.HistoryRow, len(audits))
			for i, a := range audits {
				gate := ""
				if a.GatePassed != nil {
					gate = map[bool]string{true: "passed", false: "failed"}[*a.GatePassed]
				}
				rows[i] = report.HistoryRow{StartedAt: a.StartedAt, Score: a.Score, Grade: a.Grade, Gate: gate, Findings: a.Findings,
					New: a.New, Fixed: a.Fixed, PolicyChanged: a.PolicyChanged, Complete: a.Complete, Error: a.Error}
			}
			o := terminal(cmd.OutOrStdout(), noColor)
			return report.TableRenderer{Width: o.Width, Color: o.Color}.RenderHistory(cmd.OutOrStdout(), site, rows)
		},
	}
	registerStoreFlags(cmd.Flags(), &dsn, &configPath)
	cmd.Flags().StringVar(&since, "since", "", "only audits since this date (2026-11-01, an RFC 3339 time) or this long ago (30d, 12h)")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many audits, the newest (0: all)")
	cmd.Flags().StringVarP(&format, "format", "f", historyFormats[0], "output format: "+strings.Join(historyFormats, ", "))
	cmd.Flags().BoolVar(&noColor, "no-color", false, "no colours (also when NO_COLOR is set)")
	return cmd
}

func newImportCommand() *cobra.Command {
	var dsn, configPath string
	cmd := &cobra.Command{
		Use:     "import REPORT.json...",
		Short:   "Load existing JSON reports into the history store",
		Long:    "import stores JSON reports written by privaudit audit -f json (a team's baseline files, a CI job's artifacts) in the history store, oldest first, so that history, --baseline last and serve see them. A report already stored (same site and start time) is skipped. Reports carry no policy text, so imported audits have no policy version.",
		Example: `  privaudit import reports/*.json --store privaudit.db`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError(errors.New("import takes one or more JSON report files"))
			}
			// Every file is read before anything is stored: a bad file
			// stores nothing.
			reps := make([]*report.Report, 0, len(args))
			for _, path := range args {
				r, err := report.Read(path)
				if err != nil {
					return usageError(err)
				}
				if r.Origin == "" && r.Target == "" {
					return usageError(fmt.Errorf("%s: the report names no site", path))
				}
				reps = append(reps, r)
			}
			sort.SliceStable(reps, func(i, j int) bool { return reps[i].StartedAt.Before(reps[j].StartedAt) })
			st, err := requireStore(cmd, dsn, configPath, false)
			if err != nil {
				return err
			}
			defer st.Close()
			stored, skipped := 0, 0
			for _, r := range reps {
				done, err := importReport(cmd.Context(), st, r)
				if err != nil {
					return usageError(err)
				}
				if done {
					stored++
				} else {
					skipped++
				}
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "privaudit: stored %d, skipped %d already in %s\n", stored, skipped, st.Redacted())
			return nil
		},
	}
	registerStoreFlags(cmd.Flags(), &dsn, &configPath)
	return cmd
}

// importReport stores r unless the store holds an audit of its site that
// started at the same time; it reports whether it stored it.
func importReport(ctx context.Context, st *store.Store, r *report.Report) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	site := store.SiteKey(siteOf(r))
	have, err := st.Has(ctx, site, r.StartedAt)
	if err != nil {
		return false, fmt.Errorf("history store: %w", err)
	}
	if have {
		return false, nil
	}
	if _, err := st.Save(ctx, r, nil); err != nil {
		return false, fmt.Errorf("history store: storing the report of %s (%s): %w", site, r.StartedAt.Format(time.RFC3339), err)
	}
	return true, nil
}

// siteOf is the site a report audits: its origin, else its target.
func siteOf(r *report.Report) string {
	if r.Origin != "" {
		return r.Origin
	}
	return r.Target
}

func newPolicyHistoryCommand() *cobra.Command {
	var dsn, configPath, format string
	var show int
	var noColor bool
	cmd := &cobra.Command{
		Use:   "policy-history SITE",
		Short: "List the versions of a site's privacy policy, or show one and its diff",
		Long:  "policy-history lists the versions of a site's privacy policy that the history store saw (audit --store), oldest first: when each was first and last seen, its hash, the date it states and the aspects it gained or lost. A version is a change of the normalised text: dates, nonces, session IDs, query strings, whitespace and markup are not changes. --show N prints version N and its diff to the version before.",
		Example: `  privaudit policy-history example.org --store privaudit.db
  privaudit policy-history example.org --store privaudit.db --show 3`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("policy-history takes one site (got %d arguments)", len(args)))
			}
			if err := checkHistoryFormat(format); err != nil {
				return err
			}
			st, ctx, done, err := readStore(cmd, dsn, configPath)
			if err != nil {
				return err
			}
			defer done()
			site := store.SiteKey(args[0])
			versions, err := st.PolicyVersions(ctx, site)
			if err != nil {
				return usageError(fmt.Errorf("history store: %w", err))
			}
			if len(versions) == 0 {
				return usageError(fmt.Errorf("the store %s has no policy version of %s (audit it with --store first)", st.Redacted(), site))
			}
			if cmd.Flags().Changed("show") {
				return showPolicyVersion(ctx, cmd, st, site, versions, show, format)
			}
			if format == "json" {
				return writeJSONValue(cmd.OutOrStdout(), struct {
					Site     string                `json:"site"`
					Versions []store.PolicyVersion `json:"versions"`
				}{site, versions})
			}
			rows := make([]report.PolicyVersionRow, len(versions))
			for i, v := range versions {
				rows[i] = report.PolicyVersionRow{N: i + 1, FirstSeen: v.FirstSeen, LastSeen: v.LastSeen, Audits: v.Audits, Hash: v.Hash,
					LastUpdated: v.LastUpdated, Words: v.Words, Gained: v.AspectsGained, Lost: v.AspectsLost}
			}
			o := terminal(cmd.OutOrStdout(), noColor)
			return report.TableRenderer{Width: o.Width, Color: o.Color}.RenderPolicyHistory(cmd.OutOrStdout(), site, rows)
		},
	}
	registerStoreFlags(cmd.Flags(), &dsn, &configPath)
	cmd.Flags().IntVar(&show, "show", 0, "print version N (1 is the oldest) and its diff to the version before")
	cmd.Flags().StringVarP(&format, "format", "f", historyFormats[0], "output format: "+strings.Join(historyFormats, ", "))
	cmd.Flags().BoolVar(&noColor, "no-color", false, "no colours (also when NO_COLOR is set)")
	return cmd
}

// showPolicyVersion prints version n of a site's policy and its diff to
// the version before.
func showPolicyVersion(ctx context.Context, cmd *cobra.Command, st *store.Store, site string, versions []store.PolicyVersion, n int, format string) error {
	if n < 1 || n > len(versions) {
		return usageError(fmt.Errorf("--show: %d is not a version of %s: give 1 to %d", n, site, len(versions)))
	}
	cur, err := st.PolicyText(ctx, versions[n-1].Hash)
	if err != nil {
		return usageError(fmt.Errorf("history store: reading version %d: %w", n, err))
	}
	var prev *policytext.Version
	if n > 1 {
		if prev, err = st.PolicyText(ctx, versions[n-2].Hash); err != nil {
			return usageError(fmt.Errorf("history store: reading version %d: %w", n-1, err))
		}
	}
	var edits []policytext.Edit
	if prev != nil {
		edits = policytext.Diff(prev, cur)
	}
	v := versions[n-1]
	if format == "json" {
		return writeJSONValue(cmd.OutOrStdout(), struct {
			Site    string              `json:"site"`
			N       int                 `json:"n"`
			Version store.PolicyVersion `json:"version"`
			Text    *policytext.Version `json:"text"`
			Diff    []policytext.Edit   `json:"diff"`
		}{site, n, v, cur, nonNil(edits)})
	}
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "Version %d of %d of the privacy policy of %s\n", n, len(versions), site)
	fmt.Fprintf(w, "  hash %s, first seen %s, last seen %s, %d audits\n", v.Hash, v.FirstSeen.UTC().Format("2006-01-02"), v.LastSeen.UTC().Format("2006-01-02"), v.Audits)
	fmt.Fprintf(w, "  %s, language %s, dated %s, %d words\n", textutil.OneLine(cur.URL, 0), orNone(cur.Language), orNone(cur.LastUpdated), cur.Words)
	if n > 1 {
		added, removed := policytext.Count(edits)
		fmt.Fprintf(w, "\nChanges since version %d (%s added, %d removed):\n", n-1, textutil.Plural(added, "sentence", "sentences"), removed)
		for _, e := range edits {
			mark := "+"
			if e.Op == policytext.Removed {
				mark = "-"
			}
			fmt.Fprintf(w, "%s %s\n", mark, textutil.OneLine(e.Text, 0))
		}
	}
	fmt.Fprintf(w, "\nText:\n")
	for _, s := range cur.Sentences {
		fmt.Fprintf(w, "  %s\n", textutil.OneLine(s, 0))
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writeJSONValue writes v as indented JSON.
func writeJSONValue(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing JSON: %w", err)
	}
	return nil
}
