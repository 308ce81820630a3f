package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/verdict"
)

// TableRenderer writes a document as text (tables, for the most part) for
// a terminal: the audit report, a diff or a policy report.
//
// The audit report is the header, the table of the checks, then what to
// fix: the findings that fail the gate, grouped by check, or, when none
// does, the first findings of each failing check; then the pages that fail
// most, the score and the gate's verdict.
type TableRenderer struct {
	// WorstPages is how many failing pages to list (default 10).
	WorstPages int
	// MaxFindings is how many findings to list per check (default 5); the
	// others are counted.
	MaxFindings int
	// ShowSuppressed lists the findings the ignore file suppressed.
	ShowSuppressed bool
	// Width is the width of the terminal in columns: no line is wider,
	// tables wrapping their cells and lines of text wrapping at spaces
	// (a word too long for its line is cut with a "↩" mark). 0: no limit
	// (output to a file); table cells still wrap at a sensible width.
	Width int
	// Color writes the statuses and the gate's verdict in ANSI colours.
	Color bool
}

var (
	_ Renderer       = TableRenderer{}
	_ DiffRenderer   = TableRenderer{}
	_ PolicyRenderer = TableRenderer{}
)

// newTableRenderer returns the table renderer with the settings o.
func newTableRenderer(o RenderOptions) TableRenderer {
	return TableRenderer{ShowSuppressed: o.ShowSuppressed, Width: o.Width, Color: o.Color}
}

// Render implements Renderer.
func (t TableRenderer) Render(w io.Writer, r *Report) error {
	var b bytes.Buffer
	t.para(&b, "", "  ", fmt.Sprintf("privaudit %s: %s", textutil.OneLine(r.Tool.Version, 0), textutil.OneLine(r.Target, 0)))
	t.para(&b, "", "  ", crawlLine(r))
	b.WriteByte('\n')
	if err := t.checksTable(&b, r); err != nil {
		return err
	}
	t.findingsToFix(&b, r)
	t.legalSection(&b, r)
	t.policyChangeSection(&b, r)
	if err := t.consentTable(&b, r); err != nil {
		return err
	}
	if err := t.worstPagesTable(&b, r); err != nil {
		return err
	}
	if t.ShowSuppressed {
		if err := t.suppressedTable(&b, r); err != nil {
			return err
		}
	}
	if bl := r.Baseline; bl != nil {
		b.WriteByte('\n')
		t.para(&b, "", "  ", fmt.Sprintf("Baseline %s: %d new, %d unchanged, %d fixed findings (score was %.1f)", textutil.OneLine(bl.Path, 0), bl.New, bl.Unchanged, bl.Fixed, bl.ScoreBefore))
	}
	if n := len(r.Suppressed); n > 0 && !t.ShowSuppressed {
		b.WriteByte('\n')
		t.para(&b, "", "  ", textutil.Plural(n, "finding", "findings")+" suppressed by the ignore file (--show-suppressed lists them)")
	}
	fmt.Fprintf(&b, "\nScore: %.1f/100  Grade: %s\n", r.Score, r.Grade)
	if g := r.Gate; g != nil {
		if g.Passed {
			t.para(&b, "Gate: "+t.paint(colorPass, "passed")+" (", "      ", gateThresholds(g)+")")
		} else {
			lines := t.wrap("Gate: FAILED ("+textutil.OneLine(strings.Join(g.Reasons, "; "), 0)+")", 0, 6)
			lines[0] = strings.Replace(lines[0], "FAILED", t.paint(colorFail, "FAILED"), 1)
			writeLines(&b, "", "      ", lines)
		}
	}
	return flush(w, &b, "report")
}

// gateThresholds says what the gate checked: "fail-on high, fail-under 80".
func gateThresholds(g *GateResult) string {
	s := "fail-on " + textutil.OneLine(g.FailOn, 0)
	if g.FailUnder != nil {
		s += fmt.Sprintf(", fail-under %g", *g.FailUnder)
	}
	return s
}

// crawlLine says what the crawl fetched: "Crawled 8 URLs (6 HTML pages,
// 1 error, 0 skipped, 1 truncated), INCOMPLETE".
func crawlLine(r *Report) string {
	c := r.Crawl
	facts := []string{textutil.Plural(c.HTMLPages, "HTML page", "HTML pages"), textutil.Plural(c.Errors, "error", "errors"), fmt.Sprintf("%d skipped", c.Skipped)}
	if c.Truncated > 0 {
		facts = append(facts, fmt.Sprintf("%d truncated at --max-body-size", c.Truncated))
	}
	line := fmt.Sprintf("Crawled %s (%s)", textutil.Plural(c.Pages, "URL", "URLs"), strings.Join(facts, ", "))
	if !r.Complete {
		line += ", INCOMPLETE"
	}
	return line
}

// checksTable writes one row per check. When the width is too narrow for
// the summaries to keep 40 columns (or their whole width), the Weight
// column goes: a check of weight 0 still shows as INFO.
func (t TableRenderer) checksTable(b *bytes.Buffer, r *Report) error {
	cols := []column{
		{head: "Check"},
		{head: "Status", paint: func(row int, s string) string { return t.paint(statusColor(shownStatus(&r.Checks[row])), s) }},
		{head: "Score"},
		{head: "Weight"},
		{head: "Summary", wrap: true, max: 90},
	}
	rows := make([][]string, 0, len(r.Checks))
	for i := range r.Checks {
		c := &r.Checks[i]
		rows = append(rows, []string{c.ID, statusLabel(shownStatus(c)), scoreText(c), fmt.Sprintf("%g", c.Weight), c.Summary})
	}
	if t.Width > 0 {
		widths := naturalWidths(cols, rows)
		room := t.Width - tableOverhead(len(cols)) - (widths[0] + widths[1] + widths[2] + widths[3])
		if room < min(widths[4], 40) {
			cols = slices.Delete(cols, 3, 4)
			for i := range rows {
				rows[i] = slices.Delete(rows[i], 3, 4)
			}
		}
	}
	return t.writeTable(b, cols, rows)
}

// fixGroup is a check and the findings of it to show.
type fixGroup struct {
	check    *CheckResult
	findings []Finding
}

// gatingFindings returns, by check, the findings that fail the gate, as
// EvaluateGate counts them from what the report holds: the gate failed,
// the finding is not suppressed (suppressed findings are not in the checks)
// nor unchanged since the baseline, its severity is at or above the gate's
// failOn, and its check has a weight (an informative check never gates).
// The report does not keep the checks' levels: a check at level warn in the
// configuration still shows here.
func gatingFindings(r *Report) []fixGroup {
	g := r.Gate
	if g == nil || g.Passed {
		return nil
	}
	threshold := verdict.Severity(g.FailOn).Rank()
	if threshold < 0 {
		return nil
	}
	var groups []fixGroup
	for i := range r.Checks {
		c := &r.Checks[i]
		if c.Weight == 0 {
			continue
		}
		var list []Finding
		for _, f := range sortedFindings(c) {
			if f.BaselineState != "unchanged" && f.Severity.Rank() >= threshold {
				list = append(list, f)
			}
		}
		if len(list) > 0 {
			groups = append(groups, fixGroup{check: c, findings: list})
		}
	}
	return groups
}

// failingFindings returns, by check, the findings of the checks that fail
// or warn, new ones (since a baseline) first.
func failingFindings(r *Report) []fixGroup {
	var groups []fixGroup
	for i := range r.Checks {
		c := &r.Checks[i]
		if !shownStatus(c).Failing() || len(c.Findings) == 0 {
			continue
		}
		list := sortedFindings(c)
		sort.SliceStable(list, func(i, j int) bool {
			return list[i].BaselineState == "new" && list[j].BaselineState != "new"
		})
		groups = append(groups, fixGroup{check: c, findings: list})
	}
	return groups
}

// findingsToFix writes, after the checks table, what to fix: the findings
// that fail the gate, grouped by check, or when none does (no gate, a gate
// that passed or failed on scores only) the findings of the failing checks.
// Each group lists MaxFindings findings, counts the others, and ends with
// the check's fix.
func (t TableRenderer) findingsToFix(b *bytes.Buffer, r *Report) {
	groups := gatingFindings(r)
	heading := ""
	if len(groups) > 0 {
		since := ""
		if r.Baseline != nil {
			since = ", new since the baseline"
		}
		heading = fmt.Sprintf("Findings that fail the gate (severity %s or worse%s)", r.Gate.FailOn, since)
	} else {
		groups = failingFindings(r)
		heading = "Findings of the failing checks"
	}
	if len(groups) == 0 {
		return
	}
	limit := t.MaxFindings
	if limit <= 0 {
		limit = 5
	}
	b.WriteByte('\n')
	t.para(b, "", "", heading)
	for _, g := range groups {
		c := g.check
		b.WriteByte('\n')
		t.para(b, "", "  ", textutil.OneLine(c.ID+": "+checkMeta(c).FailureTitle, 0))
		for i, f := range g.findings {
			if i == limit {
				t.para(b, "  ", "    ", fmt.Sprintf("and %d more (--format html or json lists them all)", len(g.findings)-i))
				break
			}
			where := "(the site)"
			if f.URL != "" {
				where = RelativeURL(r.Origin, f.URL)
			}
			t.para(b, "  - ", "    ", textutil.OneLine(fmt.Sprintf("[%s] %s: %s", f.Severity, where, f.Message), 0))
		}
		fix := "see `privaudit explain " + c.ID + "`"
		if m := checkMeta(c); m.Fix != "" {
			fix = m.Fix
		}
		t.para(b, "  Fix: ", "    ", textutil.OneLine(fix, 0))
	}
}

// legalSection writes, in a few lines, the laws applied with the signals
// behind them, those not applied and why, and for each law applied its
// check's summary and the elements missing.
func (t TableRenderer) legalSection(b *bytes.Buffer, r *Report) {
	v := newLegalView(r)
	if v == nil {
		return
	}
	b.WriteString("\nLegal elements (--regime " + textutil.OneLine(v.Requested, 60) + ")\n")
	for _, l := range v.Applied {
		t.para(b, "  ", "    ", textutil.OneLine(l.Name+" applies: "+strings.Join(l.Signals, "; "), 0))
	}
	for _, n := range v.NotApplied {
		t.para(b, "  ", "    ", "Not applied: "+textutil.OneLine(n, 0))
	}
	for _, l := range v.Applied {
		if l.Check == nil {
			continue
		}
		t.para(b, "  ", "    ", textutil.OneLine(fmt.Sprintf("%s (%s, %s): %s", l.Name, l.Check.ID, statusLabel(l.Status), l.Summary), 0))
		if len(l.Missing) > 0 {
			t.para(b, "    ", "      ", textutil.OneLine("Missing: "+missingText(l.Missing), 0))
		}
	}
}

// tablePolicyDiff is how many sentences of a policy's diff the table
// format lists.
const tablePolicyDiff = 3

// policyChangeSection writes, when the policy changed since the version a
// history store kept, a line of what changed (the sentences added and
// removed, the aspects gained and lost, the "last updated" dates), then
// the first sentences of the diff.
func (t TableRenderer) policyChangeSection(b *bytes.Buffer, r *Report) {
	pc := r.PolicyChange
	if pc == nil {
		return
	}
	facts := []string{fmt.Sprintf("+%d −%d sentences", pc.SentencesAdded, pc.SentencesRemoved)}
	if len(pc.AspectsGained) > 0 {
		facts = append(facts, "aspects gained: "+strings.Join(pc.AspectsGained, ", "))
	}
	if len(pc.AspectsLost) > 0 {
		facts = append(facts, "aspects lost: "+strings.Join(pc.AspectsLost, ", "))
	}
	facts = append(facts, "last updated "+lastUpdatedChange(pc))
	b.WriteByte('\n')
	t.para(b, "", "  ", textutil.OneLine(fmt.Sprintf("Policy changed since %s: %s", policyChangeSince(pc), strings.Join(facts, ", ")), 0))
	total := pc.SentencesAdded + pc.SentencesRemoved
	for i, d := range pc.Diff {
		if i == tablePolicyDiff {
			t.para(b, "  ", "    ", fmt.Sprintf("and %d more (--format markdown or json lists up to %d)", total-i, MaxPolicyDiff))
			break
		}
		t.para(b, "  "+diffMark(d.Op)+" ", "    ", textutil.OneLine(d.Text, 200))
	}
}

// policyChangeSince is the day of the version a policy change compares
// with.
func policyChangeSince(pc *PolicyChange) string { return day(pc.Previous.Date) }

// lastUpdatedChange says how the policy's "last updated" date changed:
// "2025-03-03 → 2026-02-01", "2025-03-03 (unchanged)", "none stated".
func lastUpdatedChange(pc *PolicyChange) string {
	before, after := pc.LastUpdatedBefore, pc.LastUpdatedAfter
	switch {
	case before == after && after == "":
		return "none stated"
	case before == after:
		return after + " (unchanged)"
	}
	return orNoDate(before) + " → " + orNoDate(after)
}

// orNoDate is a "last updated" date, or "none" when the policy states none.
func orNoDate(date string) string {
	if date == "" {
		return "none"
	}
	return date
}

// diffMark is the mark of a sentence of a policy diff: "+" added, "−"
// removed.
func diffMark(op string) string {
	if op == "removed" {
		return "−"
	}
	return "+"
}

// worstPagesTable writes the pages with the most findings, if any.
func (t TableRenderer) worstPagesTable(b *bytes.Buffer, r *Report) error {
	n := t.WorstPages
	if n <= 0 {
		n = 10
	}
	worst := r.WorstPages(n)
	if len(worst) == 0 {
		return nil
	}
	b.WriteString("\nPages that fail most\n")
	var rows [][]string
	for _, p := range worst {
		contact := "no"
		if len(p.Contact.Emails)+len(p.Contact.Phones)+len(p.Contact.Addresses) > 0 || p.Contact.ContactPage != "" {
			contact = "yes"
		}
		rows = append(rows, []string{RelativeURL(r.Origin, p.URL), fmt.Sprint(p.Failures), yesNo(p.PrivacyPolicyLinked), contact})
	}
	return t.writeTable(b, []column{{head: "Page", wrap: true, max: 80}, {head: "Findings"}, {head: "Privacy link", wrap: true}, {head: "Contact"}}, rows)
}

// consentTable writes what a browser saw, in browser mode: the banner and,
// per consent phase, what the site stored and sent and the decision it
// recorded.
func (t TableRenderer) consentTable(b *bytes.Buffer, r *Report) error {
	if r.Browser == nil {
		return nil
	}
	b.WriteString("\nIn a browser\n")
	t.para(b, "", "  ", browserLine(r))
	var rows [][]string
	for _, p := range phaseRows(r.Consent) {
		rows = append(rows, []string{p.Name, fmt.Sprint(p.Cookies), fmt.Sprint(p.NonEssentialCookies), fmt.Sprint(p.StorageKeys), fmt.Sprint(p.Trackers), p.ChoiceText})
	}
	if len(rows) == 0 {
		return nil
	}
	return t.writeTable(b, []column{{head: "Phase"}, {head: "Cookies"}, {head: "Non-essential", wrap: true}, {head: "Storage", wrap: true},
		{head: "Trackers", wrap: true}, {head: "Recorded choice", wrap: true}}, rows)
}

// suppressedTable writes the findings the ignore file suppressed, if any.
func (t TableRenderer) suppressedTable(b *bytes.Buffer, r *Report) error {
	if len(r.Suppressed) == 0 {
		return nil
	}
	b.WriteString("\nSuppressed findings\n")
	var rows [][]string
	for _, s := range r.Suppressed {
		rows = append(rows, []string{s.CheckID, RelativeURL(r.Origin, s.URL), s.Message, s.Reason, s.Expires})
	}
	return t.writeTable(b, []column{
		{head: "Check"},
		{head: "URL", wrap: true, max: 60},
		{head: "Finding", wrap: true, max: 60},
		{head: "Reason", wrap: true, max: 50},
		{head: "Expires"},
	}, rows)
}

// RenderDiff implements DiffRenderer: the scores, the checks that changed,
// and the new, fixed and changed findings, one a line (wrapped to the
// width).
func (t TableRenderer) RenderDiff(w io.Writer, d *Diff) error {
	var b bytes.Buffer
	t.para(&b, "", "  ", fmt.Sprintf("Score: %.1f (%s) -> %.1f (%s), %+.1f", d.Before.Score, d.Before.Grade, d.After.Score, d.After.Grade, d.ScoreDelta))
	t.para(&b, "", "  ", fmt.Sprintf("Findings: %d new, %d fixed, %d changed", len(d.New), len(d.Fixed), len(d.Changed)))
	if len(d.Checks) > 0 {
		b.WriteString("\nChecks\n")
		for _, c := range d.Checks {
			t.para(&b, "  ", "    ", fmt.Sprintf("%-26s %s %s -> %s %s", c.ID, orNone(string(c.StatusBefore)), percentOrDash(c.ScoreBefore), c.StatusAfter, percentOrDash(c.ScoreAfter)))
		}
	}
	t.diffFindings(&b, "New findings", "+", d.New)
	t.diffFindings(&b, "Fixed findings", "-", d.Fixed)
	if len(d.Changed) > 0 {
		b.WriteString("\nChanged findings\n")
		for _, c := range d.Changed {
			t.para(&b, "  ~ ", "      ", fmt.Sprintf("%s %s: [%s] %s -> [%s] %s", c.After.CheckID, textutil.OneLine(c.After.URL, 100), c.Before.Severity, textutil.OneLine(c.Before.Message, 80), c.After.Severity, textutil.OneLine(c.After.Message, 80)))
		}
	}
	return flush(w, &b, "diff")
}

// diffFindings writes a titled list of findings, each line starting with
// mark; nothing when the list is empty.
func (t TableRenderer) diffFindings(b *bytes.Buffer, title, mark string, list []Finding) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s\n", title)
	for _, f := range list {
		t.para(b, "  "+mark+" ", "      ", fmt.Sprintf("[%s] %s %s: %s", f.Severity, f.CheckID, textutil.OneLine(f.URL, 100), textutil.OneLine(f.Message, 120)))
	}
}

// RenderPolicy implements PolicyRenderer: one row per aspect with its
// confidence, the first evidence sentence and its heading, then the names
// and contradictions, then one row per legal element likewise, with the
// provisions that require it, and the laws the policy names.
func (t TableRenderer) RenderPolicy(w io.Writer, r *PolicyReport) error {
	var b bytes.Buffer
	t.para(&b, "", "  ", "Policy: "+textutil.OneLine(r.Source, 200))
	t.para(&b, "", "  ", fmt.Sprintf("Language: %s  Last updated: %s  Words: %d", orDash(r.Language), orDash(r.LastUpdated), r.Words))
	b.WriteByte('\n')
	var rows [][]string
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
		rows = append(rows, []string{id, mark, conf, ev})
	}
	// Confidence is in the verdict, covered or not: "no, 1.00" is a sure no.
	cols := []column{{head: "Aspect"}, {head: "Covered"}, {head: "Verdict confidence"}, {head: "Evidence (under heading)", wrap: true, max: 88}}
	if err := t.writeTable(&b, cols, rows); err != nil {
		return err
	}
	fmt.Fprintf(&b, "\n%d of %d aspects covered\n", covered, len(policy.AspectIDs))
	for _, w := range r.Warnings {
		t.para(&b, "", "  ", "Warning: "+textutil.OneLine(w, 300))
	}
	if len(r.Names.Cookies) > 0 {
		t.para(&b, "", "  ", "Cookies named: "+textutil.OneLine(strings.Join(r.Names.Cookies, ", "), 300))
	}
	if len(r.Names.Companies) > 0 {
		t.para(&b, "", "  ", "Companies named: "+textutil.OneLine(strings.Join(r.Names.Companies, ", "), 300))
	}
	for _, c := range r.Contradictions {
		t.para(&b, "", "  ", fmt.Sprintf("Contradiction (%s): %q, yet %s", c.Claim, textutil.OneLine(c.Sentence, 160), textutil.OneLine(c.Observed, 160)))
	}
	if err := t.policyLegalTable(&b, r); err != nil {
		return err
	}
	return flush(w, &b, "policy report")
}

// policyLegalTable writes one row per legal element with its articles,
// verdict and first evidence sentence, then the laws the policy names.
func (t TableRenderer) policyLegalTable(b *bytes.Buffer, r *PolicyReport) error {
	b.WriteString("\nLegal elements (GDPR Art. 13/14, CCPA)\n")
	var rows [][]string
	covered := 0
	for _, id := range policy.LegalElements {
		l, ok := r.Legal[id]
		mark, conf, ev := "no", "-", ""
		if l.Covered {
			mark = "yes"
			covered++
		}
		if ok && l.Confidence > 0 {
			conf = fmt.Sprintf("%.2f", l.Confidence)
		}
		if len(l.Evidence) > 0 {
			ev = textutil.OneLine(l.Evidence[0], 160)
			if l.Heading != "" {
				ev += " (" + textutil.OneLine(l.Heading, 60) + ")"
			}
		}
		article := l.Article
		if e, known := policy.LegalElement(id); article == "" && known {
			article = strings.Join(e.Articles, ", ")
		}
		rows = append(rows, []string{id, article, mark, conf, ev})
	}
	cols := []column{{head: "Element"}, {head: "Required by", wrap: true, max: 30}, {head: "Covered"}, {head: "Verdict confidence", wrap: true},
		{head: "Evidence (under heading)", wrap: true, max: 80}}
	if t.Width > 0 {
		// Too narrow for the evidence to keep 40 columns: the articles go
		// (privaudit explain ELEMENT gives them).
		widths := naturalWidths(cols, rows)
		room := t.Width - tableOverhead(len(cols)) - (widths[0] + min(widths[1], minWrapWidth) + widths[2] + min(widths[3], minWrapWidth))
		if room < min(widths[4], 40) {
			cols = slices.Delete(cols, 1, 2)
			for i := range rows {
				rows[i] = slices.Delete(rows[i], 1, 2)
			}
		}
	}
	if err := t.writeTable(b, cols, rows); err != nil {
		return err
	}
	fmt.Fprintf(b, "\n%d of %d legal elements covered\n", covered, len(policy.LegalElements))
	for _, m := range r.Laws {
		t.para(b, "", "  ", fmt.Sprintf("Names the %s: %q", policy.LawName(m.Law), textutil.OneLine(m.Sentence, 160)))
	}
	return nil
}

// column is a column of a table of the table format.
type column struct {
	head string
	// wrap lets the column narrow to fit the width, its cells wrapping at
	// spaces; other columns keep the width of their widest cell while the
	// wrapping ones can narrow.
	wrap bool
	// max is the widest a wrapping column grows when the width has no
	// limit (0: its widest cell).
	max int
	// paint colours a line of the cell of a row (nil: none).
	paint func(row int, line string) string
}

// minWrapWidth is the narrowest a wrapping column is made before the other
// columns narrow too (unless its widest cell is narrower).
const minWrapWidth = 10

// tableOverhead is the width the borders and padding of a table of n
// columns take: "│ " before each cell, " " after it, and the last "│".
func tableOverhead(n int) int { return 3*n + 1 }

// naturalWidths is the width of the widest cell, header included, of each
// column.
func naturalWidths(cols []column, rows [][]string) []int {
	widths := make([]int, len(cols))
	for i, c := range cols {
		widths[i] = displayWidth(c.head)
		for _, row := range rows {
			widths[i] = max(widths[i], displayWidth(textutil.OneLine(row[i], 0)))
		}
	}
	return widths
}

// columnWidths lays the columns out in width (0: no limit). Without a
// limit every column takes its widest cell, a wrapping column at most its
// max. Within a limit, the widest wrapping column narrows first, column by
// column, down to minWrapWidth; if that is not enough, the widest of all
// the columns does, down to 2.
func columnWidths(cols []column, rows [][]string, width int) []int {
	widths := naturalWidths(cols, rows)
	floors := make([]int, len(cols))
	for i, c := range cols {
		floors[i] = widths[i]
		if c.wrap {
			floors[i] = min(widths[i], minWrapWidth)
			if width <= 0 && c.max > 0 {
				widths[i] = min(widths[i], c.max)
			}
		}
	}
	if width <= 0 {
		return widths
	}
	widest := func(above []int) int {
		best := -1
		for i, w := range widths {
			if w > above[i] && (best < 0 || w > widths[best]) {
				best = i
			}
		}
		return best
	}
	twos := slices.Repeat([]int{2}, len(cols))
	for excess := sumInts(widths) + tableOverhead(len(cols)) - width; excess > 0; excess-- {
		i := widest(floors)
		if i < 0 {
			i = widest(twos)
		}
		if i < 0 {
			break
		}
		widths[i]--
	}
	return widths
}

// writeTable writes a table laid out to the renderer's width, its cells
// (made one line first: the site controls many of them) wrapped to their
// column. The layout is done here rather than by tablewriter so that it is
// exact: every line of the table is at most Width wide.
func (t TableRenderer) writeTable(b *bytes.Buffer, cols []column, rows [][]string) error {
	widths := columnWidths(cols, rows, t.Width)
	cell := func(s string, col int) string {
		return strings.Join(wrapText(textutil.OneLine(s, 0), widths[col], widths[col]), "\n")
	}
	tbl := tablewriter.NewTable(b,
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoFormat(tw.Off),
	)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = cell(c.head, i)
	}
	tbl.Header(head)
	for r, row := range rows {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = cell(row[i], i)
			if c.paint != nil {
				lines := strings.Split(out[i], "\n")
				for j, l := range lines {
					lines[j] = c.paint(r, l)
				}
				out[i] = strings.Join(lines, "\n")
			}
		}
		if err := tbl.Append(out); err != nil {
			return fmt.Errorf("writing table: %w", err)
		}
	}
	if err := tbl.Render(); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

// wrapMark ends a piece of a word cut to fit its line.
const wrapMark = "↩"

// para writes a line of text wrapped to the renderer's width, its first
// line after the indent first and the others after rest. The caller makes
// what the site controls one line (textutil.OneLine) first.
func (t TableRenderer) para(b *bytes.Buffer, first, rest, text string) {
	writeLines(b, first, rest, t.wrap(text, displayWidth(first), displayWidth(rest)))
}

// wrap wraps a line of text to the renderer's width, the first line to be
// written after an indent of first columns and the others after rest.
// Without a width it is one line.
func (t TableRenderer) wrap(text string, first, rest int) []string {
	if t.Width <= 0 {
		return []string{text}
	}
	return wrapText(text, t.Width-first, t.Width-rest)
}

// writeLines writes lines, the first after the indent first and the others
// after rest.
func writeLines(b *bytes.Buffer, first, rest string, lines []string) {
	for i, l := range lines {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(rest)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// wrapText breaks a line of text into lines at spaces, the first at most
// first columns wide and the others at most rest (each at least 2). The
// spaces between words on a line are kept (they may align columns); those
// at a break go. A word wider than its line is cut, each piece but the
// last ending with wrapMark, preferably after a "/", "-", "_", "." or
// other separator in its second half.
func wrapText(text string, first, rest int) []string {
	var lines []string
	var line strings.Builder
	lineW := 0
	limit := func() int {
		if len(lines) == 0 {
			return max(first, 2)
		}
		return max(rest, 2)
	}
	next := func() {
		lines = append(lines, line.String())
		line.Reset()
		lineW = 0
	}
	for _, tok := range splitWords(text) {
		word, ww, sw := tok.word, displayWidth(tok.word), displayWidth(tok.space)
		switch {
		case lineW > 0 && lineW+sw+ww <= limit():
			line.WriteString(tok.space + word)
			lineW += sw + ww
			continue
		case lineW > 0:
			next()
		case len(lines) == 0 && sw+ww <= limit():
			// The text's own indent, kept when its first word fits after it.
			line.WriteString(tok.space)
			lineW = sw
		}
		for lineW+ww > limit() {
			head, tail := cutWord(word, limit()-lineW-displayWidth(wrapMark))
			line.WriteString(head + wrapMark)
			next()
			word, ww = tail, displayWidth(tail)
		}
		line.WriteString(word)
		lineW += ww
	}
	if lineW > 0 || len(lines) == 0 {
		next()
	}
	return lines
}

// spacedWord is a word and the spaces before it.
type spacedWord struct{ space, word string }

// splitWords splits text at runs of spaces, keeping them.
func splitWords(text string) []spacedWord {
	var out []spacedWord
	for text != "" {
		word := strings.TrimLeft(text, " ")
		space := text[:len(text)-len(word)]
		end := strings.IndexByte(word, ' ')
		if end < 0 {
			end = len(word)
		}
		if end == 0 {
			break // only spaces were left
		}
		out = append(out, spacedWord{space, word[:end]})
		text = word[end:]
	}
	return out
}

// wordBreaks are the characters after which a word is best cut.
const wordBreaks = "/-_.?&=,;:"

// cutWord cuts the head of a word at most width columns wide (at least one
// character), after the last separator in its second half if there is one.
func cutWord(word string, width int) (head, tail string) {
	used, end, brk := 0, 0, 0
	for i, r := range word {
		rw := displayWidth(string(r))
		if used+rw > width && end > 0 {
			break
		}
		used += rw
		end = i + utf8.RuneLen(r)
		if strings.ContainsRune(wordBreaks, r) && 2*used >= width {
			brk = end
		}
	}
	if brk > 0 {
		end = brk
	}
	return word[:end], word[end:]
}

// displayWidth is the number of terminal columns s takes (ANSI escape
// sequences take none).
func displayWidth(s string) int { return twwidth.Width(s) }

func sumInts(list []int) int {
	n := 0
	for _, v := range list {
		n += v
	}
	return n
}

// ANSI colours (SGR parameters) of the table format.
const (
	colorPass  = "32"   // green
	colorWarn  = "33"   // yellow
	colorFail  = "1;31" // bold red
	colorInfo  = "36"   // cyan
	colorNA    = "90"   // grey
	colorError = "35"   // magenta
)

// statusColor is the colour of a status.
func statusColor(s verdict.Status) string {
	switch s {
	case verdict.Pass:
		return colorPass
	case verdict.Warn:
		return colorWarn
	case verdict.Fail:
		return colorFail
	case verdict.Informative:
		return colorInfo
	case verdict.NotApplicable:
		return colorNA
	case verdict.Error:
		return colorError
	}
	return ""
}

// statusLabel is how the table names a status: PASS, WARN, FAIL, INFO,
// N/A, ERROR.
func statusLabel(s verdict.Status) string {
	switch s {
	case verdict.NotApplicable:
		return "N/A"
	case verdict.Informative:
		return "INFO"
	}
	return strings.ToUpper(string(s))
}

// paint wraps s in the ANSI colour code when the renderer writes colours.
func (t TableRenderer) paint(code, s string) string {
	if !t.Color || code == "" || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// orNone names the status of a check the earlier report did not have.
func orNone(s string) string {
	if s == "" {
		return "(new)"
	}
	return s
}
