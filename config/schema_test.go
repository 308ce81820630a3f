package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/report"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite privaudit.schema.json")

func TestPublishedSchemaIsCurrent(t *testing.T) {
	got, err := JSONSchema(Known{Formats: report.Formats, Regimes: evidence.RegimeValues})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("privaudit.schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("privaudit.schema.json")
	if err != nil {
		t.Fatalf("published schema missing (go test ./config -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Error("config/privaudit.schema.json is out of date: run `go test ./config -update`")
	}
}

// TestSchemaAgreesWithParser validates sample files against the published
// schema and checks that the schema and the parser accept the same ones.
// Samples whose values are wrong (fail-on: severe) are refused by the CLI,
// not the parser: internal/cli's TestConfigSchemaAgreesWithCLI covers them.
func TestSchemaAgreesWithParser(t *testing.T) {
	raw, err := os.ReadFile("privaudit.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	samples := []struct {
		yaml  string
		valid bool
	}{
		{"version: 1\n", true},
		{"version: 1\nfail-under: 80\nfail-on: high\nformat: [json, sarif]\nchecks:\n  https: warn\n  cookies-explained:\n    level: error\n    min-score: 90\nmax-time: 5m\n", true},
		{"version: 1\nfial-under: 80\n", false},
		{"version: 2\n", false},
		{"fail-under: 80\n", false},
		{"version: 1\nformat: html\n", true},
		{"version: 1\nformat: pdf\n", false},
		{"version: 1\nformat: [json, pdf]\n", false},
		{"version: 1\nregimes: gdpr\n", true},
		{"version: 1\nregimes: [gdpr, ccpa]\n", true},
		{"version: 1\nregimes: {gdpr: true}\n", false},
	}
	for _, s := range samples {
		var v any
		if err := yaml.Unmarshal([]byte(s.yaml), &v); err != nil {
			t.Fatal(err)
		}
		// Round-trip through JSON so the validator sees JSON types.
		j, _ := json.Marshal(v)
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		schemaErr := sch.Validate(inst)
		_, parseErr := Parse([]byte(s.yaml), Known{Formats: report.Formats})
		if (schemaErr == nil) != s.valid || (parseErr == nil) != s.valid {
			t.Errorf("%q: schema says %v, parser says %v, want valid=%v", strings.TrimSpace(s.yaml), schemaErr, parseErr, s.valid)
		}
	}
}

// TestSchemaFormats: the format key takes the known formats, or any string
// when none are known.
func TestSchemaFormats(t *testing.T) {
	format := func(known Known) map[string]any {
		t.Helper()
		b, err := JSONSchema(known)
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Properties map[string]map[string]any `json:"properties"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		return s.Properties["format"]
	}
	got := format(Known{Formats: []string{"table", "json"}})
	if got["description"] != "Report formats (table json): one or a list" {
		t.Errorf("description %q", got["description"])
	}
	want := `[{"enum":["table","json"],"type":"string"},{"items":{"enum":["table","json"],"type":"string"},"type":"array"}]`
	if b, _ := json.Marshal(got["oneOf"]); string(b) != want {
		t.Errorf("oneOf %s, want %s", b, want)
	}
	got = format(Known{})
	if got["description"] != "Report formats: one or a list" || strings.Contains(fmt.Sprint(got["oneOf"]), "enum") {
		t.Errorf("without known formats: %v", got)
	}
}
