package textutil

import "testing"

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 pages", 1: "1 page", 2: "2 pages"} {
		if got := Plural(n, "page", "pages"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestOneLine(t *testing.T) {
	for _, tt := range []struct {
		in   string
		max  int
		want string
	}{
		{"a\n  b\tc", 0, "a b c"},
		{"a\x1b[31mred\x07", 0, "a [31mred"},
		{"héllo wörld", 6, "héllo…"},
		{"short", 10, "short"},
		{"\u0085next line", 0, "next line"},
	} {
		if got := OneLine(tt.in, tt.max); got != tt.want {
			t.Errorf("OneLine(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
