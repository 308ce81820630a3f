package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/net/html"
)

// historyReport is the fixture report with three earlier audits and a
// policy change whose text is hostile.
func historyReport() *Report {
	r := fixtureReport()
	day := r.StartedAt.Add(-24 * time.Hour)
	pass, fail := true, false
	r.History = &HistorySummary{Audits: []HistoryPoint{
		{StartedAt: day.Add(-48 * time.Hour), Score: 40, Grade: "F", Complete: true, GatePassed: &fail},
		{StartedAt: day.Add(-24 * time.Hour), Score: 75.5, Grade: "C", Complete: true, GatePassed: &pass},
		{StartedAt: day, Score: 92, Grade: "A", Complete: false},
	}}
	r.PolicyChange = &PolicyChange{
		Previous:      PolicyVersionRef{Date: day, Hash: "0123456789abcdef"},
		Hash:          "fedcba9876543210",
		AspectsGained: []string{"children"}, AspectsLost: []string{"double-opt-in"},
		LastUpdatedBefore: "2026-01-01", LastUpdatedAfter: "2026-01-01",
		SentencesAdded: 1, SentencesRemoved: 1,
		Diff: []DiffSentence{{Op: "removed", Text: "We confirm each subscription by e-mail."}, {Op: "added", Text: hostile}},
	}
	return r
}

// TestHTMLTrend checks the trend chart and the policy change without a
// browser: one point per audit, this one marked, the diff's sentences as
// text.
func TestHTMLTrend(t *testing.T) {
	r := historyReport()
	out := render(t, "html", r)
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var points, current, added, removed int
	var addedText string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			class := attr(n, "class")
			switch {
			case n.Data == "circle" && strings.Contains(class, "point"):
				points++
				if strings.Contains(class, "current") {
					current++
				}
			case n.Data == "li" && class == "added":
				added++
				addedText = textOf(n)
			case n.Data == "li" && class == "removed":
				removed++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if points != 4 || current != 1 {
		t.Errorf("the trend has %d points (%d current), want 4 (1)", points, current)
	}
	if added != 1 || removed != 1 || !strings.Contains(addedText, hostile) {
		t.Errorf("the diff has %d added, %d removed; added text %q", added, removed, addedText)
	}
	for _, want := range []string{"-30.5 since the audit of", "did not move (2026-01-01)", "Aspects gained: children", "Aspects lost: double-opt-in"} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("the report lacks %q", want)
		}
	}

	// Without a history, no trend and no policy change section.
	plain := render(t, "html", fixtureReport())
	if bytes.Contains(plain, []byte(`id="trend"`)) || bytes.Contains(plain, []byte(`id="policy-change"`)) {
		t.Error("a report without history shows a trend or a policy change")
	}
}

// TestHTMLTrendInChromium renders the trend and the diff in Chromium: the
// chart has its points, the hostile sentence stays text, nothing loads.
func TestHTMLTrendInChromium(t *testing.T) {
	p := openInChromium(t, render(t, "html", historyReport()))
	type facts struct {
		Points   int    `json:"points"`
		Added    string `json:"added"`
		Injected int    `json:"injected"`
		Width    int    `json:"width"`
	}
	got, err := chromedp.Run(p.ctx, chromedp.Evaluate[facts](`({
		points: document.querySelectorAll('svg.trend circle.point').length,
		added: document.querySelector('ul.diff li.added').textContent,
		injected: document.querySelectorAll('img, script').length,
		width: Math.round(document.querySelector('svg.trend').getBoundingClientRect().width),
	})`))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	if got.Points != 4 || !strings.Contains(got.Added, hostile) || got.Injected != 0 || got.Width < 200 {
		t.Errorf("trend in Chromium: %+v", got)
	}
	problems, requests := p.events()
	for _, pr := range problems {
		t.Errorf("browser: %s", pr)
	}
	for _, u := range requests {
		t.Errorf("the report made a request for %s", u)
	}
}

// TestSchemaValidatesHistory validates a report with a history (a point
// whose gate was not evaluated: null) and a policy change.
func TestSchemaValidatesHistory(t *testing.T) {
	sch := compileReportSchema(t)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(render(t, "json", historyReport())))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("a report with history does not validate: %v", err)
	}
}
