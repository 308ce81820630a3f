package config

import (
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the configuration file's JSON Schema.
const SchemaID = "https://github.com/privaudit/privaudit/config/privaudit.schema.json"

// JSONSchema returns the JSON Schema of .privaudit.yaml, generated from
// Config. The published copy is config/privaudit.schema.json; a test keeps
// it up to date.
func JSONSchema() ([]byte, error) {
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
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("config schema: %w", err)
	}
	return append(b, '\n'), nil
}
