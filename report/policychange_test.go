package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"
)

// hostileSentences are policy sentences that would be markup, mentions,
// links or terminal escapes if they were not escaped.
var hostileSentences = []string{
	"<script>alert(1)</script> | **bold** @admin [link](https://evil.example) ![img](https://evil.example/x.png)",
	"+ not a list item",
	"# not a heading `code` ~~gone~~",
	"Colour \x1b[31mred\x1b[0m\nand a new line",
}

// policyChangeReport is the fixture report with a policy change: a
// sentence added, hostile ones added and removed, aspects gained and lost,
// the date unchanged.
func policyChangeReport() *Report {
	r := fixtureReport()
	r.PolicyChange = &PolicyChange{
		Previous:          PolicyVersionRef{Date: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), Hash: strings.Repeat("ab", 32)},
		Hash:              strings.Repeat("cd", 32),
		AspectsGained:     []string{"data-retention", "third-parties"},
		AspectsLost:       []string{"children"},
		LastUpdatedBefore: "2025-03-03",
		LastUpdatedAfter:  "2025-03-03",
		SentencesAdded:    4,
		SentencesRemoved:  2,
		Diff: []DiffSentence{
			{Op: "removed", Text: "We do not knowingly collect data of children under 13."},
			{Op: "removed", Text: hostileSentences[3]},
			{Op: "added", Text: "We share your postal address with our courier to deliver your order."},
			{Op: "added", Text: hostileSentences[0]},
			{Op: "added", Text: hostileSentences[1]},
			{Op: "added", Text: hostileSentences[2]},
		},
	}
	return r
}

// TestPolicyChangeGolden keeps the table and Markdown renderings of a
// report with a policy change.
func TestPolicyChangeGolden(t *testing.T) {
	r := policyChangeReport()
	checkGolden(t, "policychange.txt", []byte(renderTable(t, TableRenderer{}, r)))
	checkGolden(t, "policychange.md", render(t, "markdown", r))
}

func TestTablePolicyChange(t *testing.T) {
	r := policyChangeReport()
	out := renderTable(t, TableRenderer{}, r)
	for _, want := range []string{
		"Policy changed since 2026-01-05: +4 −2 sentences, aspects gained: data-retention, third-parties, aspects lost: children, last updated 2025-03-03 (unchanged)\n",
		"  − We do not knowingly collect data of children under 13.\n",
		"  − Colour [31mred [0m and a new line\n",
		"  + We share your postal address with our courier to deliver your order.\n",
		"  and 3 more (--format markdown or json lists up to 40)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("a terminal escape of the policy text reached the output")
	}
	for _, width := range []int{40, 60, 100} {
		checkWidth(t, fmt.Sprintf("width %d", width), renderTable(t, TableRenderer{Width: width}, r), width)
	}

	r.PolicyChange.LastUpdatedAfter = "2026-02-01"
	r.PolicyChange.AspectsGained, r.PolicyChange.AspectsLost = nil, nil
	if out := renderTable(t, TableRenderer{}, r); !strings.Contains(out, "Policy changed since 2026-01-05: +4 −2 sentences, last updated 2025-03-03 → 2026-02-01\n") {
		t.Errorf("table output:\n%s", out)
	}
	r.PolicyChange.LastUpdatedBefore, r.PolicyChange.LastUpdatedAfter = "", ""
	if out := renderTable(t, TableRenderer{}, r); !strings.Contains(out, "last updated none stated\n") {
		t.Errorf("table output:\n%s", out)
	}
	r.PolicyChange = nil
	if out := renderTable(t, TableRenderer{}, r); strings.Contains(out, "Policy changed") {
		t.Error("a report without a policy change shows one")
	}
}

func TestMarkdownPolicyChange(t *testing.T) {
	r := policyChangeReport()
	md := string(render(t, "markdown", r))
	section, _, _ := strings.Cut(md[strings.Index(md, "### Policy changes"):], "\n### Legal")
	for _, want := range []string{
		"The privacy policy changed since 2026-01-05 (version `abababababab` → `cdcdcdcdcdcd`): **+4 −2 sentences**.",
		"- **Last updated:** 2025-03-03 (unchanged)\n",
		"- **Aspects gained:** `data-retention`, `third-parties`\n- **Aspects lost:** `children`\n",
		"- − We do not knowingly collect data of children under 13.\n",
		"- \\+ We share your postal address with our courier to deliver your order.\n",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("Markdown section lacks %q:\n%s", want, section)
		}
	}
	// Rendered as GitHub does, the facts are one list and the diff
	// another, each hostile sentence whole as text in its item.
	doc := markdownToHTML(t, []byte(section))
	var lists [][]string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html", "head", "body", "h3", "p", "strong", "code", "ul", "li":
			default:
				t.Errorf("the policy change makes a <%s> element", n.Data)
			}
			switch n.Data {
			case "ul":
				lists = append(lists, nil)
			case "li":
				lists[len(lists)-1] = append(lists[len(lists)-1], textOf(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(lists) != 2 || len(lists[0]) != 3 || len(lists[1]) != len(r.PolicyChange.Diff) {
		t.Fatalf("lists %q: want the date and the two aspect lines, then the %d sentences", lists, len(r.PolicyChange.Diff))
	}
	for i, s := range hostileSentences[:3] {
		if got, want := lists[1][3+i], "+ "+s; got != want {
			t.Errorf("item %q, want %q", got, want)
		}
	}
	if got, want := lists[1][1], "− Colour [31mred [0m and a new line"; got != want {
		t.Errorf("item %q, want %q", got, want)
	}
	if strings.Contains(md, "\x1b") {
		t.Error("a terminal escape of the policy text reached the output")
	}
	if strings.Contains(section, "… and") {
		t.Errorf("a note of sentences left out, with none left out:\n%s", section)
	}

	// Sentences beyond the diff's cap are counted.
	r.PolicyChange.SentencesAdded = 60
	md = string(render(t, "markdown", r))
	if !strings.Contains(md, "\n… and 56 more sentences.\n") {
		t.Errorf("Markdown lacks the count of the sentences not listed:\n%s", md)
	}
	r.PolicyChange = nil
	if md := string(render(t, "markdown", r)); strings.Contains(md, "Policy changes") {
		t.Error("a report without a policy change shows one")
	}
}

// TestPolicyChangeSchema validates the JSON of a report with a policy
// change and a history against the report schema.
func TestPolicyChangeSchema(t *testing.T) {
	r := policyChangeReport()
	passed := true
	r.History = &HistorySummary{Audits: []HistoryPoint{
		{StartedAt: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), Score: 80.5, Grade: "B", Complete: true, GatePassed: &passed},
		{StartedAt: time.Date(2026, 1, 6, 10, 0, 0, 0, time.UTC), Score: 81, Grade: "B", Complete: true, GatePassed: &passed},
	}}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(render(t, "json", r)))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileReportSchema(t).Validate(doc); err != nil {
		t.Errorf("a report with a policy change does not validate: %v", err)
	}
}
