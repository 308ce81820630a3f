package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// markdownToHTML renders Markdown as GitHub does before it sanitises: GFM
// with raw HTML let through, so that an injection would show.
func markdownToHTML(t *testing.T, md []byte) *html.Node {
	t.Helper()
	var buf bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	if err := gm.Convert(md, &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.ReplaceAll(b.String(), zwsp, "")
}

// TestMarkdownEscapes renders the Markdown report and checks that the
// site's strings show as text: no element but those the report makes, and
// each hostile string whole in its table cell.
func TestMarkdownEscapes(t *testing.T) {
	r := fixtureReport()
	md := render(t, "markdown", r)
	doc := markdownToHTML(t, md)
	allowed := map[string]bool{"html": true, "head": true, "body": true, "h2": true, "h3": true, "h4": true, "ul": true, "li": true,
		"p": true, "strong": true, "code": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
		"details": true, "summary": true, "b": true, "blockquote": true}
	var cells []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowed[n.Data] {
				t.Errorf("the Markdown report makes a <%s> element", n.Data)
			}
			if n.Data == "td" {
				cells = append(cells, textOf(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	wantCells := []string{
		"page has no link to a privacy policy: " + hostileMD, // a finding's message
		r.Checks[0].Findings[0].URL,                          // a hostile URL in code
		r.Cookies[0].Name, r.Cookies[1].Name,                 // cookie names, one with a backtick and a pipe
		"2 of 4 pages link the privacy policy: " + hostile, // a summary
		"cookie " + hostile + " is set over HTTPS without Secure",
	}
	for _, want := range wantCells {
		found := false
		for _, c := range cells {
			if c == want {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no table cell reads %q", want)
		}
	}
	if text := textOf(doc); !strings.Contains(text, "robots.txt says "+hostile) || !strings.Contains(text, "privacy-policy-link: 2 high findings "+hostile) {
		t.Error("a warning or a gate reason does not show as text")
	}
	if bytes.Contains(md, []byte("@admin")) {
		t.Error("@admin would mention a user")
	}
	if !bytes.HasPrefix(md, []byte("## privaudit: 61.5/100, grade D\n")) {
		t.Errorf("heading: %q", md[:min(len(md), 60)])
	}
}

// TestMarkdownLimit: a huge report is cut to fit a GitHub comment, at a
// block boundary, with a note.
func TestMarkdownLimit(t *testing.T) {
	r := fixtureReport()
	long := strings.Repeat("x", 250)
	for i := range 300 {
		c := CheckResult{ID: fmt.Sprintf("check-%03d", i), Title: "Check", Status: "fail", Severity: "high", Summary: "summary"}
		for j := range 40 {
			c.Findings = append(c.Findings, Finding{URL: fmt.Sprintf("https://shop.test/%d/%d/%s", i, j, long), Message: long, Severity: "high"})
		}
		r.Checks = append(r.Checks, c)
	}
	for i := range 2000 {
		r.Cookies = append(r.Cookies, CookieInfo{Name: fmt.Sprintf("c%d", i)})
	}
	for _, limit := range []int{0, 20000, 3000} {
		md := render(t, "markdown", r)
		if limit > 0 {
			var buf bytes.Buffer
			if err := (MarkdownRenderer{MaxBytes: limit}).Render(&buf, r); err != nil {
				t.Fatal(err)
			}
			md = buf.Bytes()
		} else {
			limit = GitHubCommentLimit
		}
		if len(md) > limit {
			t.Errorf("limit %d: %d bytes", limit, len(md))
		}
		if !bytes.Contains(md, []byte("This report was cut")) {
			t.Errorf("limit %d: no note that the report was cut", limit)
		}
		if o, c := bytes.Count(md, []byte("<details>")), bytes.Count(md, []byte("</details>")); o != c {
			t.Errorf("limit %d: %d <details> but %d </details>", limit, o, c)
		}
	}
	// The fixture fits whole.
	if md := render(t, "markdown", fixtureReport()); bytes.Contains(md, []byte("This report was cut")) {
		t.Error("the fixture report was cut")
	}
	// Findings beyond MaxFindings are counted, not listed.
	if md := render(t, "markdown", r); !bytes.Contains(md, []byte("… and 30 more.")) {
		t.Error("no note of the findings left out")
	}
}

func TestMarkdownCodeSpan(t *testing.T) {
	for in, want := range map[string]string{
		"plain":  "`plain`",
		"a`b":    "`` a`b ``",
		"``x`":   "``` ``x` ```",
		"a|b":    "`a\\|b`",
		"":       "–",
		"\nx\ty": "`x y`",
	} {
		if got := mdCode(in, 100); got != want {
			t.Errorf("mdCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMarkdownStatusesAndThirdParties: checks without a score show none,
// an informative check (also one of an older report, judged with weight
// 0) is informative, the summary counts informative checks, and the third
// parties that require disclosure come first, a link needing none.
func TestMarkdownStatusesAndThirdParties(t *testing.T) {
	r := fixtureReport()
	r.Checks[3].Score = score(1) // a not-applicable check of an older report
	legacy := fixtureReport().Checks[4]
	legacy.ID, legacy.Status, legacy.Score = "old-seal", "warn", score(0)
	r.Checks = append(r.Checks, legacy)
	md := string(render(t, "markdown", r))
	rows := map[string]string{}
	for _, line := range strings.Split(md, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) == 5 && strings.HasPrefix(line, "| `") {
			id := strings.Trim(strings.Fields(cells[0])[1], "`")
			rows[id] = cells[1] + " " + cells[2]
		}
	}
	for id, want := range map[string]string{
		"consent-checkboxes": "➖ not applicable –", "trust-seal": "ℹ️ informative –", "old-seal": "ℹ️ informative –",
		"cookies-explained": "⛔ error –", "https": "✅ pass 100%",
	} {
		if rows[id] != want {
			t.Errorf("%s: %q, want %q", id, rows[id], want)
		}
	}
	if !strings.Contains(md, "- **Checks:** 1 passed, 3 failed, 1 warned, 2 not applicable, 2 informative, 1 error\n") {
		t.Errorf("the checks line does not count the informative checks:\n%s", md)
	}
	if !strings.Contains(md, "<summary><b>old-seal</b> (informative)") {
		t.Error("the findings of a check of weight 0 are not marked informative")
	}
	start := strings.Index(md, "### Third parties (3)")
	if start < 0 {
		t.Fatalf("no third parties:\n%s", md)
	}
	tp := md[start:]
	if !strings.Contains(tp, "2 hosts are contacted by the pages (loaded, or sent a form) and must be disclosed in the policy; 1 host is only linked to") {
		t.Errorf("no account of what must be disclosed:\n%s", tp)
	}
	i, j, k := strings.Index(tp, "| cdn.evil.test |"), strings.Index(tp, "| fonts.example |"), strings.Index(tp, "| social.example | – | 4 | link | not required |")
	if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
		t.Errorf("want cdn.evil.test, fonts.example, then the link social.example (not required):\n%s", tp)
	}
	if strings.Contains(tp, "social.example | – | 4 | link | no |") {
		t.Error("a link shows as undisclosed")
	}
}
