package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/privaudit/privaudit/policy"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// CheckInfo describes a check for `privaudit checks` and `explain`.
type CheckInfo struct {
	CheckMeta
	Weight float64
	// Modes are the modes the check runs in (static, browser).
	Modes []string
	// Elements are what a notice must state, for a check that judges a
	// list of them (the legal checks), with the articles of its law.
	Elements []policy.ElementInfo
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
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\nWeight %g, severity %s; runs in %s mode.\n\nWhat it verifies\n  %s\n\nWhy it matters\n  %s\n\nHow to fix it\n  %s\n",
		head, strings.Repeat("=", len(head)), c.Weight, c.Severity, strings.Join(c.Modes, " and "), c.Description, c.Why, c.Fix)
	if len(c.Elements) > 0 {
		b.WriteString("\nWhat the notice must state\n")
		for _, e := range c.Elements {
			fmt.Fprintf(&b, "  %-24s %s (%s)\n", e.ID, e.Title, strings.Join(e.Articles, ", "))
		}
		b.WriteString("\n`privaudit explain ELEMENT` tells how to supply one.\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the explanation of %s: %w", c.ID, err)
	}
	return nil
}

// WriteElementExplanation writes what a legal element asks of a notice,
// the provisions that require it, and how to supply it.
func WriteElementExplanation(w io.Writer, e policy.ElementInfo) error {
	head := e.ID + ": " + e.Title
	laws := make([]string, len(e.Laws))
	for i, l := range e.Laws {
		laws[i] = strings.ToUpper(l)
	}
	_, err := fmt.Fprintf(w, "%s\n%s\n\nA statement a privacy notice must make under the %s (the policy-%s check%s).\n\nRequired by\n  %s\n\nHow to fix its absence\n  %s\n",
		head, strings.Repeat("=", len([]rune(head))), strings.Join(laws, " and the "), strings.Join(e.Laws, " and policy-"), plural(len(e.Laws)),
		strings.Join(e.Articles, ", "), e.Fix)
	if err != nil {
		return fmt.Errorf("writing the explanation of %s: %w", e.ID, err)
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
