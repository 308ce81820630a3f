package report

import (
	"encoding/xml"
	"strings"
	"testing"
)

// junitDoc is how a CI server reads the JUnit report; it is declared apart
// from the renderer's types so that the test reads the XML as written.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Errors     int    `xml:"errors,attr"`
		Skipped    int    `xml:"skipped,attr"`
		Timestamp  string `xml:"timestamp,attr"`
		Time       string `xml:"time,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
		SystemOut string `xml:"system-out"`
	} `xml:"testsuite"`
}

// TestJUnitParsesBack parses the JUnit report back and checks it against
// the report: one test case per check, the counts, and the findings of a
// failing check one a line, hostile strings intact.
func TestJUnitParsesBack(t *testing.T) {
	r := fixtureReport()
	out := render(t, "junit", r)
	if !strings.HasPrefix(string(out), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Error("no XML declaration")
	}
	var doc junitDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v", err)
	}
	if len(doc.Suites) != 1 {
		t.Fatalf("%d test suites, want 1", len(doc.Suites))
	}
	s := doc.Suites[0]
	if s.Name != "privaudit" || s.Tests != len(r.Checks) || len(s.Cases) != len(r.Checks) {
		t.Fatalf("suite %q: %d tests, %d cases; want privaudit and %d", s.Name, s.Tests, len(s.Cases), len(r.Checks))
	}
	// The fixture: fail, warn, pass, not-applicable, informative, error,
	// fail, fail, not-applicable.
	if s.Failures != 3 || s.Errors != 1 || s.Skipped != 2 {
		t.Errorf("suite counts: %d failures, %d errors, %d skipped; want 3, 1, 2", s.Failures, s.Errors, s.Skipped)
	}
	if doc.Tests != s.Tests || doc.Failures != s.Failures || doc.Errors != s.Errors || doc.Skipped != s.Skipped {
		t.Errorf("testsuites counts %+v differ from the suite's", doc)
	}
	if s.Timestamp != "2025-03-04T05:06:07" || s.Time != "4.321" {
		t.Errorf("timestamp %q, time %q", s.Timestamp, s.Time)
	}
	props := map[string]string{}
	for _, p := range s.Properties {
		props[p.Name] = p.Value
	}
	if props["score"] != "61.5" || props["grade"] != "D" || props["gate.passed"] != "false" {
		t.Errorf("properties %v", props)
	}
	for i, tc := range s.Cases {
		c := r.Checks[i]
		if tc.Classname != "privaudit.shop_test" || !strings.HasPrefix(tc.Name, c.ID+": ") {
			t.Errorf("case %d: classname %q, name %q", i, tc.Classname, tc.Name)
		}
		switch c.Status {
		case "fail":
			if tc.Failure == nil {
				t.Fatalf("%s: no failure", c.ID)
			}
			lines := strings.Split(strings.TrimSuffix(tc.Failure.Text, "\n"), "\n")
			if len(lines) != len(c.Findings) {
				t.Errorf("%s: %d failure lines for %d findings: %q", c.ID, len(lines), len(c.Findings), tc.Failure.Text)
			}
			for j, f := range sortedFindings(&c) {
				u := f.URL
				if u == "" {
					u = "-"
				}
				if want := string(f.Severity) + " " + u + " " + f.Message; j < len(lines) && lines[j] != want {
					t.Errorf("%s: line %d is %q, want %q", c.ID, j, lines[j], want)
				}
			}
			if tc.Failure.Message != c.Summary || tc.Failure.Type != string(c.Severity) {
				t.Errorf("%s: failure message %q type %q", c.ID, tc.Failure.Message, tc.Failure.Type)
			}
		case "warn":
			if tc.Failure != nil || tc.Error != nil || tc.Skipped != nil {
				t.Errorf("%s: a warning fails the test case", c.ID)
			}
			if !strings.Contains(tc.SystemOut, hostile) {
				t.Errorf("%s: system-out %q does not list the findings", c.ID, tc.SystemOut)
			}
		case "pass":
			if tc.Failure != nil || tc.Error != nil || tc.Skipped != nil {
				t.Errorf("%s: a passing check is not a passing test case", c.ID)
			}
		case "not-applicable":
			if tc.Skipped == nil || tc.Skipped.Message != c.Summary {
				t.Errorf("%s: not skipped with the summary", c.ID)
			}
		case "error":
			if tc.Error == nil || tc.Error.Message != c.Summary {
				t.Errorf("%s: no error with the summary", c.ID)
			}
		case "informative":
			// Shown, never scored: a passing test case that says so, with
			// its findings.
			if tc.Failure != nil || tc.Error != nil || tc.Skipped != nil {
				t.Errorf("%s: an informative check is not a passing test case", c.ID)
			}
			if !strings.HasPrefix(tc.SystemOut, "informative: "+c.Summary+"\n") || !strings.Contains(tc.SystemOut, c.Findings[0].Message) {
				t.Errorf("%s: system-out %q: want the summary and the findings", c.ID, tc.SystemOut)
			}
		default:
			t.Errorf("%s: status %s is not tested", c.ID, c.Status)
		}
	}
	// The test case names do not change with the outcome.
	if s.Cases[1].Name != "cookie-security: Cookies carry security flags" {
		t.Errorf("name %q: want the passing title", s.Cases[1].Name)
	}
	if !strings.Contains(s.Cases[0].Failure.Text, hostileMD) {
		t.Error("the hostile message does not survive")
	}
	if !strings.Contains(s.SystemOut, "robots.txt says "+hostile) || !strings.Contains(s.SystemOut, "gate failed: ") {
		t.Errorf("suite system-out %q", s.SystemOut)
	}
}

// TestJUnitControlCharacters: characters XML cannot hold do not break the
// document.
func TestJUnitControlCharacters(t *testing.T) {
	r := fixtureReport()
	r.Checks[0].Summary = "bell \x07 nul \x00 esc \x1b ]]> end"
	r.Checks[0].Findings[0].Message = "form feed \x0c here"
	var doc junitDoc
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v", err)
	}
	if got := doc.Suites[0].Cases[0].Failure.Text; !strings.Contains(got, "form feed") {
		t.Errorf("failure text %q", got)
	}
	// "]]>" inside CDATA is split, not cut short.
	r.Checks[5].Summary = "a ]]> b \x00"
	doc = junitDoc{}
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v", err)
	}
	if c := doc.Suites[0].Cases[5]; c.Error == nil || c.Error.Text != "a ]]> b \uFFFD" {
		t.Errorf("error case %+v: want the text with ]]> whole", c.Error)
	}
}

// TestJUnitLegacyInformative: a report of schema 1.0 gave a check of
// weight 0 a judged status and a score; it is informative all the same,
// not a failure.
func TestJUnitLegacyInformative(t *testing.T) {
	r := fixtureReport()
	c := &r.Checks[4]
	c.Status, c.Score = "fail", score(0)
	var doc junitDoc
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Fatal(err)
	}
	tc := doc.Suites[0].Cases[4]
	if tc.Failure != nil || !strings.HasPrefix(tc.SystemOut, "informative: ") {
		t.Errorf("%s of weight 0 failing: case %+v, want a passing informative case", c.ID, tc)
	}
	if doc.Suites[0].Failures != 3 {
		t.Errorf("%d failures, want 3: the informative check is not one", doc.Suites[0].Failures)
	}
}
