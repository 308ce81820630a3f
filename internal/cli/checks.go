package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/report"
)

func newChecksCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "checks",
		Short: "List every check with its ID, weight, severity and what it verifies",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return report.WriteCheckList(cmd.OutOrStdout(), audit.CheckList(nil))
		},
	}
}

func newExplainCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "explain CHECK-ID",
		Short: "Explain why a check matters and how to fix a failure",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("explain takes one check ID (got %d)", len(args)))
			}
			for _, c := range audit.CheckList(nil) {
				if c.ID == args[0] {
					return report.WriteExplanation(cmd.OutOrStdout(), c)
				}
			}
			hint := "run `privaudit checks` for the list"
			if near := textutil.Closest(args[0], audit.CheckIDs()); near != "" {
				hint = fmt.Sprintf("did you mean %q? `privaudit checks` lists them", near)
			}
			return usageError(fmt.Errorf("unknown check %q (%s)", args[0], hint))
		},
	}
}
