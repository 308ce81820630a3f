package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/datadb"
)

func newUpdateDBCommand() *cobra.Command {
	var source, dir string
	cmd := &cobra.Command{
		Use:   "update-db [NAME...]",
		Short: "Download the published databases (Open Cookie Database, Consent-O-Matic rules) into the cache",
		Long:  updateDBHelp(),
		RunE: func(cmd *cobra.Command, names []string) error {
			ctx := cmd.Context()
			statuses, err := datadb.Update(ctx, nil, dir, names, source)
			if statuses == nil && err != nil {
				// Nothing was downloaded: a bad argument or cache directory.
				if errors.Is(err, datadb.ErrInvalidSource) {
					err = fmt.Errorf("--source: %w", err)
				} else if dir != "" && !errors.Is(err, datadb.ErrUnknownDatabase) {
					err = fmt.Errorf("--dir %s: %w", dir, err)
				}
				return usageError(err)
			}
			for _, st := range statuses {
				if _, werr := fmt.Fprintln(cmd.OutOrStdout(), st.String()); werr != nil {
					return fmt.Errorf("writing the status: %w", werr)
				}
			}
			switch {
			case err == nil:
				return nil
			case ctx.Err() != nil:
				return &ExitError{Code: ExitInterrupted, Err: fmt.Errorf("update-db interrupted: %w", ctx.Err())}
			}
			return &ExitError{Code: ExitSite, Err: fmt.Errorf("update-db: %w", err)}
		},
	}
	cmd.Flags().StringVar(&source, "source", "", "mirror base URL to download from instead of the published location (each file's path is appended)")
	cmd.Flags().StringVar(&dir, "dir", "", "directory to keep the databases in (default: $"+datadb.EnvCache+", else privaudit in the user's cache directory)")
	return cmd
}

// updateDBHelp lists the databases, their licences and where they are
// published.
func updateDBHelp() string {
	var b strings.Builder
	b.WriteString("update-db downloads the databases others publish, which privaudit does not ship, into its cache directory ($" +
		datadb.EnvCache + ", else privaudit in the user's cache directory): all of them, or those NAMEd. Each download is validated " +
		"before it replaces the cached copy; a failed one keeps the old copy. Audits read the cached copies, and reports name them.\n\n")
	for _, db := range datadb.Databases() {
		fmt.Fprintf(&b, "  %-22s %s (%s), from %s\n", db.Name, db.Title, db.License, db.URL())
	}
	b.WriteString("\nconsent-o-matic's file is the list of rule files the extension loads: each is downloaded and the rules merged into one file.")
	b.WriteString("\nWith --source, the files are read from a mirror at the same paths under its base URL. Exit 3 when a database could not be updated.")
	return b.String()
}
