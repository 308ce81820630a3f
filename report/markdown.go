package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/verdict"
)

// GitHubCommentLimit is the most characters GitHub takes in a comment.
const GitHubCommentLimit = 65536

// MarkdownRenderer writes the report as GitHub-flavoured Markdown for
// pull-request comments and CI job summaries: the score, a table of the
// checks, the findings of each check in a collapsed <details> block, the
// browser's consent phases, storage keys and third-party requests (in
// browser mode), the cookies and the third parties.
//
// Whatever comes from the site (URLs, titles, cookie names, messages that
// quote them) is escaped, so that it shows as text: it cannot open a
// table cell, an HTML tag, a link or an image, nor mention a user.
type MarkdownRenderer struct {
	// MaxFindings is how many findings to list per check (default 10).
	MaxFindings int
	// MaxRows is how many rows the cookie and third-party tables show
	// (default 50).
	MaxRows int
	// MaxBytes caps the output (default GitHubCommentLimit); what does not
	// fit is left out with a note.
	MaxBytes int
}

var (
	_ Renderer     = MarkdownRenderer{}
	_ DiffRenderer = MarkdownRenderer{}
)

// Render implements Renderer.
func (m MarkdownRenderer) Render(w io.Writer, r *Report) error {
	if m.MaxFindings <= 0 {
		m.MaxFindings = 10
	}
	if m.MaxRows <= 0 {
		m.MaxRows = 50
	}
	if m.MaxBytes <= 0 {
		m.MaxBytes = GitHubCommentLimit
	}
	out := &mdWriter{limit: m.MaxBytes, note: "\n> [!NOTE]\n> This report was cut to fit a GitHub comment; the JSON, HTML or SARIF report has everything.\n"}
	m.write(out, r)
	if _, err := io.WriteString(w, out.String()); err != nil {
		return fmt.Errorf("writing Markdown report: %w", err)
	}
	return nil
}

// write writes the report's sections in order, until one does not fit.
func (m MarkdownRenderer) write(out *mdWriter, r *Report) {
	sections := []func(*mdWriter, *Report) bool{mdOverview, m.writeFindings, mdPolicyChange, mdLegal, m.writeBrowser, m.writeCookies, m.writeThirdParties}
	for _, section := range sections {
		if !section(out, r) {
			return
		}
	}
}

// mdOverview writes the summary and the table of the checks, and reports
// whether all of it fit.
func mdOverview(out *mdWriter, r *Report) bool {
	// The summary and the head of the table are one part: a limit too
	// small for both leaves out both.
	if !out.add(mdSummary(r) + "\n| Check | Status | Score | Severity | Summary |\n|---|---|--:|---|---|\n") {
		return false
	}
	for i := range r.Checks {
		c := &r.Checks[i]
		score := "–"
		if s := shownScore(c); s != nil {
			score = Percent(*s)
		}
		row := fmt.Sprintf("| %s %s | %s | %s | %s | %s |\n", mdCode(c.ID, 80), mdText(c.Title, 120), mdStatus(shownStatus(c)), score, mdText(string(c.Severity), 20), mdText(c.Summary, 200))
		if !out.add(row) {
			return false
		}
	}
	return true
}

// mdSummary is the title and the bullet list of the report's facts, then
// its warnings.
func mdSummary(r *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## privaudit: %.1f/100, grade %s\n\n", r.Score, mdText(r.Grade, 5))
	fmt.Fprintf(&b, "- **Target:** %s\n", mdCodeLine(r.Target, 300))
	fmt.Fprintf(&b, "- **Crawl:** %s (%s, %d skipped)%s, privaudit %s\n", textutil.Plural(r.Crawl.Pages, "URL", "URLs"), textutil.Plural(r.Crawl.Errors, "error", "errors"), r.Crawl.Skipped, mdCrawlState(r), mdText(r.Tool.Version, 40))
	fmt.Fprintf(&b, "- **Checks:** %s\n", checkCounts(r))
	if g := r.Gate; g != nil {
		b.WriteString(mdGate(g))
	}
	if bl := r.Baseline; bl != nil {
		fmt.Fprintf(&b, "- **Baseline:** %s: %d new, %d unchanged, %d fixed findings (score was %.1f)\n", mdCodeLine(bl.Path, 200), bl.New, bl.Unchanged, bl.Fixed, bl.ScoreBefore)
	}
	if n := len(r.Suppressed); n > 0 {
		fmt.Fprintf(&b, "- **Suppressed:** %s, by the ignore file\n", textutil.Plural(n, "finding", "findings"))
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(&b, "\n> [!WARNING]\n> %s\n", mdText(warn, 500))
	}
	return b.String()
}

// mdCrawlState says whether the crawl was cut short ("" when it was not).
func mdCrawlState(r *Report) string {
	state := ""
	if !r.Complete {
		state = ", **incomplete**"
	}
	if r.TimedOut {
		state += ", **timed out**"
	}
	return state
}

// mdGate is the bullet of the gate's verdict.
func mdGate(g *GateResult) string {
	if g.Passed {
		return "- **Gate:** passed\n"
	}
	reasons := make([]string, len(g.Reasons))
	for i, reason := range g.Reasons {
		reasons[i] = mdText(reason, 200)
	}
	return fmt.Sprintf("- **Gate:** failed (%s)\n", strings.Join(reasons, "; "))
}

// writeFindings writes the findings of each check that has some, and
// reports whether all of them fit.
func (m MarkdownRenderer) writeFindings(out *mdWriter, r *Report) bool {
	var withFindings []*CheckResult
	for i := range r.Checks {
		if len(r.Checks[i].Findings) > 0 {
			withFindings = append(withFindings, &r.Checks[i])
		}
	}
	if len(withFindings) > 0 && !out.add("\n### Findings\n") {
		return false
	}
	for _, c := range withFindings {
		if !out.add(m.findings(c)) {
			return false
		}
	}
	return true
}

// mdPolicyChange writes, when the policy changed since the version a
// history store kept, what changed and the sentences added and removed as
// a list ("+ sentence", "− sentence"), and reports whether it fit. The
// sentences are the site's text: escaped like any other.
func mdPolicyChange(out *mdWriter, r *Report) bool {
	pc := r.PolicyChange
	if pc == nil {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Policy changes\n\nThe privacy policy changed since %s (version %s → %s): **+%d −%d sentences**.\n\n",
		policyChangeSince(pc), mdCodeLine(ShortHash(pc.Previous.Hash), 20), mdCodeLine(ShortHash(pc.Hash), 20), pc.SentencesAdded, pc.SentencesRemoved)
	fmt.Fprintf(&b, "- **Last updated:** %s\n", mdText(lastUpdatedChange(pc), 60))
	for _, a := range []struct {
		label string
		ids   []string
	}{{"Aspects gained", pc.AspectsGained}, {"Aspects lost", pc.AspectsLost}} {
		if len(a.ids) > 0 {
			ids := make([]string, len(a.ids))
			for i, id := range a.ids {
				ids[i] = mdCodeLine(id, 40)
			}
			fmt.Fprintf(&b, "- **%s:** %s\n", a.label, strings.Join(ids, ", "))
		}
	}
	if len(pc.Diff) > 0 {
		// A paragraph between the two lists keeps them apart.
		b.WriteString("\nThe sentences added (+) and removed (−), in reading order:\n\n")
	}
	if !out.add(b.String()) {
		return false
	}
	for _, d := range pc.Diff {
		// "+" would open a nested list: it is escaped.
		mark := `\+`
		if d.Op == "removed" {
			mark = diffMark(d.Op)
		}
		if !out.add("- " + mark + " " + mdText(d.Text, 500) + "\n") {
			return false
		}
	}
	if n := pc.SentencesAdded + pc.SentencesRemoved - len(pc.Diff); n > 0 {
		return out.add(fmt.Sprintf("\n… and %d more sentences.\n", n))
	}
	return true
}

// shortHash is the first 12 characters of a hash, enough to tell versions
// apart.
func ShortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// mdLegal writes the laws applied with their signals, those not applied,
// and for each law applied its check's outcome and the elements missing,
// and reports whether it fit.
func mdLegal(out *mdWriter, r *Report) bool {
	v := newLegalView(r)
	if v == nil {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n### Legal elements\n\n- **Regimes asked for:** %s\n", mdText(v.Requested, 60))
	for _, l := range v.Applied {
		signals := make([]string, len(l.Signals))
		for i, s := range l.Signals {
			signals[i] = mdText(s, 200)
		}
		fmt.Fprintf(&b, "- **%s applies:** %s\n", mdText(l.Name, 20), strings.Join(signals, "; "))
	}
	for _, n := range v.NotApplied {
		fmt.Fprintf(&b, "- **Not applied:** %s\n", mdText(n, 200))
	}
	for _, l := range v.Applied {
		if l.Check == nil {
			continue
		}
		fmt.Fprintf(&b, "- **%s** (%s, %s): %s\n", mdText(l.Name, 20), mdCode(l.Check.ID, 40), mdStatus(l.Status), mdText(l.Summary, 300))
		if len(l.Missing) > 0 {
			items := make([]string, len(l.Missing))
			for i, m := range l.Missing {
				items[i] = mdCode(m.ID, 40)
				if m.Article != "" {
					items[i] += " (" + mdText(m.Article, 80) + ")"
				}
			}
			fmt.Fprintf(&b, "  - missing: %s\n", strings.Join(items, ", "))
		}
	}
	return out.add(b.String())
}

// writeCookies writes the table of the cookies, up to MaxRows, and reports
// whether it fit.
func (m MarkdownRenderer) writeCookies(out *mdWriter, r *Report) bool {
	if len(r.Cookies) == 0 {
		return true
	}
	head := "| Name | Domain | Path | Secure | HttpOnly | SameSite | Expires | Category | Explained |"
	rule := "|---|---|---|---|---|---|---|---|---|"
	if r.Browser != nil {
		head += " Set by | Phases |"
		rule += "---|---|"
	}
	if !out.add(fmt.Sprintf("\n### Cookies (%d)\n\n%s\n%s\n", len(r.Cookies), head, rule)) {
		return false
	}
	for i, c := range r.Cookies {
		if i == m.MaxRows {
			return out.add(fmt.Sprintf("\n… and %d more cookies.\n", len(r.Cookies)-i))
		}
		row := fmt.Sprintf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", mdCode(c.Name, 80), mdText(c.Domain, 80), mdText(c.Path, 60),
			yesNo(c.Secure), yesNo(c.HTTPOnly), mdText(orDash(c.SameSite), 10), mdText(cookieExpiry(&c, r.StartedAt), 40), mdText(orDash(c.Category), 30), yesNo(c.Explained))
		if r.Browser != nil {
			row = strings.TrimSuffix(row, "\n") + fmt.Sprintf(" %s | %s |\n", mdText(setBy(&c), 80), mdText(orDash(strings.Join(c.Phases, ", ")), 40))
		}
		if !out.add(row) {
			return false
		}
	}
	return true
}

// writeBrowser writes what a browser saw, in browser mode: the pages
// rendered and the banner, a table of the consent phases, the storage keys
// and the third-party requests, up to MaxRows each; it reports whether it
// fit.
func (m MarkdownRenderer) writeBrowser(out *mdWriter, r *Report) bool {
	if r.Browser == nil {
		return true
	}
	b := r.Browser
	var head strings.Builder
	fmt.Fprintf(&head, "\n### In a browser\n\n- **Rendered:** %s\n- **Browser:** %s, locale %s, User-Agent %s\n",
		mdText(browserLine(r), 300), mdText(orDash(b.Version), 60), mdText(orDash(b.Locale), 20), mdCodeLine(b.UserAgent, 200))
	if c := r.Consent; c != nil && len(c.Buttons) > 0 {
		quoted := make([]string, len(c.Buttons))
		for i, btn := range c.Buttons {
			quoted[i] = "“" + mdText(btn, 60) + "”"
		}
		fmt.Fprintf(&head, "- **Banner buttons:** %s\n", strings.Join(quoted, ", "))
	}
	if rows := phaseRows(r.Consent); len(rows) > 0 {
		head.WriteString("\n| Phase | Action | Cookies | Non-essential | Storage keys | Third-party hosts | Trackers | Recorded choice |\n|---|---|--:|--:|--:|--:|--:|---|\n")
		for _, p := range rows {
			fmt.Fprintf(&head, "| %s | %s | %d | %d | %d | %d | %d | %s |\n", p.Name, mdText(orDash(p.Action), 40), p.Cookies, p.NonEssentialCookies,
				p.StorageKeys, p.ThirdPartyHosts, p.Trackers, mdText(p.ChoiceText, 80))
		}
	}
	if !out.add(head.String()) {
		return false
	}
	if len(r.Storage) > 0 {
		if !out.add(fmt.Sprintf("\n#### Storage keys (%d)\n\n| Key | Storage | Origin | Category | Phases |\n|---|---|---|---|---|\n", len(r.Storage))) {
			return false
		}
		for i, s := range r.Storage {
			if i == m.MaxRows {
				if !out.add(fmt.Sprintf("\n… and %d more storage keys.\n", len(r.Storage)-i)) {
					return false
				}
				break
			}
			if !out.add(fmt.Sprintf("| %s | %s | %s | %s | %s |\n", mdCode(s.Key, 80), mdText(s.Kind, 10), mdText(s.Origin, 80),
				mdText(categoryText(s.Category, s.Platform), 60), mdText(strings.Join(s.Phases, ", "), 40))) {
				return false
			}
		}
	}
	if len(r.Requests) > 0 {
		if !out.add(fmt.Sprintf("\n#### Third-party requests (%s)\n\n| Host | Company | Category | Requests | Phases |\n|---|---|---|---|---|\n", textutil.Plural(len(r.Requests), "host", "hosts"))) {
			return false
		}
		for i, q := range r.Requests {
			if i == m.MaxRows {
				return out.add(fmt.Sprintf("\n… and %d more hosts.\n", len(r.Requests)-i))
			}
			if !out.add(fmt.Sprintf("| %s | %s | %s | %s | %s |\n", mdText(q.Host, 100), mdText(orDash(q.Company), 60), mdText(categoryText(q.Category, q.Service), 60),
				mdText(typeCounts(q.Types), 80), mdText(strings.Join(q.Phases, ", "), 40))) {
				return false
			}
		}
	}
	return true
}

// writeThirdParties writes the table of the third parties, those that
// require disclosure first, up to MaxRows, and reports whether it fit. A
// host the pages only link to shows "not required" as its disclosure.
func (m MarkdownRenderer) writeThirdParties(out *mdWriter, r *Report) bool {
	if len(r.ThirdParties) == 0 {
		return true
	}
	list, required := thirdPartiesByDisclosure(r)
	head := fmt.Sprintf("\n### Third parties (%d)\n\n%s contacted by the pages (loaded, or sent a form) and must be disclosed in the policy; %s only linked to, which needs no disclosure.\n\n| Host | Service | Pages | Kinds | Disclosed |\n|---|---|--:|---|---|\n",
		len(list), textutil.Plural(required, "host is", "hosts are"), textutil.Plural(len(list)-required, "host is", "hosts are"))
	if !out.add(head) {
		return false
	}
	for i, t := range list {
		if i == m.MaxRows {
			return out.add(fmt.Sprintf("\n… and %d more third parties.\n", len(list)-i))
		}
		row := fmt.Sprintf("| %s | %s | %d | %s | %s |\n", mdText(t.Host, 100), mdText(orDash(t.Service), 60), t.Pages, mdText(strings.Join(t.Kinds, ", "), 80), disclosureText(&t))
		if !out.add(row) {
			return false
		}
	}
	return true
}

// findings renders a check's findings as a collapsed block.
func (m MarkdownRenderer) findings(c *CheckResult) string {
	var b strings.Builder
	// The summary line is raw HTML: it is HTML-escaped, not Markdown-escaped.
	fmt.Fprintf(&b, "\n<details><summary><b>%s</b> (%s): %s</summary>\n\n",
		html.EscapeString(c.ID), html.EscapeString(string(shownStatus(c))), textutil.Plural(len(c.Findings), "finding", "findings"))
	m2 := checkMeta(c)
	if m2.Fix != "" {
		// Fix is the check's own text (Markdown with code spans), not the site's.
		fmt.Fprintf(&b, "**How to fix.** %s\n\n", strings.Join(strings.Fields(m2.Fix), " "))
	}
	b.WriteString("| Severity | URL | Message |\n|---|---|---|\n")
	list := sortedFindings(c)
	// With a baseline, what is new comes first: it is what a pull request
	// changed.
	sort.SliceStable(list, func(i, j int) bool {
		return list[i].BaselineState == "new" && list[j].BaselineState != "new"
	})
	for i, f := range list {
		if i == m.MaxFindings {
			fmt.Fprintf(&b, "\n… and %d more.\n", len(list)-i)
			break
		}
		sev := mdText(string(f.Severity), 20)
		if f.BaselineState == "new" {
			sev += " (new)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", sev, mdCode(f.URL, 200), mdText(f.Message, 300))
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

// RenderDiff implements DiffRenderer: the scores and a table each of the
// new, fixed and changed findings, for a pull-request comment. The limits
// (MaxFindings, MaxRows, MaxBytes) apply to audit reports only.
func (MarkdownRenderer) RenderDiff(w io.Writer, d *Diff) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "## privaudit: score %.1f → %.1f (%+.1f)\n\n", d.Before.Score, d.After.Score, d.ScoreDelta)
	fmt.Fprintf(&b, "**%d new**, %d fixed, %d changed findings.\n", len(d.New), len(d.Fixed), len(d.Changed))
	mdDiffFindings(&b, "New findings", d.New)
	mdDiffFindings(&b, "Fixed findings", d.Fixed)
	if len(d.Changed) > 0 {
		fmt.Fprintf(&b, "\n### Changed findings\n\n| Check | URL | Before | After |\n|---|---|---|---|\n")
		for _, c := range d.Changed {
			fmt.Fprintf(&b, "| `%s` | %s | %s: %s | %s: %s |\n", c.After.CheckID, mdCode(c.After.URL, 200), c.Before.Severity, mdCell(c.Before.Message), c.After.Severity, mdCell(c.After.Message))
		}
	}
	return flush(w, &b, "Markdown diff")
}

// mdDiffFindings writes a titled table of findings; nothing when the list
// is empty.
func mdDiffFindings(w io.Writer, title string, list []Finding) {
	if len(list) == 0 {
		return
	}
	fmt.Fprintf(w, "\n### %s\n\n| Severity | Check | URL | Finding |\n|---|---|---|---|\n", title)
	for _, f := range list {
		fmt.Fprintf(w, "| %s | `%s` | %s | %s |\n", f.Severity, f.CheckID, mdCode(f.URL, 200), mdCell(f.Message))
	}
}

// mdCell is a site-provided string made safe for a Markdown table cell.
func mdCell(s string) string { return mdText(s, 200) }

// mdWriter collects Markdown up to a limit: a part that would pass it is
// dropped, with everything after it, and the note is written instead.
type mdWriter struct {
	b     strings.Builder
	limit int
	note  string
	full  bool
}

// add writes s if it fits (keeping room for the note) and reports whether
// it did.
func (w *mdWriter) add(s string) bool {
	if w.full {
		return false
	}
	if w.b.Len()+len(s)+len(w.note) > w.limit {
		w.full = true
		w.b.WriteString(w.note)
		return false
	}
	w.b.WriteString(s)
	return true
}

func (w *mdWriter) String() string { return w.b.String() }

func mdStatus(s verdict.Status) string {
	switch s {
	case verdict.Pass:
		return "✅ pass"
	case verdict.Fail:
		return "❌ fail"
	case verdict.Warn:
		return "⚠️ warn"
	case verdict.NotApplicable:
		return "➖ not applicable"
	case verdict.Informative:
		return "ℹ️ informative"
	case verdict.Error:
		return "⛔ error"
	}
	return mdText(string(s), 20)
}

// mdText makes a string safe inline Markdown text, also inside a table
// cell: one line, at most limit runes, every character that Markdown or
// HTML would read escaped with a backslash, and "@" kept from making a
// mention. A zero-width space (invisible) also keeps "@name", "x@y.z",
// "http://…" and "www.…" from becoming mentions or links.
func mdText(s string, limit int) string {
	s = autolinks.Replace(textutil.OneLine(s, limit))
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '#', '!', '|', '~', '&', '$', '^':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '@':
			b.WriteString("@" + zwsp)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode makes a string a code span, safe inside a table cell: nothing in
// a code span is read as Markdown or HTML, but a backtick would end it and
// a "|" would end the cell, so the span is fenced with more backticks than
// the string holds in a row and "|" is escaped (GitHub's table parser reads
// `\|` as "|" even in code).
func mdCode(s string, limit int) string {
	return codeSpan(strings.ReplaceAll(textutil.OneLine(s, limit), "|", `\|`))
}

// mdCodeLine is mdCode outside tables, where "|" needs no escape.
func mdCodeLine(s string, limit int) string {
	return codeSpan(textutil.OneLine(s, limit))
}

func codeSpan(s string) string {
	if s == "" {
		return "–"
	}
	run, longest := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 {
		// A space on each side keeps a backtick at either end from
		// joining the fence; CommonMark strips one space each side.
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

const zwsp = "\u200b"

// autolinks breaks what GitHub turns into links by itself.
var autolinks = strings.NewReplacer("://", ":"+zwsp+"//", "www.", "www"+zwsp+".", "WWW.", "WWW"+zwsp+".")
