package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/report"
)

func newPolicyCommand() *cobra.Command {
	var format string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "policy FILE|URL",
		Short: "Analyse one privacy policy document",
		Long:  "policy reads a privacy policy (HTML, Markdown or plain text, from a file or a URL) and reports, for each aspect a policy should cover, whether it does and the sentences that show it, with the policy's language and last-updated date.",
		Example: `  privaudit policy privacy.html
  privaudit policy https://example.org/privacy --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError(fmt.Errorf("policy takes one file or URL (got %d)", len(args)))
			}
			rd, err := report.PolicyRendererWith(format, terminal(cmd.OutOrStdout(), false))
			if err != nil {
				return usageError(err)
			}
			// A file the user gave is bad input (2); a URL's content is the
			// site's (3).
			a, err := audit.AnalyzePolicy(cmd.Context(), args[0], timeout)
			switch {
			case errors.Is(err, audit.ErrSiteUnavailable):
				return &ExitError{Code: ExitSite, Err: err}
			case err != nil:
				return usageError(err)
			}
			return rd.RenderPolicy(cmd.OutOrStdout(), report.NewPolicyReport(args[0], a))
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", report.PolicyFormats[0], "output format: "+strings.Join(report.PolicyFormats, ", "))
	cmd.Flags().DurationVar(&timeout, "timeout", 20*time.Second, "timeout of the request when the policy is a URL")
	return cmd
}
