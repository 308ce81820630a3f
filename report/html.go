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
	"expiry": func(c CookieInfo) string {
		return cookieExpiry(&c)
	},
	"contact": contactSummary,
	"plural":  textutil.Plural,
	// rel is replaced per report (it needs the origin); see Render.
	"rel": func(s string) string { return s },
}).ParseFS(templateFS, "templates/report.html.tmpl"))

// HTMLRenderer writes the report as one self-contained HTML file: the
// score, a bar chart of the check scores (inline SVG), the checks with
// their findings, the cookies, the third parties, the privacy policy and
// the pages. It loads nothing (no scripts, fonts, images or style sheets
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
	Counts  map[string]int
	Checks  []htmlCheck
	Chart   htmlChart
}

type htmlCheck struct {
	C        *CheckResult
	Meta     CheckMeta
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
	Label, Value        string
	Status              verdict.Status
	Y, TextY, W, ValueX int
}

// Render implements Renderer.
func (HTMLRenderer) Render(w io.Writer, r *Report) error {
	v := htmlView{R: r, Counts: map[string]int{}, Started: "–"}
	for s, n := range statusCounts(r) {
		v.Counts[string(s)] = n
	}
	for _, s := range []verdict.Status{verdict.Pass, verdict.Fail, verdict.Warn, verdict.NotApplicable, verdict.Error} {
		v.Counts[string(s)] += 0
	}
	if !r.StartedAt.IsZero() {
		v.Started = r.StartedAt.UTC().Format("2006-01-02 15:04:05 UTC") + fmt.Sprintf(", %.1f s", time.Duration(r.DurationMS*int64(time.Millisecond)).Seconds())
	}
	const labelW, barW, barH, rowH = 220, 400, 16, 24
	v.Chart = htmlChart{LabelWidth: labelW, BarWidth: barW, BarHeight: barH, Width: labelW + barW + 60, Height: rowH*len(r.Checks) + 8}
	for i := range r.Checks {
		c := &r.Checks[i]
		hc := htmlCheck{C: c, Meta: checkMeta(c), Score: "–", Findings: sortedFindings(c),
			Open: c.Status == verdict.Fail || c.Status == verdict.Warn}
		bar := htmlBar{Label: c.ID, Status: c.Status, Y: 4 + i*rowH, TextY: 4 + i*rowH + barH - 3, Value: string(c.Status)}
		if hasScore(c) {
			hc.Score = Percent(*c.Score)
			bar.Value = hc.Score
			bar.W = int(verdict.Clamp(*c.Score)*barW + 0.5)
		}
		bar.ValueX = labelW + bar.W
		v.Checks = append(v.Checks, hc)
		v.Chart.Bars = append(v.Chart.Bars, bar)
	}
	t, err := htmlTemplate.Clone()
	if err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	t.Funcs(template.FuncMap{"rel": func(s string) string { return RelativeURL(r.Origin, s) }})
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("writing HTML report: %w", err)
	}
	return nil
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
