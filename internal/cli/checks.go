package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/checks"
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
		Use:   "explain CHECK-ID|ELEMENT-ID",
		Short: "Explain why a check matters and how to fix a failure, or what a legal element asks of a notice",
		Long:  "explain tells what a check verifies, why it matters and how to fix a failure; given the ID of a legal element (legal-basis, sale-opt-out...: `privaudit explain policy-gdpr` lists them), what a notice must state, which articles require it and how to supply it.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("explain takes one check ID (got %d)", len(args)))
			}
			for _, c := range audit.CheckList(nil) {
				if c.ID == args[0] {
					return report.WriteExplanation(cmd.OutOrStdout(), c)
				}
			}
			if e, ok := checks.LegalItem(args[0]); ok {
				return report.WriteElementExplanation(cmd.OutOrStdout(), e)
			}
			hint := "run `privaudit checks` for the list"
			if near := textutil.Closest(args[0], append(audit.CheckIDs(), checks.LegalItemIDs()...)); near != "" {
				lists := "`privaudit checks` lists them"
				if _, element := checks.LegalItem(near); element {
					lists = "`privaudit explain policy-gdpr` and `privaudit explain policy-ccpa` list the elements"
				}
				hint = fmt.Sprintf("did you mean %q? %s", near, lists)
			}
			return usageError(fmt.Errorf("unknown check or legal element %q (%s)", args[0], hint))
		},
	}
}
