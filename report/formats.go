package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/checks"
)

// Formats lists the output formats, in the order the help text shows them.
// The first is the default.
var Formats = []string{"table", "json", "sarif", "junit", "markdown", "html"}

// RendererFor returns the renderer of a format (one of Formats, matched
// without regard to case), with its default settings.
func RendererFor(format string) (Renderer, error) {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "table":
		return TableRenderer{}, nil
	case "json":
		return JSONRenderer{}, nil
	case "sarif":
		return SARIFRenderer{}, nil
	case "junit":
		return JUnitRenderer{}, nil
	case "markdown":
		return MarkdownRenderer{}, nil
	case "html":
		return HTMLRenderer{}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// Extension returns the file name extension, with its dot, of a format's
// output: what -o appends to its base name when several formats are
// written. It returns "" for an unknown format.
func Extension(format string) string {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "table":
		return ".txt"
	case "json":
		return ".json"
	case "sarif":
		return ".sarif"
	case "junit":
		return ".xml"
	case "markdown":
		return ".md"
	case "html":
		return ".html"
	}
	return ""
}

// checkMeta returns the metadata of a check of the report: the registered
// check's when it exists (for Why, Fix and the passing title), otherwise
// what the report itself holds.
func checkMeta(c *CheckResult) checks.Meta {
	if c.Name != "" {
		// The report carries its own metadata (reports since 1.0 do).
		return checks.Meta{
			ID: c.ID, Title: c.Name, FailureTitle: c.Title, Description: c.Description,
			Why: c.Why, Fix: c.Fix, Severity: checks.Severity(c.Severity),
		}
	}
	if chk, ok := checks.ByID(c.ID); ok {
		return chk.Meta()
	}
	return checks.Meta{
		ID: c.ID, Title: c.Title, FailureTitle: c.Title,
		Description: c.Description, Severity: checks.Severity(c.Severity),
	}
}

// stableTitle is the name of a check that does not change with its status
// (CheckResult.Title switches to the failure title when the check fails):
// test reports and code-scanning rules must keep one name across runs.
func stableTitle(c *CheckResult) string {
	if t := checkMeta(c).Title; t != "" {
		return t
	}
	return c.Title
}

// sortedFindings returns the findings of a check, most severe first, then
// by URL and subject; it does not change the report.
func sortedFindings(c *CheckResult) []Finding {
	out := append([]Finding(nil), c.Findings...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := checks.Severity(out[i].Severity).Rank(), checks.Severity(out[j].Severity).Rank()
		if ri != rj {
			return ri > rj
		}
		if out[i].URL != out[j].URL {
			return out[i].URL < out[j].URL
		}
		return out[i].Subject < out[j].Subject
	})
	return out
}

// hasScore reports whether a check's score means something: checks that
// did not apply or could not run have none.
func hasScore(c *CheckResult) bool {
	return c.Status != string(checks.StatusNotApplicable) && c.Status != string(checks.StatusError)
}

// cookieExpiry describes when a cookie ends.
func cookieExpiry(c *CookieInfo) string {
	switch {
	case c.Session:
		return "session"
	case c.MaxAge > 0:
		return fmt.Sprintf("max-age %ds", c.MaxAge)
	case c.Expires != "":
		return c.Expires
	}
	return "session"
}

// statusCounts counts the checks by status.
func statusCounts(r *Report) map[string]int {
	n := map[string]int{}
	for _, c := range r.Checks {
		n[c.Status]++
	}
	return n
}

// plural writes a count with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Percent shows a 0-1 score as a whole percentage, rounded down so that a
// score short of full never reads "100%" (196 of 197 pages is 99%).
func Percent(score float64) string {
	return fmt.Sprintf("%d%%", int(math.Floor(score*100+1e-9)))
}
