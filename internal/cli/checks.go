package main

import (
	"fmt"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/scoring"
)

func newChecksCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "checks",
		Short: "List every check with its ID, weight, severity and what it verifies",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			tbl := tablewriter.NewTable(cmd.OutOrStdout(), tablewriter.WithRowAutoWrap(tw.WrapNormal), tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowMaxWidth(80))
			tbl.Header("ID", "Weight", "Severity", "Verifies")
			for _, c := range checks.All() {
				m := c.Meta()
				if err := tbl.Append(m.ID, fmt.Sprintf("%g", scoring.DefaultWeights[m.ID]), string(m.Severity), m.Description); err != nil {
					return err
				}
			}
			if err := tbl.Render(); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "\n`privaudit explain ID` tells why a check matters and how to fix a failure.")
			return nil
		},
	}
}

func newExplainCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "explain CHECK-ID",
		Short: "Explain why a check matters and how to fix a failure",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("explain takes one check ID (got %d)", len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, ok := checks.ByID(args[0])
			if !ok {
				return usageError(fmt.Errorf("unknown check %q (run `privaudit checks` for the list)", args[0]))
			}
			m := c.Meta()
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "%s: %s\n%s\n\n", m.ID, m.Title, strings.Repeat("=", len(m.ID)+len(m.Title)+2))
			fmt.Fprintf(w, "Weight %g, severity %s.\n\n", scoring.DefaultWeights[m.ID], m.Severity)
			fmt.Fprintf(w, "What it verifies\n  %s\n\nWhy it matters\n  %s\n\nHow to fix it\n  %s\n", m.Description, m.Why, m.Fix)
			return nil
		},
	}
}
