package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/verdict"
)

// fixtureDiff compares the fixture report with a later run of the same
// site: a finding fixed, one changed, one new (with hostile strings), a
// check whose status changed and a check the first report did not have.
func fixtureDiff() *Diff {
	old, cur := fixtureReport(), fixtureReport()
	cur.StartedAt = old.StartedAt.Add(24 * time.Hour)
	cur.Score, cur.Grade = 72.3, "C"
	// privacy-policy-link: the /about finding is fixed and the check warns.
	pl := &cur.Checks[0]
	pl.Findings = pl.Findings[:1]
	pl.Status, pl.Score = verdict.Warn, score(0.75)
	// cookie-security: a finding changes severity and message.
	cs := &cur.Checks[1]
	cs.Findings[0].Severity = verdict.High
	cs.Findings[0].Message += " and is sent to " + hostile
	// https fails with a new finding whose strings come from the site.
	h := &cur.Checks[2]
	h.Status, h.Score = verdict.Fail, score(0.5)
	u := "http://shop.test/" + hostileMD
	h.Findings = []Finding{{CheckID: "https", URL: u, Subject: "http", Message: "page served over HTTP: " + hostile + "\nsecond line",
		Severity: verdict.High, Fingerprint: Fingerprint("https", cur.Origin, u, "http")}}
	cur.Checks = append(cur.Checks, CheckResult{ID: "new-check", Status: verdict.Pass, Score: score(1), Findings: []Finding{}})
	return Compare(old, cur)
}

// renderDiff renders a diff in a format.
func renderDiff(t *testing.T, format string, d *Diff) []byte {
	t.Helper()
	rd, err := DiffRendererFor(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rd.RenderDiff(&buf, d); err != nil {
		t.Fatalf("rendering the diff as %s: %v", format, err)
	}
	return buf.Bytes()
}

func TestDiff(t *testing.T) {
	old := gateReport()
	cur := gateReport()
	cur.Score = 80.5
	cur.Checks[0].Findings = cur.Checks[0].Findings[:1] // /legacy/old fixed
	cur.Checks[1].Findings[0].Severity = "medium"       // changed
	cur.Checks[2].Findings = []Finding{{CheckID: "form-security", URL: "https://shop.test/signup", Subject: "form:x", Severity: "high", Message: "<b>new</b> | finding",
		Fingerprint: Fingerprint("form-security", "https://shop.test", "https://shop.test/signup", "form:x")}}
	cur.Checks[2].Status, cur.Checks[2].Score = "fail", score(0)
	d := Compare(old, cur)
	if len(d.New) != 1 || len(d.Fixed) != 1 || len(d.Changed) != 1 || d.ScoreDelta != 8.5 {
		t.Fatalf("diff %+v", d)
	}
	if d.Fixed[0].URL != "https://shop.test/legacy/old" || d.Changed[0].After.Severity != "medium" {
		t.Errorf("diff %+v", d)
	}
	if len(d.Checks) != 1 || d.Checks[0].ID != "form-security" || d.Checks[0].StatusAfter != "fail" {
		t.Errorf("check changes %+v", d.Checks)
	}
	if text := string(renderDiff(t, "table", d)); !strings.Contains(text, "1 new, 1 fixed, 1 changed") || !strings.Contains(text, "+8.5") {
		t.Errorf("text:\n%s", text)
	}
	if md := string(renderDiff(t, "markdown", d)); strings.Contains(md, "<b>") || !strings.Contains(md, `\|`) {
		t.Errorf("markdown must escape site strings:\n%s", md)
	}
	if js := string(renderDiff(t, "json", d)); !strings.Contains(js, `"scoreDelta": 8.5`) {
		t.Errorf("json:\n%s", js)
	}
}

// TestDiffGolden keeps every diff format's output of the fixture in
// testdata (diff.txt, diff.json, diff.md).
func TestDiffGolden(t *testing.T) {
	for _, format := range DiffFormats {
		t.Run(format, func(t *testing.T) {
			d := fixtureDiff()
			got := renderDiff(t, format, d)
			checkGolden(t, "diff"+Extension(format), got)
			if again := renderDiff(t, format, d); !bytes.Equal(got, again) {
				t.Error("a second rendering differs from the first")
			}
		})
	}
	var back Diff
	if err := json.Unmarshal(renderDiff(t, "json", fixtureDiff()), &back); err != nil || len(back.New) != 1 {
		t.Errorf("the JSON diff does not read back: %v, %+v", err, back)
	}
}

// TestEmptyDiff renders a diff with nothing in it: no format may fail or
// panic.
func TestEmptyDiff(t *testing.T) {
	for _, format := range DiffFormats {
		renderDiff(t, format, &Diff{})
		renderDiff(t, format, Compare(&Report{}, &Report{}))
	}
}
