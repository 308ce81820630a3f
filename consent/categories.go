package consent

import "github.com/privaudit/privaudit/catalog"

// categories maps Consent-O-Matic's consent categories to privaudit's
// purpose categories (see the package documentation).
var categories = map[string][]string{
	// Preferences and functionality.
	"A": {catalog.Preferences, catalog.Functional},
	// Performance and analytics.
	"B": {catalog.Analytics},
	// Information storage and access: TCF purpose 1, the access to the
	// device that every other purpose needs. It has no category of its
	// own: it is granted with any of them.
	"D": {},
	// Content selection, delivery and reporting (personalised content).
	"E": {catalog.Marketing},
	// Ad selection, delivery and reporting.
	"F": {catalog.Marketing},
	// Other purposes: social media, embedded content, geolocation.
	"X": {catalog.Social},
}

// Categories returns privaudit's purpose categories that a Consent-O-Matic
// consent category (A, B, D, E, F or X) stands for. D, storage and access
// on the device, stands for none alone (it comes with any other), so it
// returns an empty list; an unknown letter returns nil.
func Categories(letter string) []string {
	c, ok := categories[letter]
	if !ok {
		return nil
	}
	return append([]string{}, c...)
}

// Letters returns the Consent-O-Matic consent settings that grant the given
// purpose categories of privaudit's and refuse the others: D is on when any
// category is granted. Letters() is a reject, Letters with every category
// an accept.
func Letters(granted ...string) map[string]bool {
	out := map[string]bool{}
	someOn := false
	for letter, cats := range categories {
		on := false
		for _, c := range cats {
			for _, g := range granted {
				if c == g {
					on = true
				}
			}
		}
		out[letter] = on
		someOn = someOn || on
	}
	out["D"] = someOn
	return out
}

// allLetters returns every consent category set to on.
func allLetters(on bool) map[string]bool {
	out := map[string]bool{}
	for _, l := range consentLetters {
		out[l] = on
	}
	return out
}
