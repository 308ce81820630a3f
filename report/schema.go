package report

import (
	_ "embed" // the schema's descriptions
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/privaudit/privaudit/verdict"
)

// SchemaID is the $id of the JSON report's schema: one schema per major
// version of SchemaVersion, since a minor version only adds fields. The
// file it names is report/schema/v1.json in the repository, which the tests
// keep equal to JSONSchema's output.
const SchemaID = "https://raw.githubusercontent.com/privaudit/privaudit/main/report/schema/v1.json"

// schemaComments holds the doc comments of the report's Go types and
// fields, keyed as invopop/jsonschema's CommentMap wants. The binary has no
// source to read them from, so the tests extract them into this file
// (go test ./report -update) and fail when it is stale.
//
//go:embed schema/comments.json
var schemaComments []byte

// JSONSchema returns the JSON Schema (draft 2020-12) of the JSON report,
// generated from the Report type. It accepts every report of the same
// major schema version: objects may hold properties it does not know,
// because a later minor version adds fields.
func JSONSchema() ([]byte, error) {
	s, err := reportSchema()
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the report schema: %w", err)
	}
	return append(b, '\n'), nil
}

func reportSchema() (*jsonschema.Schema, error) {
	comments := map[string]string{}
	if err := json.Unmarshal(schemaComments, &comments); err != nil {
		return nil, fmt.Errorf("reading the report schema's descriptions: %w", err)
	}
	ref := &jsonschema.Reflector{
		// Later minor versions add fields: a v1 consumer must accept them.
		AllowAdditionalProperties: true,
		CommentMap:                comments,
	}
	s := ref.Reflect(&Report{})
	s.ID = jsonschema.ID(SchemaID)
	s.Title = "privaudit report"
	s.Description = "The JSON report of privaudit, a privacy audit of a website (schema version " + majorVersion(SchemaVersion) + ".x.y)."

	// What the Go types cannot say: closed sets of values and the
	// schema version's major.
	def := func(name string) (*jsonschema.Schema, error) {
		d, ok := s.Definitions[name]
		if !ok || d.Properties == nil {
			return nil, fmt.Errorf("report schema: no definition %q", name)
		}
		return d, nil
	}
	prop := func(d *jsonschema.Schema, name string) (*jsonschema.Schema, error) {
		p, ok := d.Properties.Get(name)
		if !ok {
			return nil, fmt.Errorf("report schema: no property %q", name)
		}
		return p, nil
	}
	var statuses, severities []any
	for _, s := range verdict.Statuses {
		statuses = append(statuses, string(s))
	}
	for _, s := range verdict.Severities {
		severities = append(severities, string(s))
	}
	for _, c := range []struct {
		def, prop string
		set       func(*jsonschema.Schema)
	}{
		{"Report", "schemaVersion", func(p *jsonschema.Schema) {
			p.Pattern = `^` + majorVersion(SchemaVersion) + `\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`
		}},
		{"Report", "grade", func(p *jsonschema.Schema) { p.Enum = []any{"A", "B", "C", "D", "E", "F"} }},
		{"CheckResult", "status", func(p *jsonschema.Schema) { p.Enum = statuses }},
		{"CheckResult", "severity", func(p *jsonschema.Schema) { p.Enum = severities }},
		{"Finding", "severity", func(p *jsonschema.Schema) { p.Enum = severities }},
		{"SuppressedFinding", "severity", func(p *jsonschema.Schema) { p.Enum = severities }},
		// A check that was not scored has a null score, not 0 or 1: a
		// dashboard must not draw 100% for a check that never ran.
		{"CheckResult", "score", nullable(&jsonschema.Schema{Type: "number", Minimum: json.Number("0"), Maximum: json.Number("1")})},
		{"GateResult", "failUnder", nullable(&jsonschema.Schema{Type: "number", Minimum: json.Number("0"), Maximum: json.Number("100")})},
		{"HistoryPoint", "gatePassed", nullable(&jsonschema.Schema{Type: "boolean"})},
	} {
		d, err := def(c.def)
		if err != nil {
			return nil, err
		}
		p, err := prop(d, c.prop)
		if err != nil {
			return nil, err
		}
		c.set(p)
	}
	for name, props := range addedInMinors {
		d, err := def(name)
		if err != nil {
			return nil, err
		}
		d.Required = slices.DeleteFunc(d.Required, func(p string) bool { return slices.Contains(props, p) })
	}
	return s, nil
}

// nullable makes a property take t or null.
func nullable(t *jsonschema.Schema) func(*jsonschema.Schema) {
	return func(p *jsonschema.Schema) {
		p.Type = ""
		p.OneOf = []*jsonschema.Schema{t, {Type: "null"}}
	}
}

// addedInMinors lists, by type, the properties that reports have had
// since a minor version after 1.0 and that are not omitempty: the schema
// must not require them, or it would reject the reports of earlier 1.x
// versions (baseline files among them). A new field should rather be
// omitempty; the tests fail when a new property becomes required.
var addedInMinors = map[string][]string{
	"Report":        {"suppressed", "finishedAt", "dataSources"},
	"PolicySummary": {"contradictions", "claims", "analysed", "legal"},
	"CrawlStats":    {"htmlPages", "truncated"},
	"PageSummary":   {"depth"},
	"ThirdParty":    {"requiresDisclosure"},
}

// majorVersion returns the major of a semantic version.
func majorVersion(v string) string {
	major, _, _ := strings.Cut(v, ".")
	return major
}
