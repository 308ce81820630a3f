package policy

import "testing"

func TestSplitKeepsGermanDates(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Stand: 1. März 2024. Wir schützen Ihre Daten.", 2},
		{"Diese Erklärung gilt seit dem 25. Mai 2018 und ersetzt alle früheren Fassungen.", 1},
		{"Bijgewerkt op 3. mei 2023. Wij beschermen uw gegevens.", 2},
		{"Wir speichern Daten für 30 Tage. Danach löschen wir sie.", 2},
		{"Abschnitt 2. Zweck der Verarbeitung ist die Vertragserfüllung.", 2},
	}
	for _, tt := range tests {
		if got := splitSentences(tt.text); len(got) != tt.want {
			t.Errorf("splitSentences(%q) = %q, want %d sentences", tt.text, got, tt.want)
		}
	}
}
