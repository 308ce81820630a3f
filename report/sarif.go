package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/privaudit/privaudit/verdict"
)

// SARIF 2.1.0 identifiers.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// sarifFingerprintKey names privaudit's fingerprint among a result's
	// partialFingerprints; the version suffix follows GitHub's convention
	// and changes only if Fingerprint's recipe does.
	sarifFingerprintKey = "privauditFingerprint/v1"
	informationURI      = "https://github.com/privaudit/privaudit"
)

// SARIFRenderer writes the report as SARIF 2.1.0 for GitHub code scanning
// and other SARIF consumers: one run, every check of the report a rule
// (with help text from the check's description, why and fix), every
// finding a result located by its URL.
//
// GitHub needs a physical location for each result: the artifact URI is
// the finding's absolute URL and the region is line 1 (a page has no line
// of its own). Results carry the finding's fingerprint as a partial
// fingerprint, so that alerts keep their identity across runs.
//
// A result's level follows its severity (critical and high: error, medium:
// warning, low and info: note), except that a check that only warns has no
// errors, and an informative check (weight 0, never scored) only notes:
// its rule and its results are at level note.
type SARIFRenderer struct{}

var _ Renderer = SARIFRenderer{}

// Render implements Renderer.
func (SARIFRenderer) Render(w io.Writer, r *Report) error {
	return writeJSON(w, buildSARIF(r), "SARIF report")
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	Properties  map[string]any    `json:"properties,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifMessage   `json:"help"`
	DefaultConfiguration sarifRuleConf  `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMessage struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRuleConf struct {
	Level string `json:"level"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	StartTimeUTC               string              `json:"startTimeUtc,omitempty"`
	EndTimeUTC                 string              `json:"endTimeUtc,omitempty"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level          string          `json:"level"`
	Message        sarifText       `json:"message"`
	AssociatedRule *sarifRuleRef   `json:"associatedRule,omitempty"`
	Locations      []sarifLocation `json:"locations,omitempty"`
}

type sarifRuleRef struct {
	ID    string `json:"id"`
	Index int    `json:"index"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          map[string]any     `json:"properties,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

func buildSARIF(r *Report) sarifLog {
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: r.Tool.Name, Version: r.Tool.Version, InformationURI: informationURI, Rules: []sarifRule{},
		}},
		Results: []sarifResult{},
		Properties: map[string]any{
			"target": r.Target, "origin": r.Origin, "score": r.Score, "grade": r.Grade,
			"complete": r.Complete, "schemaVersion": r.SchemaVersion,
		},
	}
	if run.Tool.Driver.Name == "" {
		run.Tool.Driver.Name = "privaudit"
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	if !r.StartedAt.IsZero() {
		inv.StartTimeUTC = r.StartedAt.UTC().Format(time.RFC3339Nano)
		inv.EndTimeUTC = r.StartedAt.Add(time.Duration(r.DurationMS) * time.Millisecond).UTC().Format(time.RFC3339Nano)
	}
	for _, warn := range r.Warnings {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "warning", Message: sarifText{Text: warn}})
	}
	for i := range r.Checks {
		c := &r.Checks[i]
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(c))
		if c.Status == verdict.Error {
			// A check that could not run is the tool's failure, not the
			// site's: a notification, not a result.
			inv.ExecutionSuccessful = false
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "error", Message: sarifText{Text: fmt.Sprintf("check %s could not run: %s", c.ID, c.Summary)},
				AssociatedRule: &sarifRuleRef{ID: c.ID, Index: i},
			})
		}
		for _, f := range sortedFindings(c) {
			run.Results = append(run.Results, sarifResultFor(r, c, i, f))
		}
	}
	// Findings an ignore-file entry suppressed stay in the log, marked as
	// such (GitHub closes their alerts), so that SARIF consumers see why.
	for _, sf := range r.Suppressed {
		i := slices.IndexFunc(r.Checks, func(c CheckResult) bool { return c.ID == sf.CheckID })
		if i < 0 {
			continue
		}
		res := sarifResultFor(r, &r.Checks[i], i, sf.Finding)
		just := sf.Reason
		if sf.Expires != "" {
			just += " (until " + sf.Expires + ")"
		}
		res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: just}}
		run.Results = append(run.Results, res)
	}
	if g := r.Gate; g != nil {
		run.Properties["gatePassed"] = g.Passed
	}
	run.Invocations = []sarifInvocation{inv}
	return sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

func sarifRuleFor(c *CheckResult) sarifRule {
	m := checkMeta(c)
	sev := verdict.Severity(c.Severity)
	if sev == "" {
		sev = m.Severity
	}
	short := m.Title
	if short == "" {
		short = c.ID
	}
	full := m.Description
	if full == "" {
		full = short
	}
	var text, md strings.Builder
	text.WriteString(full)
	md.WriteString(full)
	if m.Why != "" {
		fmt.Fprintf(&text, "\n\nWhy it matters: %s", m.Why)
		fmt.Fprintf(&md, "\n\n**Why it matters.** %s", m.Why)
	}
	if m.Fix != "" {
		fmt.Fprintf(&text, "\n\nHow to fix: %s", m.Fix)
		fmt.Fprintf(&md, "\n\n**How to fix.** %s", m.Fix)
	}
	level := sarifLevel(sev)
	if shownStatus(c) == verdict.Informative {
		level = "note"
	}
	return sarifRule{
		ID: c.ID, Name: pascalCase(c.ID),
		ShortDescription:     sarifText{Text: short},
		FullDescription:      sarifText{Text: full},
		Help:                 sarifMessage{Text: text.String(), Markdown: md.String()},
		DefaultConfiguration: sarifRuleConf{Level: level},
		Properties: map[string]any{
			// GitHub shows rules tagged "security" with the numeric
			// security-severity (a string) as critical/high/medium/low.
			"tags":              []string{"privacy", "security", "compliance"},
			"precision":         "high",
			"problem.severity":  sarifProblemSeverity(sev),
			"security-severity": securitySeverity(sev),
		},
	}
}

func sarifResultFor(r *Report, c *CheckResult, ruleIndex int, f Finding) sarifResult {
	sev := verdict.Severity(f.Severity)
	if sev == "" {
		sev = verdict.Severity(c.Severity)
	}
	level := sarifLevel(sev)
	switch shownStatus(c) {
	case verdict.Warn:
		if level == "error" {
			// A check that only warns does not fail the gate; its
			// findings are not errors either.
			level = "warning"
		}
	case verdict.Informative:
		// An informative check is shown, never scored: its findings
		// are notes whatever their severity.
		level = "note"
	}
	uri := sarifURI(f.URL)
	if uri == "" {
		uri = sarifURI(r.Origin)
	}
	msg := f.Message
	if f.URL != "" {
		msg += " (" + f.URL + ")"
	}
	fp := f.Fingerprint
	if fp == "" {
		fp = Fingerprint(c.ID, r.Origin, f.URL, f.Subject)
	}
	res := sarifResult{
		RuleID: c.ID, RuleIndex: ruleIndex, Level: level,
		Message:             sarifText{Text: msg},
		Locations:           []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: uri}, Region: sarifRegion{StartLine: 1}}}},
		PartialFingerprints: map[string]string{sarifFingerprintKey: fp},
	}
	switch f.BaselineState {
	case "new", "unchanged", "updated", "absent":
		res.BaselineState = f.BaselineState
	}
	props := map[string]any{"severity": string(sev)}
	if f.Subject != "" {
		props["subject"] = f.Subject
	}
	if len(f.Evidence) > 0 {
		props["evidence"] = f.Evidence
	}
	res.Properties = props
	return res
}

// sarifURI makes a URL a valid URI reference (RFC 3986): what the crawler
// recorded normally is one already; any other byte, a stray "%" included,
// is percent-encoded.
func sarifURI(raw string) string {
	const hex = "0123456789ABCDEF"
	isHex := func(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			b.WriteByte(c)
		case c != '%' && c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s verdict.Severity) string {
	switch s {
	case verdict.Critical, verdict.High:
		return "error"
	case verdict.Medium:
		return "warning"
	}
	return "note"
}

// sarifProblemSeverity is the CodeQL-style problem.severity of a severity.
func sarifProblemSeverity(s verdict.Severity) string {
	switch s {
	case verdict.Critical, verdict.High:
		return "error"
	case verdict.Medium:
		return "warning"
	}
	return "recommendation"
}

// securitySeverity is GitHub's security-severity score of a severity; GitHub
// reads it as CVSS: 9.0 and over is critical, 7.0 to 8.9 high, 4.0 to 6.9
// medium, 0.1 to 3.9 low.
func securitySeverity(s verdict.Severity) string {
	switch s {
	case verdict.Critical:
		return "9.0"
	case verdict.High:
		return "7.5"
	case verdict.Medium:
		return "5.0"
	case verdict.Low:
		return "3.0"
	}
	return "0.0"
}

// pascalCase turns a check ID (kebab-case) into a rule name.
func pascalCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
