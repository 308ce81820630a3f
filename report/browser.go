package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
)

// phaseOrder is the order the consent phases are shown in.
var phaseOrder = []string{"before", "reject", "accept"}

// bannerText says in words what a browser found of the consent banner:
// "consent banner: OneTrust, reject on its first layer", "no consent
// banner"... It is empty when the report has no consent summary.
func bannerText(c *ConsentSummary) string {
	if c == nil {
		return ""
	}
	switch c.Found {
	case "banner":
		s := "consent banner: " + textutil.OneLine(orDash(c.Platform), 60)
		if c.RejectOnFirstLayer {
			return s + ", reject on its first layer"
		}
		return s + ", no reject on its first layer"
	case "none":
		return "no consent banner"
	case "not-rendered":
		return "no consent banner appeared in time"
	case "blocked":
		return "the browser was blocked"
	}
	return "consent banner: " + textutil.OneLine(c.Found, 40)
}

// browserLine is the one-line account of browser mode: pages rendered,
// the banner, the share of cookies and storage keys classified.
func browserLine(r *Report) string {
	line := textutil.Plural(len(r.Browser.PagesRendered), "page", "pages") + " rendered"
	if b := bannerText(r.Consent); b != "" {
		line += "; " + b
	}
	return line + fmt.Sprintf("; %d of %d cookies and storage keys classified", r.Browser.Classified, r.Browser.Total)
}

// phaseRow is one consent phase as the renderers show it.
type phaseRow struct {
	Name string
	PhaseSummary
	// ChoiceText is the recorded decision and where it was read, a dash
	// when none was.
	ChoiceText string
}

// phaseRows lists the consent phases a report has, in their order.
func phaseRows(c *ConsentSummary) []phaseRow {
	if c == nil {
		return nil
	}
	var rows []phaseRow
	for _, name := range phaseOrder {
		p, ok := c.Phases[name]
		if !ok {
			continue
		}
		row := phaseRow{Name: name, PhaseSummary: p, ChoiceText: orDash("")}
		if p.Choice != nil {
			row.ChoiceText = p.Choice.Decision + " (" + textutil.OneLine(p.Choice.Source, 40) + ")"
		}
		rows = append(rows, row)
	}
	return rows
}

// typeCounts writes a request's counts by resource type, most first:
// "Ping 3, Script 1".
func typeCounts(m map[string]int) string {
	types := make([]string, 0, len(m))
	for t := range m {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if m[types[i]] != m[types[j]] {
			return m[types[i]] > m[types[j]]
		}
		return types[i] < types[j]
	})
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("%s %d", t, m[t])
	}
	return orDash(strings.Join(parts, ", "))
}

// categoryText is a category with the platform or service in brackets:
// "analytics (Hotjar)"; a dash when neither is known.
func categoryText(category, platform string) string {
	switch {
	case category == "" && platform == "":
		return orDash("")
	case platform == "":
		return category
	case category == "":
		return "(" + platform + ")"
	}
	return category + " (" + platform + ")"
}

// setBy says how a cookie was set and by which host: "script on
// www.example.com", "http"; a dash when unknown (static mode).
func setBy(c *CookieInfo) string {
	switch {
	case c.Via == "" && c.SetBy == "":
		return orDash("")
	case c.SetBy == "":
		return c.Via
	case c.Via == "":
		return c.SetBy
	}
	return c.Via + " on " + c.SetBy
}
