package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/verdict"
)

// JUnitRenderer writes the report as JUnit XML for the test reports of
// GitLab, Jenkins and other CI servers: one test suite, one test case per
// check.
//
// Statuses map as follows:
//   - pass: a passing test case.
//   - fail: a <failure> whose text lists the findings, one a line
//     ("severity URL message").
//   - warn: a passing test case, because a warning does not fail the gate
//     (the exit code treats it the same way); its findings are listed in
//     the test case's <system-out>, where CI servers show them.
//   - informative (a check of weight 0, never scored): a passing test
//     case, its summary and findings in <system-out>.
//   - not-applicable: <skipped>.
//   - error: an <error> (the check could not run).
//
// A test case is named "<check ID>: <title>" with the check's passing title,
// which does not change with the outcome, so CI servers keep one history
// per check; the class name is "privaudit.<site host>", so that the
// reports of several sites stay apart when a CI server merges them.
type JUnitRenderer struct{}

var _ Renderer = JUnitRenderer{}

// Render implements Renderer.
func (JUnitRenderer) Render(w io.Writer, r *Report) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(buildJUnit(r)); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	return nil
}

// junitTestSuites is the document element.
type junitTestSuites struct {
	XMLName  xml.Name         `xml:"testsuites"`
	Name     string           `xml:"name,attr"`
	Tests    int              `xml:"tests,attr"`
	Failures int              `xml:"failures,attr"`
	Errors   int              `xml:"errors,attr"`
	Skipped  int              `xml:"skipped,attr"`
	Time     string           `xml:"time,attr"`
	Suites   []junitTestSuite `xml:"testsuite"`
}

type junitTestSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitTestCase `xml:"testcase"`
	SystemOut  *junitText      `xml:"system-out"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitText is multi-line text, written as CDATA so that it stays
// readable in the file.
type junitText struct {
	Text string `xml:",cdata"`
}

func newJUnitText(s string) *junitText {
	if s == "" {
		return nil
	}
	return &junitText{Text: xmlSafe(s)}
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

func buildJUnit(r *Report) junitTestSuites {
	secs := fmt.Sprintf("%.3f", float64(r.DurationMS)/1000)
	suite := junitTestSuite{
		Name: "privaudit", Time: secs,
		Properties: []junitProperty{
			{Name: "target", Value: r.Target},
			{Name: "origin", Value: r.Origin},
			{Name: "score", Value: fmt.Sprintf("%.1f", r.Score)},
			{Name: "grade", Value: r.Grade},
			{Name: "complete", Value: fmt.Sprint(r.Complete)},
			{Name: "tool.version", Value: r.Tool.Version},
		},
		Cases: []junitTestCase{},
	}
	if g := r.Gate; g != nil {
		suite.Properties = append(suite.Properties, junitProperty{Name: "gate.passed", Value: fmt.Sprint(g.Passed)})
	}
	if !r.StartedAt.IsZero() {
		suite.Timestamp = r.StartedAt.UTC().Format("2006-01-02T15:04:05")
	}
	class := "privaudit." + junitClassSuffix(r)
	for i := range r.Checks {
		c := &r.Checks[i]
		tc := junitTestCase{Classname: class, Name: c.ID + ": " + stableTitle(c), Time: "0"}
		switch shownStatus(c) {
		case verdict.Fail:
			tc.Failure = &junitProblem{Message: textutil.OneLine(c.Summary, 500), Type: string(c.Severity), Text: xmlSafe(junitFindings(c))}
			suite.Failures++
		case verdict.Warn:
			tc.SystemOut = newJUnitText("warning: " + textutil.OneLine(c.Summary, 500) + "\n" + junitFindings(c))
		case verdict.Informative:
			tc.SystemOut = newJUnitText("informative: " + textutil.OneLine(c.Summary, 500) + "\n" + junitFindings(c))
		case verdict.NotApplicable:
			tc.Skipped = &junitSkipped{Message: textutil.OneLine(c.Summary, 500)}
			suite.Skipped++
		case verdict.Error:
			tc.Error = &junitProblem{Message: textutil.OneLine(c.Summary, 500), Type: "error", Text: xmlSafe(c.Summary)}
			suite.Errors++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	suite.Tests = len(suite.Cases)
	var out strings.Builder
	for _, w := range r.Warnings {
		out.WriteString("warning: " + textutil.OneLine(w, 2000) + "\n")
	}
	fmt.Fprintf(&out, "score %.1f/100, grade %s\n", r.Score, r.Grade)
	if g := r.Gate; g != nil && !g.Passed {
		out.WriteString("gate failed: " + textutil.OneLine(strings.Join(g.Reasons, "; "), 2000) + "\n")
	}
	suite.SystemOut = newJUnitText(out.String())
	return junitTestSuites{
		Name: "privaudit", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Skipped: suite.Skipped, Time: secs, Suites: []junitTestSuite{suite},
	}
}

// junitFindings lists findings one a line: severity, URL, message.
func junitFindings(c *CheckResult) string {
	var b strings.Builder
	for _, f := range sortedFindings(c) {
		u := f.URL
		if u == "" {
			u = "-"
		}
		fmt.Fprintf(&b, "%s %s %s\n", f.Severity, textutil.OneLine(u, 2000), textutil.OneLine(f.Message, 2000))
	}
	return b.String()
}

// junitClassSuffix is the site's host with its dots (class-name separators
// for Jenkins) made underscores.
func junitClassSuffix(r *Report) string {
	host := r.Origin
	if host == "" {
		host = r.Target
	}
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	host = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '_'
	}, host)
	if host == "" {
		return "site"
	}
	return host
}

// xmlSafe replaces the characters XML 1.0 cannot hold (most control
// characters, lone surrogates, U+FFFE and U+FFFF) with U+FFFD: CDATA,
// unlike escaped text, would carry them through.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}
