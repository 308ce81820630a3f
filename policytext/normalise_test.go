package policytext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// White space, invisible characters, NFKC.
		{"spaces", "  We   keep\tyour\n data.  ", "We keep your data."},
		{"no-break spaces", "We\u00a0keep\u202fyour\u2009data.", "We keep your data."},
		{"zero-width and soft hyphen", "We\u200b keep your\u00ad da\u200cta\ufeff.", "We keep your data."},
		{"NFKC", "Ｗｅ keep your data for ３０ days ﬁnally.", "We keep your data for 30 days finally."},
		{"case kept", "WE KEEP Your Data.", "WE KEEP Your Data."},

		// Dates and times in each language.
		{"en month first", "This page was generated on May 7, 2021 at 14:03.", "This page was generated on [date] at [time]."},
		{"en day first with weekday", "Generated on Tuesday, 7 May 2021, 2:03 pm.", "Generated on [date], [time]."},
		{"en JavaScript date", "Rendered Tue May 07 2021 14:03:59 GMT+0200 (CEST).", "Rendered [date] [time] GMT+0200 (CEST)."},
		{"ISO date and time", "Snapshot 2021-05-07T14:03:59.123Z of the policy.", "Snapshot [date] [time] of the policy."},
		{"de", "Erstellt am 7. Mai 2021 um 14:03:59 Uhr.", "Erstellt am [date] um [time]."},
		{"de numeric", "Seite erzeugt: 07.05.2021, 14.03 Uhr", "Seite erzeugt: [date], [time]"},
		{"fr", "Page générée le 1er novembre 2023 à 14h03.", "Page générée le [date] à [time]."},
		{"fr weekday", "Générée le mardi 7 mai 2021.", "Générée le [date]."},
		{"es", "Generado el 7 de mayo de 2021 a las 14:03.", "Generado el [date] a las [time]."},
		{"it", "Generata il 1º maggio 2021 alle 14:03.", "Generata il [date] alle [time]."},
		{"nl", "Gegenereerd op 7 mei 2021 om 14.03 uur.", "Gegenereerd op [date] om [time]."},
		{"month and year", "Stand: März 2024", "Stand: [date]"},
		{"not a date", "See section 1.2.10 of the terms.", "See section 1.2.10 of the terms."},
		{"year alone", "Since 2018 we have kept data for 5 years.", "Since 2018 we have kept data for 5 years."},

		// Identifiers.
		{"nonce", "Request nonce: Zm9vYmFyYmF6cXV4MTIz", "Request nonce: [id]"},
		{"session ID", "Your session sid_4f9a2b7c1d9e is kept.", "Your session [id] is kept."},
		{"UUID", "Trace 3f2504e0-4f89-11d3-9a0c-0305e82c3301.", "Trace [id]."},
		{"short hex", "Build 4b5d12ac deployed.", "Build [id] deployed."},
		{"case-mixed nonce", "Token aZkQpLmNrTsV issued.", "Token [id] issued."},
		{"product names are words", "Games for PlayStation3, Office365Business and Windows10Pro users.", "Games for PlayStation3, Office365Business and Windows10Pro users."},
		{"CamelCase words", "We use YouTube and LinkedIn plugins on PlayStationNetwork pages.", "We use YouTube and LinkedIn plugins on PlayStationNetwork pages."},
		{"timestamp", "Cache key 1715090639123.", "Cache key [id]."},
		{"hyphenated word", "Our COVID-19-related measures.", "Our COVID-19-related measures."},
		{"long word", "Datenschutzgrundverordnung applies.", "Datenschutzgrundverordnung applies."},
		{"phone", "Call +49 30 1234567 or 0800 123456.", "Call +49 30 1234567 or 0800 123456."},
		{"postal code", "Musterstraße 12, 10115 Berlin.", "Musterstraße 12, 10115 Berlin."},
		{"cookie name", "The cookie bk_session keeps your basket.", "The cookie bk_session keeps your basket."},

		// URLs.
		{"query string", "Write via https://shop.example/contact/?sid=abc123&utm_source=x.", "Write via https://shop.example/contact/."},
		{"fragment", "See https://shop.example/privacy#cookies for more.", "See https://shop.example/privacy for more."},
		{"path parameter", "Visit http://shop.example/help;jsessionid=ABCDEF123456?x=1 today.", "Visit http://shop.example/help today."},
		{"www", "Visit www.shop.example/help?ref=mail!", "Visit www.shop.example/help!"},
		{"parenthesis", "(see https://shop.example/a?b=1).", "(see https://shop.example/a)."},
		{"balanced parenthesis", "See https://en.example.org/wiki/Cookie_(web)?x=1.", "See https://en.example.org/wiki/Cookie_(web)."},

		{"empty", " \u200b\u00a0 ", ""},
	}
	for _, tt := range tests {
		if got := Normalise(tt.in); got != tt.want {
			t.Errorf("%s: Normalise(%q)\n got %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestNormaliseRotatingParts checks that what changes on every request
// normalises to the same sentence.
func TestNormaliseRotatingParts(t *testing.T) {
	pairs := [][2]string{
		{"Generated on May 7, 2021 at 14:03:59.", "Generated on June 30, 2024 at 09:15:00."},
		{"Erstellt am 7. Mai 2021.", "Erstellt am 12. Dezember 2025."},
		{"Session 8c1f2e3d4a5b6c7d8e9f, nonce a1b2c3d4e5f6a7b8.", "Session 0f9e8d7c6b5a4f3e2d1c, nonce 9f8e7d6c5b4a3f2e."},
		{"Read <https://shop.example/privacy/?sid=1>.", "Read <https://shop.example/privacy/?sid=2>."},
		{"We  keep your\u00a0data.", "We keep your data."},
	}
	for _, p := range pairs {
		if a, b := Normalise(p[0]), Normalise(p[1]); a != b {
			t.Errorf("%q and %q normalise to %q and %q, want the same", p[0], p[1], a, b)
		}
	}
}

// idempotenceSeeds are sentences with the parts Normalise rewrites, for
// the property that it is idempotent.
var idempotenceSeeds = []string{
	"Generated on Tue May 07 2021 14:03:59 GMT+0200 (CEST).",
	"Stand: 1. März 2024, 14.03 Uhr; Tel. +49 30 1234567.",
	"le 1er novembre 2023 à 14h03 https://x.example/a?b=c#d",
	"Aggiornato il 1º maggio 2021 ＡＢＣ１２３",
	"ref-839201xyz 2021-05-07-12-2021 5/7/21 07.05.21",
	"abc 123456 12 1234567 (030) 123456-7",
	"a1b2c3d4e5f6g7 1234567 [date] [id]",
	"www.example.org/x;jsessionid=1?y) 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
	"Tuesday, 7 May 2021 Tuesday 2021-05-07T14:03Z",
	"\u200b\u00ad\u00a0 ﬁ ¨ ½ ²³",
}

// FuzzNormalise checks that Normalise is idempotent and keeps valid UTF-8.
func FuzzNormalise(f *testing.F) {
	for _, s := range idempotenceSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Normalise(s)
		if twice := Normalise(once); twice != once {
			t.Errorf("Normalise is not idempotent on %q:\n once %q\ntwice %q", s, once, twice)
		}
		if utf8.ValidString(s) && !utf8.ValidString(once) {
			t.Errorf("Normalise(%q) = %q: not valid UTF-8", s, once)
		}
	})
}

// TestNormaliseIdempotent checks the property on sentences made at random
// of the pieces Normalise rewrites, run every time (the fuzzer runs only
// with -fuzz).
func TestNormaliseIdempotent(t *testing.T) {
	pieces := []string{
		"7", "07", "2021", "21", "May", "mai", "Mai", "mayo", "de", "1er", "1º", "novembre", "März", "Tuesday", "mardi",
		"14:03", ":59", "14h03", "Uhr", "uur", "pm", "p.m.", "Z", "T", "-", ".", "/", ",", " ", "  ", "\u00a0", "\u200b",
		"+", "(", ")", "?", "#", ";", "=", "_", "https://", "www.", "x.example", "sid", "a1b2c3", "d4e5f6", "123456",
		"1234567890", "0800", "abcdef", "ABCDEF", "Ｗ", "１", "ﬁ", "[date]", "[id]", "COVID", "19",
	}
	r := rand.New(rand.NewPCG(12, 2026))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := 1 + r.IntN(12); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		once := Normalise(s)
		if twice := Normalise(once); twice != once {
			t.Fatalf("Normalise is not idempotent on %q:\n once %q\ntwice %q", s, once, twice)
		}
	}
}
