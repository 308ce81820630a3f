package extract

import (
	"regexp"
	"strings"
	"testing"
)

// genericNameReference is the pattern genericNames replaced.
var genericNameReference = regexp.MustCompile(`^(?:here|hier|ici|aquí|aqui|qui|more|mehr|plus|más|read more|learn more|weiterlesen|en savoir plus|meer|lees meer|info|link|»|›|→)$`)

var prefilterSeeds = []string{
	// Street lines, every alternative, in several cases and with the
	// fold twins of s and k.
	"14 Mill Lane", "10 Downing STREET", "5 High St. Bristol", "12 Abbey Road", "3 Elm Rd.", "1600 Pennsylvania Avenue", "22 Ave Foch",
	"9 Sunset Boulevard", "77 Blvd Raspail", "3 Oak Drive", "4 Dr. Street", "1 Infinite Way", "10 Broad Place", "2 Town Square",
	"8 Kings Court", "Suite 100", "4 Park Parkway", "7 Pacific Highway", "Musterstraße 12", "MUSTERSTRASSE 12", "Hauptstr. 5",
	"Feldweg 3", "Sackgasse 2", "Lindenallee 4", "Marktplatz 1", "Ring 7", "Kurfürstendamm 21", "Mainufer 3", "Kalverstraat 92",
	"Dorpslaan 1", "Dorpsplein 2", "Keizersgracht 123", "Oude Kade 4", "Zeedijk 5", "Singel 250", "rue de Rivoli 12",
	"Avenue des Champs 5", "bd Voltaire 3", "Place Vendôme 12", "chemin du Lac 4", "allée des Roses 3", "ALLÉE des Roses 3",
	"impasse Marie 2", "quai d'Orsay 37", "Calle Mayor 5", "c/ Mayor 5", "Avenida Paulista 1000", "Avda. Diagonal 3",
	"Plaza Mayor 1", "Paseo del Prado 8", "Via Roma 1", "Viale Europa 3", "Piazza Navona 2", "Corso Italia 4", "Largo Argentina 5",
	"12 rue de la Paix", "P.O. Box 123", "PO Box 9", "Postfach 12 34", "POSTFACH 1", "12 \u017ftreet", "Hauptſtraße 1",
	"7 \u212ade 3", "Oude \u212aade 4", "Zeedij\u212a 5", "Musterstra\u1e9ee 12",
	// Phones.
	"Tel.: 030 1234567", "Tel. 0301234", "Tel. 030123", "tel (0) 30-12.34/56", "Tel: +(49) 1 2 3 4 5 6", "Fon 1-2-3-4-5-6-7", "TELEFON 030 1234567", "Phone: +44 117 496 0123", "call us on 0800 123 456", "Fon 030 123456",
	"Téléphone 01 23 45 67 89", "TÉLÉPHONE 01 23 45 67 89", "telefoonnummer 020 123 4567", "Móvil 612 345 678",
	"MÓVIL 612 345 678", "Mobile 07700 900123", "cell (555) 123-4567", "Hotline 0800 1234567", "CALL US AT 123456",
	// Postcodes.
	"CA 94103", "SW1A 2AA", "1012 AB Amsterdam", "10115 Berlin", "D-10115 Berlin", "ec1a 1bb", "75001 Paris", "1012AB Amsterdam",
	"12345 Ölstadt", "CA\t94103-1234", "item 1234 then", "item 1234. Next", "W1 1AA", "8000  Zürich", "NY  10001",
	// Placeholders.
	"info@example.com", "x@YOURDOMAIN.COM", "Lorem Ipsum", "123 Main St", "North Main Street", "555-1234", "+(000) 000",
	// Mistyped schemes and generic names.
	"https//example.org", "HTTP:/x", "htps://x", "htttps://x", "ttps://x", `http:\\x`, "here", "read more", "»", "en savoir plus",
	"", " ", "plain text with nothing in it", "Section 12", "© 2024 Oak & Linen Ltd. All rights reserved.",
}

// The literal pre-checks in front of the patterns never say no to a text
// the pattern matches.
func FuzzPrefilters(f *testing.F) {
	for _, s := range prefilterSeeds {
		f.Add(s)
	}
	f.Fuzz(checkPrefilters)
}

func TestPrefilters(t *testing.T) {
	for _, s := range prefilterSeeds {
		checkPrefilters(t, s)
	}
}

func checkPrefilters(t *testing.T, s string) {
	lower := lowerASCII(nil, s)
	if streetPattern.MatchString(s) && !hasAnyBytes(lower, streetWords) && !hasFoldTwin(s) {
		t.Errorf("streetPattern matches %q, streetWords miss it", s)
	}
	if phoneLabelled.MatchString(s) && !hasAnyBytes(lower, phoneLabels) {
		t.Errorf("phoneLabelled matches %q, phoneLabels miss it", s)
	}
	if phoneLabelled.MatchString(s) && !hasNumberRun(s) {
		t.Errorf("phoneLabelled matches %q, hasNumberRun misses it", s)
	}
	if postcodePattern.MatchString(s) && !mayHavePostcode(s) {
		t.Errorf("postcodePattern matches %q, mayHavePostcode misses it", s)
	}
	if placeholderPattern.MatchString(s) && !mayBePlaceholder(s) {
		t.Errorf("placeholderPattern matches %q, mayBePlaceholder misses it", s)
	}
	if got, want := looksLikeMistypedScheme(s), mistypedScheme.MatchString(s); got != want {
		t.Errorf("looksLikeMistypedScheme(%q) = %v, the pattern says %v", s, got, want)
	}
	if got, want := isGenericName(s), genericNameReference.MatchString(strings.TrimSpace(s)); got != want {
		t.Errorf("isGenericName(%q) = %v, the pattern says %v", s, got, want)
	}
}
