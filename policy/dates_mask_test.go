package policy

import "testing"

func TestMaskDates(t *testing.T) {
	tests := []struct{ in, want string }{
		// English.
		{"Last updated: May 7, 2021.", "Last updated: [date]."},
		{"Effective November 1st 2023", "Effective [date]"},
		{"Updated 7 May 2021", "Updated [date]"},
		{"Generated on Tuesday, 7 May 2021, 2:03 pm", "Generated on [date], [time]"},
		{"Generated Tue May 07 2021 14:03:59 GMT+0200 (CEST)", "Generated [date] [time] GMT+0200 (CEST)"},
		{"at 11:59pm and 2:03 p.m.", "at [time] and [time]"},
		{"LAST UPDATED MAY 7, 2021", "LAST UPDATED [date]"},
		{"as of 05/07/2021", "as of [date]"},
		{"as of 5/7/21", "as of [date]"},
		// German.
		{"Stand: 7. Mai 2021", "Stand: [date]"},
		{"Stand: 1. März 2024, 14:03 Uhr", "Stand: [date], [time]"},
		{"erstellt am 07.05.2021 um 14.03 Uhr", "erstellt am [date] um [time]"},
		{"vom 07.05.21", "vom [date]"},
		{"Stand: März 2024", "Stand: [date]"},
		// French.
		{"Mis à jour le 1er novembre 2023 à 14h03", "Mis à jour le [date] à [time]"},
		{"le mardi 7 mai 2021", "le [date]"},
		{"en vigueur au 7 février 2022", "en vigueur au [date]"},
		// Spanish.
		{"Actualizado el 7 de mayo de 2021 a las 14:03:59", "Actualizado el [date] a las [time]"},
		{"vigente desde mayo de 2021", "vigente desde [date]"},
		// Italian.
		{"Aggiornato il 1º maggio 2021", "Aggiornato il [date]"},
		{"aggiornata al 7 maggio 2021, ore 14:03", "aggiornata al [date], ore [time]"},
		// Dutch.
		{"Bijgewerkt op 7 mei 2021 om 14.03 uur", "Bijgewerkt op [date] om [time]"},
		{"Laatst gewijzigd: 3 mrt. 2023", "Laatst gewijzigd: [date]"},
		// ISO and slashes.
		{"2021-05-07", "[date]"},
		{"2021/05/07 and 2021-05-07T14:03:59.123+02:00", "[date] and [date] [time]"},
		{"at 14:03:59Z", "at [time]"},
		// With no-break spaces between the parts.
		{"7\u00a0mai\u00a02021", "[date]"},

		// Not dates nor times.
		{"section 1.2.10", "section 1.2.10"},
		{"since 2018", "since 2018"},
		{"on 2021-13-45", "on 2021-13-45"},
		{"31.02.2021", "31.02.2021"},
		{"May 2150", "May 2150"},
		{"ISO 27001:2013", "ISO 27001:2013"},
		{"we may keep it", "we may keep it"},
		{"Tel. +49 30 1234567", "Tel. +49 30 1234567"},
		{"no digits at all", "no digits at all"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskDates(tt.in); got != tt.want {
			t.Errorf("MaskDates(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := MaskDates(MaskDates(tt.in)); got != MaskDates(tt.in) {
			t.Errorf("MaskDates is not idempotent on %q: %q", tt.in, got)
		}
	}
}

// TestMaskDatesCoversParseDate checks that a date ParseDate reads is one
// MaskDates masks.
func TestMaskDatesCoversParseDate(t *testing.T) {
	for _, s := range []string{
		"May 7, 2021", "7 May 2021", "7. Mai 2021", "1er novembre 2023", "7 de mayo de 2021", "1º maggio 2021",
		"7 mei 2021", "2021-05-07", "2021/05/07", "07.05.2021", "5/7/2021", "7 janv. 2022", "3 mrt 2023",
	} {
		if ParseDate(s, "en") == "" {
			t.Errorf("ParseDate(%q) reads no date", s)
		}
		if got := MaskDates(s); got != "[date]" {
			t.Errorf("MaskDates(%q) = %q, want [date]", s, got)
		}
	}
}
