package policy

import (
	"testing"
)

// FuzzParse feeds arbitrary bytes, in each format, to Parse and Analyze:
// no panic, and the analysis keeps its shape (every aspect present, at
// most three evidence sentences each, each quoted from the text).
func FuzzParse(f *testing.F) {
	f.Add([]byte("<html><body><main><h1>Privacy</h1><p>We use cookies such as _ga. We do not knowingly collect data from children under 13.</p></main></body></html>"), uint8(0))
	f.Add([]byte("# Datenschutz\n\nStand: 1. März 2024\n\n## Cookies\n\nWir verwenden Cookies.\n\n[Kontakt](mailto:datenschutz@example.de)\n"), uint8(1))
	f.Add([]byte("Last updated: May 7, 2021|||We never sell your data.|||You may access or delete your data."), uint8(2))
	f.Add([]byte("{: datetime=\"2023-11-01\" }\n| a | b |\n|---|---|\n| _ga | 2 years |\n"), uint8(1))
	f.Fuzz(func(t *testing.T, body []byte, format uint8) {
		formats := []Format{FormatHTML, FormatMarkdown, FormatText, ""}
		doc, err := Parse(Source{Format: formats[int(format)%len(formats)], Body: body})
		if err != nil {
			return
		}
		a := Analyze(doc)
		if len(a.Aspects) != len(AspectIDs) {
			t.Fatalf("%d aspects, want %d", len(a.Aspects), len(AspectIDs))
		}
		for id, asp := range a.Aspects {
			if len(asp.Evidence) > 3 {
				t.Fatalf("%s: %d evidence sentences", id, len(asp.Evidence))
			}
			if asp.Covered && len(asp.Evidence) == 0 {
				t.Fatalf("%s covered without evidence", id)
			}
			if asp.Confidence < 0 || asp.Confidence > 1 {
				t.Fatalf("%s: confidence %v", id, asp.Confidence)
			}
		}
		_, _ = a.MentionsName("_ga")
		_, _ = a.ExplainsPurpose("analytics")
		_, _ = a.ExplainsCookiesOf("Google Analytics")
		_, _ = a.ExplainsCookiesOf("doubleclick.net")
		_ = a.Contradictions()
	})
}
