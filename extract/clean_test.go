package extract

import (
	"strings"
	"testing"
)

// cleanReference is clean as it was first written, the reference for the
// faster one: white space collapsed by strings.Fields, then the same
// finishing (finishClean) that clean applies.
func cleanReference(s string, max int) string {
	return finishClean(strings.Join(strings.Fields(s), " "), max)
}

var cleanCases = []string{
	"", " ", "  ", "a", " a", "a ", " a ", "a b", "a  b", "a\tb", "a \tb", "a\u00a0b", "a\u0085b", "\u3000a\u2028b\u2029",
	"a, , b", ", a ,", "a,  ,  , b", "Tel.:\n\t+49 30 1234567 ", "x\xffy \xff", "\xc2", "a\xc2 b", "ä  ö ü ",
	"one two three", "one two  three", strings.Repeat("ä ", 200), "a\u200bb", "a\u1680b\u205fc\u202f",
}

func TestCleanMatchesReference(t *testing.T) {
	for _, s := range cleanCases {
		for _, max := range []int{0, 1, 3, 40, 300} {
			if got, want := clean(s, max), cleanReference(s, max); got != want {
				t.Errorf("clean(%q, %d) = %q, want %q", s, max, got, want)
			}
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range cleanCases {
		f.Add(s, 300)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 1<<20 {
			max = 300
		}
		if got, want := clean(s, max), cleanReference(s, max); got != want {
			t.Errorf("clean(%q, %d) = %q, want %q", s, max, got, want)
		}
	})
}

func FuzzCollapseSpaceBytes(f *testing.F) {
	for _, s := range cleanCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(s), " ")
		if got := string(collapseSpaceBytes([]byte(s))); got != want {
			t.Errorf("collapseSpaceBytes(%q) = %q, want %q", s, got, want)
		}
		if got := collapseSpace(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
