package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSONRenderer writes a document as indented JSON: the audit report (whose
// fields are a public contract, see JSONSchema), a diff or a policy report.
type JSONRenderer struct{}

var (
	_ Renderer       = JSONRenderer{}
	_ DiffRenderer   = JSONRenderer{}
	_ PolicyRenderer = JSONRenderer{}
)

// Render implements Renderer.
func (JSONRenderer) Render(w io.Writer, r *Report) error {
	return writeJSON(w, r, "JSON report")
}

// RenderDiff implements DiffRenderer.
func (JSONRenderer) RenderDiff(w io.Writer, d *Diff) error {
	return writeJSON(w, d, "JSON diff")
}

// RenderPolicy implements PolicyRenderer.
func (JSONRenderer) RenderPolicy(w io.Writer, r *PolicyReport) error {
	return writeJSON(w, r, "JSON policy report")
}

// writeJSON writes v as indented JSON, leaving <, > and & as they are;
// what names the document in the error.
func writeJSON(w io.Writer, v any, what string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("writing %s: %w", what, err)
	}
	return nil
}
