package cli

import (
	"github.com/spf13/cobra"

	"github.com/privaudit/privaudit/version"
)

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "privaudit",
		Short:         "Audit a website for privacy compliance",
		Long:          "privaudit crawls a website and checks that every page links a privacy policy and contact information, that the policy covers what it must and explains the cookies and third parties the site uses, and that data travels over HTTPS. It reports a score from 0 to 100.",
		Version:       version.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(newAuditCommand(), newDemoCommand(), newPolicyCommand(), newChecksCommand(), newExplainCommand(), newDiffCommand(), newSchemaCommand())
	return root
}
