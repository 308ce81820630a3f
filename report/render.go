package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Renderer writes a report in one format.
type Renderer interface {
	Render(w io.Writer, r *Report) error
}

// JSONRenderer writes the report as indented JSON.
type JSONRenderer struct{}

var _ Renderer = JSONRenderer{}

// Render implements Renderer.
func (JSONRenderer) Render(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}

// TableRenderer writes the report as text tables for a terminal.
type TableRenderer struct {
	// WorstPages is how many failing pages to list (default 10).
	WorstPages int
	// ShowSuppressed lists the findings the ignore file suppressed.
	ShowSuppressed bool
}

var _ Renderer = TableRenderer{}

// Render implements Renderer.
func (t TableRenderer) Render(w io.Writer, r *Report) error {
	n := t.WorstPages
	if n <= 0 {
		n = 10
	}
	fmt.Fprintf(w, "privaudit %s: %s\n", r.Tool.Version, r.Target)
	fmt.Fprintf(w, "Crawled %d URLs (%d errors, %d skipped)%s\n\n", r.Crawl.Pages, r.Crawl.Errors, r.Crawl.Skipped, map[bool]string{true: "", false: ", INCOMPLETE"}[r.Complete])

	tbl := newTable(w)
	tbl.Header("Check", "Status", "Score", "Weight", "Summary")
	for _, c := range r.Checks {
		score := Percent(c.Score)
		if c.Status == "not-applicable" || c.Status == "error" {
			score = "-"
		}
		status := strings.ToUpper(c.Status)
		if c.Status == "not-applicable" {
			status = "N/A"
		}
		if err := tbl.Append(c.ID, status, score, fmt.Sprintf("%g", c.Weight), oneLine(c.Summary, 90)); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}

	if worst := r.WorstPages(n); len(worst) > 0 {
		fmt.Fprintln(w, "\nPages that fail most")
		tbl = newTable(w)
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
		if err := tbl.Render(); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	if t.ShowSuppressed && len(r.Suppressed) > 0 {
		fmt.Fprintln(w, "\nSuppressed findings")
		tbl = newTable(w)
		tbl.Header("Check", "URL", "Finding", "Reason", "Expires")
		for _, s := range r.Suppressed {
			if err := tbl.Append(s.CheckID, oneLine(RelativeURL(r.Origin, s.URL), 60), oneLine(s.Message, 60), oneLine(s.Reason, 50), s.Expires); err != nil {
				return fmt.Errorf("writing table: %w", err)
			}
		}
		if err := tbl.Render(); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	if b := r.Baseline; b != nil {
		fmt.Fprintf(w, "\nBaseline %s: %d new, %d unchanged, %d fixed findings (score was %.1f)\n", b.Path, b.New, b.Unchanged, b.Fixed, b.ScoreBefore)
	}
	if n := len(r.Suppressed); n > 0 && !t.ShowSuppressed {
		fmt.Fprintf(w, "\n%d findings suppressed by the ignore file (--show-suppressed lists them)\n", n)
	}
	fmt.Fprintf(w, "\nScore: %.1f/100  Grade: %s\n", r.Score, r.Grade)
	if g := r.Gate; g != nil && !g.Passed {
		fmt.Fprintf(w, "Gate: FAILED (%s)\n", strings.Join(g.Reasons, "; "))
	}
	return nil
}

func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowMaxWidth(100),
	)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// oneLine collapses white space (a site controls many strings: no line
// breaks or control characters reach the terminal) and cuts to max runes.
func oneLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}
