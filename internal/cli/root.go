package cli

import (
	"fmt"
	"regexp"
	"strings"

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
	// -v is --verbose in every subcommand: the version has no shorthand.
	root.Flags().Bool("version", false, "print privaudit's version")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(flagError(err)) })
	root.AddCommand(newAuditCommand(), newDemoCommand(), newPolicyCommand(), newChecksCommand(), newExplainCommand(), newDiffCommand(), newSchemaCommand(), newUpdateDBCommand(), newBatchCommand(), newMergeCommand(), newHistoryCommand(), newImportCommand(), newPolicyHistoryCommand(), newServeCommand())
	return root
}

// flagValue matches pflag's message for a value it cannot parse.
var flagValue = regexp.MustCompile(`^invalid argument "(.*)" for "(.*?)" flag: (.*)$`)

// flagError says what a flag's value should have been, in place of Go's
// parser message (`strconv.ParseFloat: parsing "abc": invalid syntax`).
func flagError(err error) error {
	m := flagValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	value, flag, cause := m[1], m[2], m[3]
	if i := strings.LastIndex(flag, "--"); i >= 0 {
		flag = flag[i:] // "-f, --format" names the long form
	}
	want := "is not valid"
	switch {
	case strings.Contains(cause, "value out of range"):
		want = "is too large"
	case strings.Contains(cause, "ParseFloat"):
		want = "is not a number"
	case strings.Contains(cause, "ParseInt"), strings.Contains(cause, "ParseUint"):
		want = "is not a whole number"
	case strings.Contains(cause, "ParseBool"):
		want = "is not true or false"
	case strings.Contains(cause, "time: "):
		want = "is not a duration (write e.g. 30s, 10m or 1h)"
	}
	return fmt.Errorf("%s: %q %s", flag, value, want)
}
