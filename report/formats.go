package report

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/verdict"
)

// Renderer writes an audit report in one format.
type Renderer interface {
	Render(w io.Writer, r *Report) error
}

// DiffRenderer writes the comparison of two reports in one format.
type DiffRenderer interface {
	RenderDiff(w io.Writer, d *Diff) error
}

// PolicyRenderer writes the report of one policy in one format.
type PolicyRenderer interface {
	RenderPolicy(w io.Writer, r *PolicyReport) error
}

// RenderOptions are the settings of a format's renderers; the formats that
// have no use for one ignore it.
type RenderOptions struct {
	// ShowSuppressed lists the findings the ignore file suppressed (table).
	ShowSuppressed bool
	// Width is the width of the terminal in columns: every line of the
	// table format fits it, its tables wrapping their cells (0: no limit,
	// as for output to a file).
	Width int
	// Color writes the statuses of the table format in ANSI colours; set
	// it only for a terminal that wants them (not with --no-color or
	// NO_COLOR).
	Color bool
}

// Format is an output format: its name, the extension of its files, and
// its renderer of each kind of document it can write.
type Format struct {
	// Name is what --format takes.
	Name string
	// Extension is the file name extension of the format's output, with its
	// dot: what -o appends to its base name when several formats are
	// written.
	Extension string
	// Description says in a few words what the format is for.
	Description string
	// New returns the renderer of audit reports.
	New func(RenderOptions) Renderer
	// Diff renders the comparison of two reports (privaudit diff); nil when
	// the format does not.
	Diff DiffRenderer
	// Policy renders the report of one policy (privaudit policy); nil when
	// the format does not.
	Policy PolicyRenderer
}

// registry is the one list of output formats, in the order the help text
// shows them; the first is the default. Formats, the renderer lookups and
// Extension derive from it.
var registry = []Format{
	{
		Name: "table", Extension: ".txt", Description: "text tables for a terminal",
		New:  func(o RenderOptions) Renderer { return newTableRenderer(o) },
		Diff: TableRenderer{}, Policy: TableRenderer{},
	},
	{
		Name: "json", Extension: ".json", Description: "JSON, the report's public contract (privaudit schema)",
		New:  func(RenderOptions) Renderer { return JSONRenderer{} },
		Diff: JSONRenderer{}, Policy: JSONRenderer{},
	},
	{
		Name: "sarif", Extension: ".sarif", Description: "SARIF 2.1.0 for GitHub code scanning",
		New: func(RenderOptions) Renderer { return SARIFRenderer{} },
	},
	{
		Name: "junit", Extension: ".xml", Description: "JUnit XML for the test reports of CI servers",
		New: func(RenderOptions) Renderer { return JUnitRenderer{} },
	},
	{
		Name: "markdown", Extension: ".md", Description: "GitHub-flavoured Markdown for pull-request comments",
		New:  func(RenderOptions) Renderer { return MarkdownRenderer{} },
		Diff: MarkdownRenderer{},
	},
	{
		Name: "html", Extension: ".html", Description: "one self-contained HTML page",
		New: func(RenderOptions) Renderer { return HTMLRenderer{} },
	},
}

// Formats lists the formats of the audit report, in the order the help
// text shows them. The first is the default.
var Formats = formatNames(func(f Format) bool { return f.New != nil })

// DiffFormats lists the formats of the comparison of two reports; the
// first is the default.
var DiffFormats = formatNames(func(f Format) bool { return f.Diff != nil })

// PolicyFormats lists the formats of the report of one policy; the first
// is the default.
var PolicyFormats = formatNames(func(f Format) bool { return f.Policy != nil })

// AllFormats returns the output formats, in the order the help text shows
// them.
func AllFormats() []Format {
	return slices.Clone(registry)
}

// RendererFor returns the renderer of audit reports of a format (one of
// Formats, matched without regard to case), with its default settings.
func RendererFor(format string) (Renderer, error) {
	return newRenderer(format, RenderOptions{})
}

// DiffRendererFor returns the renderer of diffs of a format (one of
// DiffFormats, matched without regard to case).
func DiffRendererFor(format string) (DiffRenderer, error) {
	return lookup("diff", format, func(f Format) (DiffRenderer, bool) { return f.Diff, f.Diff != nil })
}

// PolicyRendererFor returns the renderer of policy reports of a format (one
// of PolicyFormats, matched without regard to case).
func PolicyRendererFor(format string) (PolicyRenderer, error) {
	return lookup("policy report", format, func(f Format) (PolicyRenderer, bool) { return f.Policy, f.Policy != nil })
}

// DiffRendererWith is DiffRendererFor with the settings o (the table
// format's Width and Color).
func DiffRendererWith(format string, o RenderOptions) (DiffRenderer, error) {
	rd, err := DiffRendererFor(format)
	if _, ok := rd.(TableRenderer); ok {
		return newTableRenderer(o), nil
	}
	return rd, err
}

// PolicyRendererWith is PolicyRendererFor with the settings o (the table
// format's Width and Color).
func PolicyRendererWith(format string, o RenderOptions) (PolicyRenderer, error) {
	rd, err := PolicyRendererFor(format)
	if _, ok := rd.(TableRenderer); ok {
		return newTableRenderer(o), nil
	}
	return rd, err
}

// newRenderer returns the renderer of audit reports of a format, with o.
func newRenderer(format string, o RenderOptions) (Renderer, error) {
	return lookup("report", format, func(f Format) (Renderer, bool) {
		if f.New == nil {
			return nil, false
		}
		return f.New(o), true
	})
}

// Extension returns the file name extension, with its dot, of a format's
// output: what -o appends to its base name when several formats are
// written. It returns "" for an unknown format.
func Extension(format string) string {
	if f, ok := formatNamed(format); ok {
		return f.Extension
	}
	return ""
}

// lookup returns the renderer that pick finds in the format named name,
// among the formats that have one for documents of kind doc; the error of
// an unknown name lists those formats.
func lookup[R any](doc, name string, pick func(Format) (R, bool)) (R, error) {
	var known []string
	for _, f := range registry {
		r, ok := pick(f)
		if !ok {
			continue
		}
		if f.Name == normalize(name) {
			return r, nil
		}
		known = append(known, f.Name)
	}
	var zero R
	return zero, fmt.Errorf("unknown %s format %q (want one of %s)", doc, name, strings.Join(known, ", "))
}

// formatNamed returns the format named name, matched without regard to
// case.
func formatNamed(name string) (Format, bool) {
	i := slices.IndexFunc(registry, func(f Format) bool { return f.Name == normalize(name) })
	if i < 0 {
		return Format{}, false
	}
	return registry[i], true
}

// formatNames lists the names of the formats that has accepts.
func formatNames(has func(Format) bool) []string {
	var names []string
	for _, f := range registry {
		if has(f) {
			names = append(names, f.Name)
		}
	}
	return names
}

// normalize is a format name as the registry spells it.
func normalize(name string) string {
	return strings.ToLower(strings.TrimSpace(name))
}

// flush writes what a renderer built in b to w; what names the output in
// the error.
func flush(w io.Writer, b *bytes.Buffer, what string) error {
	if _, err := b.WriteTo(w); err != nil {
		return fmt.Errorf("writing %s: %w", what, err)
	}
	return nil
}

// CheckMeta is what a report says of a check, whatever its outcome.
type CheckMeta struct {
	ID, Title, FailureTitle, Description, Why, Fix string
	Severity                                       verdict.Severity
}

// checkMeta returns the metadata of a check of the report: Name holds the
// passing title, Title the title of the outcome.
func checkMeta(c *CheckResult) CheckMeta {
	m := CheckMeta{ID: c.ID, Title: c.Name, FailureTitle: c.Title, Description: c.Description, Why: c.Why, Fix: c.Fix, Severity: c.Severity}
	if m.Title == "" {
		m.Title = c.Title
	}
	return m
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
		ri, rj := verdict.Severity(out[i].Severity).Rank(), verdict.Severity(out[j].Severity).Rank()
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

// shownStatus is the status every format shows for a check: its own,
// except that a judged check of weight 0 is informative, as the runner
// makes it since schema 1.1 (earlier reports, baselines among them, say
// pass, warn or fail).
func shownStatus(c *CheckResult) verdict.Status {
	if c.Weight == 0 && c.Status.Scored() {
		return verdict.Informative
	}
	return c.Status
}

// shownScore is the score every format shows for a check: nil (none) for
// a check that did not apply, could not run or is informative, even when a
// report of an earlier version gave it one.
func shownScore(c *CheckResult) *float64 {
	if !shownStatus(c).Scored() {
		return nil
	}
	return c.Score
}

// hasScore reports whether a check's score means something: checks that
// did not apply, could not run, or are shown without being scored
// (informative) have none.
func hasScore(c *CheckResult) bool {
	return shownScore(c) != nil
}

// percentOrDash shows a score (nil: none) as a percentage or "-".
func percentOrDash(s *float64) string {
	if s == nil {
		return "-"
	}
	return Percent(*s)
}

// scoreText shows a check's score as a percentage, or "-" when it has none.
func scoreText(c *CheckResult) string { return percentOrDash(shownScore(c)) }

// cookieExpiry describes when a cookie ends: with the session, after its
// Max-Age ("2 years"; Max-Age wins over Expires, as in browsers), or at its
// Expires date, given as a lifetime from now (the report's start) and the
// date: "1 year (2027-12-01)" (to the minute).
func cookieExpiry(c *CookieInfo, now time.Time) string {
	switch {
	case c.Session:
		return "session"
	case c.MaxAge > 0:
		return textutil.Duration(int64(c.MaxAge))
	case c.Expires != "":
		t, err := time.Parse(time.RFC3339, c.Expires)
		if err != nil {
			return c.Expires
		}
		if now.IsZero() || !t.After(now) {
			return t.UTC().Format(time.DateOnly)
		}
		return textutil.Duration(int64(t.Sub(now).Round(time.Minute).Seconds())) + " (" + t.UTC().Format(time.DateOnly) + ")"
	}
	return "session"
}

// statusCounts counts the checks by the status they are shown with.
func statusCounts(r *Report) map[verdict.Status]int {
	n := map[verdict.Status]int{}
	for i := range r.Checks {
		n[shownStatus(&r.Checks[i])]++
	}
	return n
}

// checkCounts says how many checks passed, failed, warned, did not apply,
// are informative and could not run: "3 passed, 2 failed, 1 warned, 1 not
// applicable, 1 informative, 0 errors".
func checkCounts(r *Report) string {
	n := statusCounts(r)
	return fmt.Sprintf("%d passed, %d failed, %d warned, %d not applicable, %d informative, %s",
		n[verdict.Pass], n[verdict.Fail], n[verdict.Warn], n[verdict.NotApplicable], n[verdict.Informative],
		textutil.Plural(n[verdict.Error], "error", "errors"))
}

// needsDisclosure reports whether the policy must name a third party: the
// pages make visitors contact it (they load it or send a form to it). A
// plain outbound link does not. Reports older than RequiresDisclosure
// only say whether the pages load the host.
func needsDisclosure(t *ThirdParty) bool {
	return t.RequiresDisclosure || t.Loads
}

// disclosureText says whether the policy names a third party, or that it
// need not ("not required": a plain outbound link).
func disclosureText(t *ThirdParty) string {
	if !needsDisclosure(t) {
		return "not required"
	}
	return yesNo(t.Disclosed)
}

// thirdPartiesByDisclosure returns the third parties, those that require
// disclosure first, each group in the report's order; it does not change
// the report.
func thirdPartiesByDisclosure(r *Report) (list []ThirdParty, required int) {
	list = slices.Clone(r.ThirdParties)
	sort.SliceStable(list, func(i, j int) bool {
		return needsDisclosure(&list[i]) && !needsDisclosure(&list[j])
	})
	for i := range list {
		if needsDisclosure(&list[i]) {
			required++
		}
	}
	return list, required
}

// Score bands colour the scores of checks in the HTML report: good from
// 90% (grade A), fair from 50% (grades B to E), poor under 50% (grade F).
const (
	goodScore = 0.90
	fairScore = 0.50
)

// scoreBand names the band of a check's score as it is shown (rounded down
// to a whole percentage, as Percent writes it): "good", "fair" or "poor".
func scoreBand(score float64) string {
	pct := math.Floor(score*100 + 1e-9)
	switch {
	case pct >= goodScore*100:
		return "good"
	case pct >= fairScore*100:
		return "fair"
	}
	return "poor"
}

// ScoreBand is scoreBand, for other packages that colour check scores as
// the HTML report does.
func ScoreBand(score float64) string { return scoreBand(score) }

// GradeBand names the colour band of a grade, as the HTML report colours
// the overall score: good (A, B), fair (C, D) or poor (E, F).
func GradeBand(grade string) string {
	switch grade {
	case "A", "B":
		return "good"
	case "C", "D":
		return "fair"
	}
	return "poor"
}

// Percent shows a 0-1 score as a whole percentage, rounded down so that a
// score short of full never reads "100%" (196 of 197 pages is 99%).
func Percent(score float64) string {
	return fmt.Sprintf("%d%%", int(math.Floor(score*100+1e-9)))
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
