package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/verdict"
)

// TableRenderer writes a document as text (tables, for the most part) for
// a terminal: the audit report, a diff or a policy report.
type TableRenderer struct {
	// WorstPages is how many failing pages to list (default 10).
	WorstPages int
	// ShowSuppressed lists the findings the ignore file suppressed.
	ShowSuppressed bool
}

var (
	_ Renderer       = TableRenderer{}
	_ DiffRenderer   = TableRenderer{}
	_ PolicyRenderer = TableRenderer{}
)

// Render implements Renderer.
func (t TableRenderer) Render(w io.Writer, r *Report) error {
	n := t.WorstPages
	if n <= 0 {
		n = 10
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "privaudit %s: %s\n", r.Tool.Version, r.Target)
	fmt.Fprintf(&b, "Crawled %d URLs (%d errors, %d skipped)%s\n\n", r.Crawl.Pages, r.Crawl.Errors, r.Crawl.Skipped, map[bool]string{true: "", false: ", INCOMPLETE"}[r.Complete])
	if err := checksTable(&b, r); err != nil {
		return err
	}
	if err := worstPagesTable(&b, r, n); err != nil {
		return err
	}
	if t.ShowSuppressed {
		if err := suppressedTable(&b, r); err != nil {
			return err
		}
	}
	if bl := r.Baseline; bl != nil {
		fmt.Fprintf(&b, "\nBaseline %s: %d new, %d unchanged, %d fixed findings (score was %.1f)\n", bl.Path, bl.New, bl.Unchanged, bl.Fixed, bl.ScoreBefore)
	}
	if n := len(r.Suppressed); n > 0 && !t.ShowSuppressed {
		fmt.Fprintf(&b, "\n%d findings suppressed by the ignore file (--show-suppressed lists them)\n", n)
	}
	fmt.Fprintf(&b, "\nScore: %.1f/100  Grade: %s\n", r.Score, r.Grade)
	if g := r.Gate; g != nil && !g.Passed {
		fmt.Fprintf(&b, "Gate: FAILED (%s)\n", strings.Join(g.Reasons, "; "))
	}
	return flush(w, &b, "report")
}

// checksTable writes one row per check.
func checksTable(w io.Writer, r *Report) error {
	tbl := newTable(w)
	tbl.Header("Check", "Status", "Score", "Weight", "Summary")
	for _, c := range r.Checks {
		score := scoreText(&c)
		status := strings.ToUpper(string(c.Status))
		switch c.Status {
		case verdict.NotApplicable:
			status = "N/A"
		case verdict.Informative:
			status = "INFO"
		}
		if err := tbl.Append(c.ID, status, score, fmt.Sprintf("%g", c.Weight), textutil.OneLine(c.Summary, 90)); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	return renderTable(tbl)
}

// worstPagesTable writes the n pages with the most findings, if any.
func worstPagesTable(w io.Writer, r *Report, n int) error {
	worst := r.WorstPages(n)
	if len(worst) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nPages that fail most")
	tbl := newTable(w)
	tbl.Header("Page", "Findings", "Privacy link", "Contact")
	for _, p := range worst {
		contact := "no"
		if len(p.Contact.Emails)+len(p.Contact.Phones)+len(p.Contact.Addresses) > 0 || p.Contact.ContactPage != "" {
			contact = "yes"
		}
		if err := tbl.Append(RelativeURL(r.Origin, p.URL), fmt.Sprint(p.Failures), yesNo(p.PrivacyPolicyLinked), contact); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	return renderTable(tbl)
}

// suppressedTable writes the findings the ignore file suppressed, if any.
func suppressedTable(w io.Writer, r *Report) error {
	if len(r.Suppressed) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nSuppressed findings")
	tbl := newTable(w)
	tbl.Header("Check", "URL", "Finding", "Reason", "Expires")
	for _, s := range r.Suppressed {
		if err := tbl.Append(s.CheckID, textutil.OneLine(RelativeURL(r.Origin, s.URL), 60), textutil.OneLine(s.Message, 60), textutil.OneLine(s.Reason, 50), s.Expires); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	return renderTable(tbl)
}

// RenderDiff implements DiffRenderer: the scores, the checks that changed,
// and the new, fixed and changed findings, one a line.
func (TableRenderer) RenderDiff(w io.Writer, d *Diff) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Score: %.1f (%s) -> %.1f (%s), %+.1f\n", d.Before.Score, d.Before.Grade, d.After.Score, d.After.Grade, d.ScoreDelta)
	fmt.Fprintf(&b, "Findings: %d new, %d fixed, %d changed\n", len(d.New), len(d.Fixed), len(d.Changed))
	if len(d.Checks) > 0 {
		fmt.Fprintln(&b, "\nChecks")
		for _, c := range d.Checks {
			fmt.Fprintf(&b, "  %-26s %s %s -> %s %s\n", c.ID, orNone(string(c.StatusBefore)), percentOrDash(c.ScoreBefore), c.StatusAfter, percentOrDash(c.ScoreAfter))
		}
	}
	diffFindings(&b, "New findings", "+", d.New)
	diffFindings(&b, "Fixed findings", "-", d.Fixed)
	if len(d.Changed) > 0 {
		fmt.Fprintln(&b, "\nChanged findings")
		for _, c := range d.Changed {
			fmt.Fprintf(&b, "  ~ %s %s: [%s] %s -> [%s] %s\n", c.After.CheckID, textutil.OneLine(c.After.URL, 100), c.Before.Severity, textutil.OneLine(c.Before.Message, 80), c.After.Severity, textutil.OneLine(c.After.Message, 80))
		}
	}
	return flush(w, &b, "diff")
}

// diffFindings writes a titled list of findings, each line starting with
// mark; nothing when the list is empty.
func diffFindings(w io.Writer, title, mark string, list []Finding) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", title)
	for _, f := range list {
		fmt.Fprintf(w, "  %s [%s] %s %s: %s\n", mark, f.Severity, f.CheckID, textutil.OneLine(f.URL, 100), textutil.OneLine(f.Message, 120))
	}
}

// RenderPolicy implements PolicyRenderer: one row per aspect with its
// confidence, the first evidence sentence and its heading, then the names
// and contradictions.
func (TableRenderer) RenderPolicy(w io.Writer, r *PolicyReport) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Policy: %s\nLanguage: %s  Last updated: %s  Words: %d\n\n", textutil.OneLine(r.Source, 200), orDash(r.Language), orDash(r.LastUpdated), r.Words)
	tbl := newTable(&b)
	tbl.Header("Aspect", "Covered", "Confidence", "Evidence (under heading)")
	covered := 0
	for _, id := range policy.AspectIDs {
		asp := r.Aspects[id]
		mark, conf, ev := "no", "-", ""
		if asp.Covered {
			mark = "yes"
			covered++
		}
		if asp.Confidence > 0 {
			conf = fmt.Sprintf("%.2f", asp.Confidence)
		}
		if len(asp.Evidence) > 0 {
			ev = textutil.OneLine(asp.Evidence[0], 160)
			if asp.Heading != "" {
				ev += " (" + textutil.OneLine(asp.Heading, 60) + ")"
			}
		}
		if err := tbl.Append(id, mark, conf, ev); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	if err := renderTable(tbl); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\n%d of %d aspects covered\n", covered, len(policy.AspectIDs))
	if len(r.Names.Cookies) > 0 {
		fmt.Fprintf(&b, "Cookies named: %s\n", textutil.OneLine(strings.Join(r.Names.Cookies, ", "), 300))
	}
	if len(r.Names.Companies) > 0 {
		fmt.Fprintf(&b, "Companies named: %s\n", textutil.OneLine(strings.Join(r.Names.Companies, ", "), 300))
	}
	for _, c := range r.Contradictions {
		fmt.Fprintf(&b, "Contradiction (%s): %q, yet %s\n", c.Claim, textutil.OneLine(c.Sentence, 160), textutil.OneLine(c.Observed, 160))
	}
	return flush(w, &b, "policy report")
}

func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowMaxWidth(100),
	)
}

// renderTable writes a table to the writer it was made with.
func renderTable(tbl *tablewriter.Table) error {
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

// orNone names the status of a check the earlier report did not have.
func orNone(s string) string {
	if s == "" {
		return "(new)"
	}
	return s
}
