package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite privaudit.schema.json")

func TestPublishedSchemaIsCurrent(t *testing.T) {
	got, err := JSONSchema()
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
		{"version: 1\nfail-on: severe\n", false},
		{"version: 1\nchecks:\n  https: fatal\n", false},
		{"fail-under: 80\n", false},
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
		_, parseErr := Parse([]byte(s.yaml), Known{})
		if (schemaErr == nil) != s.valid || (parseErr == nil) != s.valid {
			t.Errorf("%q: schema says %v, parser says %v, want valid=%v", strings.TrimSpace(s.yaml), schemaErr, parseErr, s.valid)
		}
	}
}
