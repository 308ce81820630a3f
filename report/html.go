package report

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/verdict"
)

//go:embed templates/report.html.tmpl
var templateFS embed.FS

var htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
	"yesno": yesNo,
	"dash":  orDash,
	"join":  func(s []string) string { return orDash(strings.Join(s, ", ")) },
	// expiry is replaced per report (it needs the report's time); see Render.
	"expiry":     func(c CookieInfo) string { return "" },
	"contact":    contactSummary,
	"disclosure": func(t ThirdParty) string { return disclosureText(&t) },
	"sub":        func(a, b int) int { return a - b },
	"status":     statusText,
	"plural":     textutil.Plural,
	"category":   categoryText,
	"types":      typeCounts,
	"setby":      func(c CookieInfo) string { return setBy(&c) },
	// rel is replaced per report (it needs the origin); see Render.
	"rel": func(s string) string { return s },
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// HTMLRenderer writes the report as one self-contained HTML file: the
// score, a bar chart of the check scores (inline SVG), the checks with
// their findings, what a browser saw (in browser mode: the consent phases,
// storage keys and third-party requests), the cookies, the third parties,
// the privacy policy and the pages.
//
// The chart colours each bar by the band of its score, with a key: good
// from 90% (green), fair from 50% (amber), poor under 50% (red); a score of
// 0% is a short red stub, so that it does not read as an empty track, and
// a check without a score (not applicable, informative, error) has no bar
// but its status. The tables scroll sideways within their own box on a
// narrow screen, and identifiers (check IDs, cookie names, aspects) never
// break inside a word. It loads nothing (no scripts, fonts, images or style sheets
// from elsewhere; a Content-Security-Policy forbids it) and prints well.
//
// html/template escapes every string of the report by context, so markup
// in a site's titles, URLs or cookie names shows as text; links to the
// site's pages keep only http(s) URLs.
type HTMLRenderer struct{}

var _ Renderer = HTMLRenderer{}

type htmlView struct {
	R       *Report
	Started string
	// CheckCounts counts the checks by status, in words.
	CheckCounts string
	Checks      []htmlCheck
	Chart       htmlChart
	// ThirdParties lists those that require disclosure first; Required
	// counts them.
	ThirdParties []ThirdParty
	Required     int
	// BrowserLine and Phases are what a browser saw, in browser mode.
	BrowserLine string
	Phases      []phaseRow
	// Legal is the legal elements and the laws applied (nil without
	// regimes).
	Legal *legalView
	// Trend is the score over the site's stored audits (nil without a
	// history).
	Trend *htmlTrend
}

type htmlCheck struct {
	C    *CheckResult
	Meta CheckMeta
	// Status is the status shown (see shownStatus); Score is "–" for a
	// check without a score.
	Status   verdict.Status
	Score    string
	Findings []Finding
	// Open shows the findings unfolded (failing and warning checks).
	Open bool
}

type htmlChart struct {
	Width, Height, LabelWidth, BarWidth, BarHeight int
	Bars                                           []htmlBar
}

type htmlBar struct {
	Label, Value string
	// Band is the score's band (good, fair, poor), "" without a score.
	Band                string
	Y, TextY, W, ValueX int
}

// minBarWidth is the width of the bar of a score of 0% or close to it: a
// stub that shows a bar is there.
const minBarWidth = 4

// Render implements Renderer.
func (HTMLRenderer) Render(w io.Writer, r *Report) error {
	v := htmlView{R: r, CheckCounts: checkCounts(r), Started: "–", Legal: newLegalView(r), Trend: newTrend(r)}
	v.ThirdParties, v.Required = thirdPartiesByDisclosure(r)
	if r.Browser != nil {
		v.BrowserLine, v.Phases = browserLine(r), phaseRows(r.Consent)
	}
	if !r.StartedAt.IsZero() {
		v.Started = r.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC") + fmt.Sprintf(", %.1f s", time.Duration(r.DurationMS*int64(time.Millisecond)).Seconds())
	}
	const labelW, barW, barH, rowH = 220, 400, 16, 24
	v.Chart = htmlChart{LabelWidth: labelW, BarWidth: barW, BarHeight: barH, Width: labelW + barW + 60, Height: rowH*len(r.Checks) + 8}
	for i := range r.Checks {
		c := &r.Checks[i]
		status := shownStatus(c)
		hc := htmlCheck{C: c, Meta: checkMeta(c), Status: status, Score: "–", Findings: sortedFindings(c),
			Open: status.Failing()}
		bar := htmlBar{Label: c.ID, Y: 4 + i*rowH, TextY: 4 + i*rowH + barH - 3, Value: string(status)}
		if s := shownScore(c); s != nil {
			hc.Score = Percent(*s)
			bar.Value = hc.Score
			bar.Band = scoreBand(*s)
			bar.W = max(int(verdict.Clamp(*s)*barW+0.5), minBarWidth)
		}
		bar.ValueX = labelW + bar.W
		v.Checks = append(v.Checks, hc)
		v.Chart.Bars = append(v.Chart.Bars, bar)
	}
	t, err := htmlTemplate.Clone()
	if err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	t.Funcs(template.FuncMap{
		"rel":    func(s string) string { return RelativeURL(r.Origin, s) },
		"expiry": func(c CookieInfo) string { return cookieExpiry(&c, r.StartedAt) },
	})
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	return nil
}

// statusText names a status for a reader: "not applicable" rather than the
// JSON's "not-applicable".
func statusText(s verdict.Status) string {
	if s == verdict.NotApplicable {
		return "not applicable"
	}
	return string(s)
}

// contactSummary names the kinds of contact information a page shows.
func contactSummary(c Contact) string {
	var kinds []string
	if len(c.Emails) > 0 {
		kinds = append(kinds, "e-mail")
	}
	if len(c.Phones) > 0 {
		kinds = append(kinds, "phone")
	}
	if len(c.Addresses) > 0 {
		kinds = append(kinds, "address")
	}
	if c.ContactPage != "" {
		kinds = append(kinds, "contact page")
	}
	if len(kinds) == 0 {
		return "none"
	}
	return strings.Join(kinds, ", ")
}
