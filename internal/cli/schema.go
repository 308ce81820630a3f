package cli

import (
	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/config"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/report"
)

func newSchemaCommand() *cobra.Command {
	var configSchema bool
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the JSON report (or, with --config, of .privaudit.yaml)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			gen := report.JSONSchema
			if configSchema {
				gen = func() ([]byte, error) {
					return config.JSONSchema(config.Known{Formats: report.Formats, Regimes: evidence.RegimeValues})
				}
			}
			b, err := gen()
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(b)
			return err
		},
	}
	cmd.Flags().BoolVar(&configSchema, "config", false, "print the schema of the configuration file instead")
	return cmd
}
