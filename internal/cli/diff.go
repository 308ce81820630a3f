package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/report"
)

func newDiffCommand() *cobra.Command {
	var format string
	var anyOrigin bool
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "Show new, fixed and changed findings between two JSON reports",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError(fmt.Errorf("diff takes two JSON reports (got %d)", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			rd, err := report.DiffRendererWith(format, terminal(cmd.OutOrStdout(), false))
			if err != nil {
				return usageError(err)
			}
			old, err := report.Read(args[0])
			if err != nil {
				return usageError(err)
			}
			cur, err := report.Read(args[1])
			if err != nil {
				return usageError(err)
			}
			if !anyOrigin && !report.SameSite(old, cur) {
				return usageError(report.OriginMismatch(old.Origin, cur.Origin))
			}
			return rd.RenderDiff(cmd.OutOrStdout(), report.Compare(old, cur))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", report.DiffFormats[0], "output format: "+strings.Join(report.DiffFormats, ", "))
	cmd.Flags().BoolVar(&anyOrigin, "baseline-any-origin", false, "compare reports of two different sites (fingerprints are unique per origin)")
	return cmd
}
