package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/demo"
)

func newDemoCommand() *cobra.Command {
	f := auditFlags{demo: true}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Audit the built-in example site",
		Long:  "demo serves a small example site, built into privaudit, over HTTPS on 127.0.0.1 at a free port, audits it and prints the report. Some of its pages pass and some fail each check.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The demo reads a configuration file only when given one: a
			// project's .privaudit.yaml describes its own site.
			f.noConfig = f.configPath == ""
			if err := f.applyConfig(cmd); err != nil {
				return err
			}
			srv, err := demo.Start()
			if err != nil {
				return &ExitError{Code: ExitSite, Err: err}
			}
			defer srv.Close()
			if !f.quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "Serving the demo site at %s\n", srv.URL)
			}
			return runAudit(cmd, srv.URL, &f, func(o *audit.Options) {
				o.Crawl.Transport = srv.Transport
				o.Crawl.MaxPages = 100
			})
		},
	}
	// The demo shows the report; it gates only when asked (--fail-on).
	f.register(cmd, false, "none")
	cmd.Flags().Lookup("config").Usage = "configuration file for the report and gate keys (the demo reads none unless given one)"
	return cmd
}
