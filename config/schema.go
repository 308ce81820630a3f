package config

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the configuration file's JSON Schema.
const SchemaID = "https://github.com/privaudit/privaudit/config/privaudit.schema.json"

// JSONSchema returns the JSON Schema of .privaudit.yaml, generated from
// Config. known.Formats, when given, are the values the format key takes
// (the schema's enum, and its description lists them), and known.Regimes
// those of the regimes key; known.Checks are not used. The published copy, config/privaudit.schema.json, is the
// schema for the formats of the report package; a test keeps it up to
// date.
func JSONSchema(known Known) ([]byte, error) {
	r := &jsonschema.Reflector{
		DoNotReference:             true,
		RequiredFromJSONSchemaTags: true,
		AllowAdditionalProperties:  false,
	}
	s := r.Reflect(&Config{})
	s.ID = jsonschema.ID(SchemaID)
	s.Title = "privaudit configuration (.privaudit.yaml)"
	s.Description = "Every command-line flag of `privaudit audit` has a key of the same name."
	s.Required = []string{"version"}
	if p, ok := s.Properties.Get("checks"); ok && p.AdditionalProperties != nil {
		// A check is a bare level or a mapping.
		obj := p.AdditionalProperties
		p.AdditionalProperties = &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			{Type: "string", Enum: []any{"error", "warn", "off"}},
			obj,
		}}
	}
	if p, ok := s.Properties.Get("format"); ok && len(known.Formats) > 0 {
		enum := make([]any, len(known.Formats))
		for i, f := range known.Formats {
			enum[i] = f
		}
		// The tag's description, with the names.
		p.Description = "Report formats (" + strings.Join(known.Formats, " ") + "): one or a list"
		p.OneOf = []*jsonschema.Schema{
			{Type: "string", Enum: enum},
			{Type: "array", Items: &jsonschema.Schema{Type: "string", Enum: enum}},
		}
	}
	if p, ok := s.Properties.Get("regimes"); ok && len(known.Regimes) > 0 {
		enum := make([]any, len(known.Regimes))
		for i, r := range known.Regimes {
			enum[i] = r
		}
		p.OneOf = []*jsonschema.Schema{
			{Type: "string", Enum: enum},
			{Type: "array", Items: &jsonschema.Schema{Type: "string", Enum: enum}, MinItems: ptr(uint64(1))},
		}
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("config schema: %w", err)
	}
	return append(b, '\n'), nil
}

func ptr[T any](v T) *T { return &v }
