package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/report"
)

func newDiffCommand() *cobra.Command {
	var format string
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
			old, err := report.Read(args[0])
			if err != nil {
				return usageError(err)
			}
			cur, err := report.Read(args[1])
			if err != nil {
				return usageError(err)
			}
			d := report.Compare(old, cur)
			w := cmd.OutOrStdout()
			switch format {
			case "table":
				return d.WriteText(w)
			case "json":
				return d.WriteJSON(w)
			case "markdown":
				return d.WriteMarkdown(w)
			}
			return usageError(fmt.Errorf("unknown format %q (use table, json or markdown)", format))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "table, json or markdown")
	return cmd
}
