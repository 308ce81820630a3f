package report

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/privaudit/privaudit/verdict"
)

// ansiEscape matches the colour sequences the table writes.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// renderTable renders r with the table renderer t.
func renderTable(t *testing.T, tr TableRenderer, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := tr.Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// lineWidths fails the test for each line of out wider than width, counted
// in runes once the colour sequences are taken out (every character the
// table writes takes one column).
func checkWidth(t *testing.T, name, out string, width int) {
	t.Helper()
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if n := utf8.RuneCountInString(ansiEscape.ReplaceAllString(line, "")); n > width {
			t.Errorf("%s, width %d: line %d is %d wide: %q", name, width, i+1, n, line)
		}
	}
}

// tableColumn returns the text of column col of the first table in out
// whose header row names header, one entry per row: the lines of a wrapped
// cell joined by a space, or by nothing after a cut word's "↩".
func tableColumn(t *testing.T, out, header string, col int) []string {
	t.Helper()
	var cells []string
	inTable, inBody := false, false
	for _, line := range strings.Split(ansiEscape.ReplaceAllString(out, ""), "\n") {
		switch {
		case !inTable && strings.HasPrefix(line, "│") && strings.Contains(line, " "+header+" "):
			inTable = true
		case inTable && strings.HasPrefix(line, "├"):
			inBody = true
		case inBody && strings.HasPrefix(line, "└"):
			return cells
		case inBody && strings.HasPrefix(line, "│"):
			parts := strings.Split(line, "│")
			first := strings.TrimSpace(parts[1])
			cell := strings.TrimSpace(parts[col+1])
			if first != "" || len(cells) == 0 {
				cells = append(cells, cell)
				continue
			}
			last := &cells[len(cells)-1]
			switch {
			case cell == "":
			case strings.HasSuffix(*last, wrapMark):
				*last = strings.TrimSuffix(*last, wrapMark) + cell
			default:
				*last += " " + cell
			}
		}
	}
	t.Fatalf("no table headed %q in:\n%s", header, out)
	return nil
}

// caveat is a summary whose end is the part a reader must not miss; the
// table used to cut summaries at 90 characters.
const caveat = "2 of 4 cookies carry every expected flag; missing Secure on 1, HttpOnly on 1, SameSite on 1 (each flag missing costs part of that cookie's score)"

// TestTableFitsWidth renders the fixture at 80 and 120 columns (the report,
// with its suppressed findings, the diff and the policy report): no line
// is wider, each table's lines are all as wide, and every summary reads
// whole once its wrapped lines are joined, the caveat at the end of a long
// one included (also without a width, where a summary wraps at 90
// columns).
func TestTableFitsWidth(t *testing.T) {
	r := fixtureReport()
	r.Checks[1].Summary = caveat
	for _, width := range []int{0, 80, 120} {
		for _, color := range []bool{false, true} {
			tr := TableRenderer{Width: width, Color: color, ShowSuppressed: true}
			out := renderTable(t, tr, r)
			name := fmt.Sprintf("report (color %v)", color)
			if width > 0 {
				checkWidth(t, name, out, width)
			}
			checkTableEdges(t, name, out)
			summaries := tableColumn(t, out, "Summary", len(tableHeader(t, out, "Summary"))-1)
			if len(summaries) != len(r.Checks) {
				t.Fatalf("width %d: %d rows in the checks table, want %d", width, len(summaries), len(r.Checks))
			}
			for i, c := range r.Checks {
				if summaries[i] != c.Summary {
					t.Errorf("width %d: summary of %s reads %q, want %q", width, c.ID, summaries[i], c.Summary)
				}
			}
		}
		if width == 0 {
			continue
		}
		var b bytes.Buffer
		if err := (TableRenderer{Width: width}).RenderDiff(&b, fixtureDiff()); err != nil {
			t.Fatal(err)
		}
		checkWidth(t, "diff", b.String(), width)
		b.Reset()
		if err := (TableRenderer{Width: width}).RenderPolicy(&b, fixturePolicy()); err != nil {
			t.Fatal(err)
		}
		checkWidth(t, "policy report", b.String(), width)
		checkTableEdges(t, "policy report", b.String())
	}
	// At 80 columns the Weight column goes; at 120 it stays.
	if h := tableHeader(t, renderTable(t, TableRenderer{Width: 80}, r), "Summary"); strings.Join(h, ",") != "Check,Status,Score,Summary" {
		t.Errorf("80 columns: header %q", h)
	}
	if h := tableHeader(t, renderTable(t, TableRenderer{Width: 120}, r), "Summary"); strings.Join(h, ",") != "Check,Status,Score,Weight,Summary" {
		t.Errorf("120 columns: header %q", h)
	}
}

// tableHeader returns the names of the columns of the table whose header
// names header.
func tableHeader(t *testing.T, out, header string) []string {
	t.Helper()
	for _, line := range strings.Split(ansiEscape.ReplaceAllString(out, ""), "\n") {
		if strings.HasPrefix(line, "│") && strings.Contains(line, " "+header+" ") {
			var names []string
			for _, p := range strings.Split(strings.Trim(line, "│"), "│") {
				names = append(names, strings.TrimSpace(p))
			}
			return names
		}
	}
	t.Fatalf("no header %q", header)
	return nil
}

// checkTableEdges fails the test when the lines of a table are not all as
// wide (a colour sequence counted as text would shift a border).
func checkTableEdges(t *testing.T, name, out string) {
	t.Helper()
	width := -1
	for _, line := range strings.Split(ansiEscape.ReplaceAllString(out, ""), "\n") {
		if !strings.HasPrefix(line, "┌") && !strings.HasPrefix(line, "│") && !strings.HasPrefix(line, "├") && !strings.HasPrefix(line, "└") {
			width = -1
			continue
		}
		n := utf8.RuneCountInString(line)
		if width >= 0 && n != width {
			t.Errorf("%s: table line %q is %d wide, the line above %d", name, line, n, width)
		}
		width = n
	}
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		text        string
		first, rest int
		want        []string
	}{
		{"", 10, 10, []string{""}},
		{"one two three four", 9, 9, []string{"one two", "three", "four"}},
		{"one two three", 100, 100, []string{"one two three"}},
		{"  indented text", 10, 10, []string{"  indented", "text"}},
		{"  indented text", 9, 9, []string{"indented", "text"}},
		{"a  b", 10, 10, []string{"a  b"}},
		// A word longer than the line is cut with a mark, after a
		// separator in its second half when there is one.
		{"/landing/spring-sale.html", 12, 12, []string{"/landing/↩", "spring-↩", "sale.html"}},
		{"abcdefghijklmnopq", 6, 6, []string{"abcde↩", "fghij↩", "klmno↩", "pq"}},
		{"xx abcdefghij", 6, 4, []string{"xx", "abc↩", "def↩", "ghij"}},
	}
	for _, tt := range tests {
		got := wrapText(tt.text, tt.first, tt.rest)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrapText(%q, %d, %d) = %q, want %q", tt.text, tt.first, tt.rest, got, tt.want)
		}
		for i, l := range got {
			limit := tt.rest
			if i == 0 {
				limit = tt.first
			}
			if displayWidth(l) > limit {
				t.Errorf("wrapText(%q): line %q is wider than %d", tt.text, l, limit)
			}
		}
	}
}

// TestTableColor: colours only when asked, on the statuses and the gate.
func TestTableColor(t *testing.T) {
	r := fixtureReport()
	plain := renderTable(t, TableRenderer{Width: 100}, r)
	if strings.Contains(plain, "\x1b") {
		t.Errorf("escape sequences without Color:\n%q", plain)
	}
	colored := renderTable(t, TableRenderer{Width: 100, Color: true}, r)
	for _, want := range []string{
		"\x1b[1;31mFAIL\x1b[0m", "\x1b[33mWARN\x1b[0m", "\x1b[32mPASS\x1b[0m", "\x1b[90mN/A\x1b[0m",
		"\x1b[36mINFO\x1b[0m", "\x1b[35mERROR\x1b[0m", "Gate: \x1b[1;31mFAILED\x1b[0m",
	} {
		if !strings.Contains(colored, want) {
			t.Errorf("Color: no %q in\n%s", want, colored)
		}
	}
	// The colours are all there is to the difference.
	if got := ansiEscape.ReplaceAllString(colored, ""); got != plain {
		t.Errorf("without its colours the coloured table differs:\n%s\nwant\n%s", got, plain)
	}
	r.Gate = &GateResult{Passed: true, FailOn: "high", Reasons: []string{}}
	if out := renderTable(t, TableRenderer{Color: true}, r); !strings.Contains(out, "Gate: \x1b[32mpassed\x1b[0m (fail-on high)\n") {
		t.Errorf("no green gate verdict:\n%s", out)
	}
	r.Gate.FailUnder = score(50)
	if out := renderTable(t, TableRenderer{}, r); !strings.HasSuffix(out, "\nGate: passed (fail-on high, fail-under 50)\n") {
		t.Errorf("the gate's verdict does not name its thresholds:\n%s", out)
	}
}

// section returns the lines of out from the line that starts with title to
// the next blank line followed by a line that is not indented and not a
// check's heading: the findings section.
func findingsSection(out string) string {
	start := strings.Index(out, "\nFindings ")
	if start < 0 {
		return ""
	}
	rest := out[start+1:]
	end := len(rest)
	for _, stop := range []string{"\nPages that fail most", "\nSuppressed findings", "\nBaseline ", "\nScore: "} {
		if i := strings.Index(rest, stop); i >= 0 && i < end {
			end = i
		}
	}
	return rest[:end]
}

// TestTableGatingFindings: after the checks table, the findings that fail
// the gate, by check, with relative URLs and the check's fix; not those
// unchanged since the baseline, under the gate's severity, suppressed or
// of an informative check.
func TestTableGatingFindings(t *testing.T) {
	r := fixtureReport()
	// An informative check never gates, whatever its findings' severity.
	r.Checks[4].Findings[0].Severity = verdict.Critical
	out := renderTable(t, TableRenderer{}, r)
	sec := findingsSection(out)
	if !strings.HasPrefix(sec, "Findings that fail the gate (severity high or worse, new since the baseline)\n") {
		t.Fatalf("no section of the gating findings after the checks table:\n%s", out)
	}
	if strings.Index(out, "Findings that fail") < strings.Index(out, "│ Check") {
		t.Error("the findings come before the checks table")
	}
	for _, want := range []string{
		"\nprivacy-policy-link: Pages without a link to the privacy policy\n",
		"  - [high] /search?q=\"><script>alert(1)</script>: page has no link to a privacy policy\n",
		"  Fix: " + r.Checks[0].Fix + "\n",
		"\ncookie-security: Cookies without security flags\n",
		"  - [high] /: cookie " + hostile + " is set over HTTPS without Secure\n",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("the gating findings lack %q:\n%s", want, sec)
		}
	}
	for _, not := range []string{
		"/about",            // unchanged since the baseline
		"no SameSite",       // medium, under the gate's high
		"custom-check",      // low
		"trust-seal",        // informative
		"/landing",          // suppressed
		"https://shop.test", // URLs are relative to the origin
	} {
		if strings.Contains(sec, not) {
			t.Errorf("the gating findings show %q:\n%s", not, sec)
		}
	}
	if !strings.HasSuffix(out, "Gate: FAILED (score 61.5 is under 70; privacy-policy-link: 2 high findings "+hostile+")\n") {
		t.Errorf("the gate's verdict does not end the table:\n%s", out)
	}
}

// TestTableFindingsCap: MaxFindings findings per check, the others counted;
// a check without a fix text points at privaudit explain.
func TestTableFindingsCap(t *testing.T) {
	r := fixtureReport()
	c := &r.Checks[6] // custom-check: no metadata, no fix
	c.Findings = nil
	for i := range 8 {
		c.Findings = append(c.Findings, Finding{CheckID: c.ID, URL: fmt.Sprintf("%s/p%d", r.Origin, i), Message: "broken", Severity: verdict.High})
	}
	out := renderTable(t, TableRenderer{MaxFindings: 3}, r)
	sec := findingsSection(out)
	if n := strings.Count(sec, "] /p"); n != 3 {
		t.Errorf("%d findings of custom-check listed, want 3:\n%s", n, sec)
	}
	if !strings.Contains(sec, "  - [high] /p0: broken\n") || strings.Contains(sec, "/p3") {
		t.Errorf("want the first three findings by URL:\n%s", sec)
	}
	if !strings.Contains(sec, "  and 5 more (--format html or json lists them all)\n") {
		t.Errorf("no count of the findings left out:\n%s", sec)
	}
	if !strings.Contains(sec, "  Fix: see `privaudit explain custom-check`\n") {
		t.Errorf("no pointer to privaudit explain for a check without a fix:\n%s", sec)
	}
	// The default is 5.
	if sec := findingsSection(renderTable(t, TableRenderer{}, r)); !strings.Contains(sec, "/p4: broken") || strings.Contains(sec, "/p5") || !strings.Contains(sec, "and 3 more") {
		t.Errorf("default cap: want 5 findings and 3 more:\n%s", sec)
	}
}

// TestTableFailingFindings: without a gate, or with one that no finding
// fails, the findings of the failing checks show, and the verdict too.
func TestTableFailingFindings(t *testing.T) {
	for _, gate := range []*GateResult{
		nil,
		{Passed: true, FailOn: "high", Reasons: []string{}},
		{Passed: false, FailOn: "none", Reasons: []string{"score 61.5 is under 70"}},
	} {
		r := fixtureReport()
		r.Gate = gate
		out := renderTable(t, TableRenderer{}, r)
		sec := findingsSection(out)
		if !strings.HasPrefix(sec, "Findings of the failing checks\n") {
			t.Fatalf("gate %+v: no findings of the failing checks:\n%s", gate, out)
		}
		// Failing and warning checks, new findings first; no informative,
		// passing or erroring check.
		for _, want := range []string{"privacy-policy-link:", "cookie-security:", "custom-check:", "no SameSite", "[low] (the site): a finding without a URL"} {
			if !strings.Contains(sec, want) {
				t.Errorf("gate %+v: no %q in\n%s", gate, want, sec)
			}
		}
		if strings.Contains(sec, "trust-seal") || strings.Contains(sec, "https:") {
			t.Errorf("gate %+v: a check that does not fail shows:\n%s", gate, sec)
		}
		if i, j := strings.Index(sec, "/search?q="), strings.Index(sec, "/about"); i < 0 || j < 0 || i > j {
			t.Errorf("gate %+v: the new finding does not come first:\n%s", gate, sec)
		}
		switch {
		case gate == nil && strings.Contains(out, "Gate:"):
			t.Errorf("a gate verdict without a gate:\n%s", out)
		case gate != nil && gate.Passed && !strings.HasSuffix(out, "\nGate: passed (fail-on high)\n"):
			t.Errorf("no \"Gate: passed (fail-on high)\":\n%s", out)
		}
	}
	// Nothing fails: no section.
	r := fixtureReport()
	r.Checks = r.Checks[2:3]
	if out := renderTable(t, TableRenderer{}, r); strings.Contains(out, "\nFindings") {
		t.Errorf("a findings section when nothing fails:\n%s", out)
	}
}

// TestTableHeaderAndStatuses: counts with their plurals, the HTML pages
// and truncated pages in the header; informative, not applicable and
// erroring checks without a score, even from an older report that gave
// them one.
func TestTableHeaderAndStatuses(t *testing.T) {
	r := fixtureReport()
	out := renderTable(t, TableRenderer{}, r)
	if !strings.Contains(out, "\nCrawled 4 URLs (3 HTML pages, 1 error, 2 skipped, 1 truncated at --max-body-size), INCOMPLETE\n") {
		t.Errorf("crawl line:\n%s", out)
	}
	r.Crawl = CrawlStats{Pages: 1, HTMLPages: 1, Errors: 2}
	r.Complete = true
	if out := renderTable(t, TableRenderer{}, r); !strings.Contains(out, "\nCrawled 1 URL (1 HTML page, 2 errors, 0 skipped)\n") {
		t.Errorf("crawl line of one URL:\n%s", out)
	}
	if !strings.Contains(out, "\n1 finding suppressed by the ignore file (--show-suppressed lists them)\n") {
		t.Errorf("suppressed note:\n%s", out)
	}

	r = fixtureReport()
	// A report of schema 1.0: scores for checks that have none, and a
	// judged status for a check of weight 0.
	r.Checks[3].Score = score(1)
	r.Checks[4].Status, r.Checks[4].Score = verdict.Warn, score(0)
	r.Checks[5].Score = score(0)
	rows := map[string]string{}
	for _, line := range strings.Split(renderTable(t, TableRenderer{}, r), "\n") {
		if f := strings.Split(line, "│"); len(f) > 4 {
			rows[strings.TrimSpace(f[1])] = strings.TrimSpace(f[2]) + " " + strings.TrimSpace(f[3])
		}
	}
	for id, want := range map[string]string{
		"consent-checkboxes": "N/A -", "trust-seal": "INFO -", "cookies-explained": "ERROR -",
		"privacy-policy-link": "FAIL 50%", "https": "PASS 100%",
	} {
		if rows[id] != want {
			t.Errorf("%s: status and score %q, want %q", id, rows[id], want)
		}
	}
}

// TestTableHostileStrings: what the site controls reaches the terminal as
// one line of text, without escape sequences or line breaks.
func TestTableHostileStrings(t *testing.T) {
	r := fixtureReport()
	r.Checks[0].Findings[0].Message = "bad\x1b[2J\nmessage"
	r.Checks[0].Summary = "sum\x1b]0;title\x07mary"
	for _, width := range []int{0, 80} {
		out := renderTable(t, TableRenderer{Width: width}, r)
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("width %d: an escape sequence from the site reaches the terminal", width)
		}
		if !strings.Contains(out, "bad [2J message") {
			t.Errorf("width %d: the message is not one line:\n%s", width, out)
		}
	}
}

// In browser mode the table says what the browser saw: the banner and each
// phase's counts and recorded choice.
func TestTableBrowser(t *testing.T) {
	var buf bytes.Buffer
	if err := (TableRenderer{Width: 80}).Render(&buf, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"In a browser", "2 pages rendered; consent banner: OneTrust, reject on its first layer", "│ reject │", "(OptanonConsent)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	r := fixtureReport()
	r.Browser, r.Consent = nil, nil
	buf.Reset()
	_ = (TableRenderer{}).Render(&buf, r)
	if strings.Contains(buf.String(), "In a browser") {
		t.Error("no browser section in static mode")
	}
}
