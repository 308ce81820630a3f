package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// CheckInfo describes a check for `privaudit checks` and `explain`.
type CheckInfo struct {
	CheckMeta
	Weight float64
	// Modes are the modes the check runs in (static, browser).
	Modes []string
}

// WriteCheckList writes the checks as a table: ID, weight, severity and
// what each verifies. It builds the output in memory and returns the
// error of the one write to w (tablewriter does not report write errors).
func WriteCheckList(w io.Writer, list []CheckInfo) error {
	var b bytes.Buffer
	tbl := tablewriter.NewTable(&b, tablewriter.WithRowAutoWrap(tw.WrapNormal), tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowMaxWidth(80))
	tbl.Header("ID", "Weight", "Severity", "Verifies")
	for _, c := range list {
		if err := tbl.Append(c.ID, fmt.Sprintf("%g", c.Weight), string(c.Severity), c.Description); err != nil {
			return fmt.Errorf("writing check list: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("writing check list: %w", err)
	}
	b.WriteString("\n`privaudit explain ID` tells why a check matters and how to fix a failure.\n")
	return flush(w, &b, "check list")
}

// WriteExplanation writes what a check verifies, why it matters and how to
// fix a failure.
func WriteExplanation(w io.Writer, c CheckInfo) error {
	head := c.ID + ": " + c.Title
	_, err := fmt.Fprintf(w, "%s\n%s\n\nWeight %g, severity %s; runs in %s mode.\n\nWhat it verifies\n  %s\n\nWhy it matters\n  %s\n\nHow to fix it\n  %s\n",
		head, strings.Repeat("=", len(head)), c.Weight, c.Severity, strings.Join(c.Modes, " and "), c.Description, c.Why, c.Fix)
	if err != nil {
		return fmt.Errorf("writing the explanation of %s: %w", c.ID, err)
	}
	return nil
}
