package textutil

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

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

func TestJSONError(t *testing.T) {
	type doc struct {
		Name  string `json:"name"`
		Items []int  `json:"items"`
	}
	for in, want := range map[string]string{
		"":               "the file is empty",
		`{"name": `:      "cut short",
		`nope`:           "not valid JSON (error at byte 2)",
		`[1, 2]`:         "found a JSON array where an object was expected",
		`{"items": "x"}`: "found a JSON string at items where a list was expected",
		`{"name": 3}`:    "found a JSON number at name where a string was expected",
	} {
		var d doc
		err := json.NewDecoder(strings.NewReader(in)).Decode(&d)
		got := JSONError(err, "a test document").Error()
		if !strings.Contains(got, want) || !strings.HasSuffix(got, "expected a test document") || strings.Contains(got, "Go value") || strings.Contains(got, "textutil") {
			t.Errorf("%q: %q, want it to contain %q", in, got, want)
		}
	}
}

func TestJSONErrorKeepsOtherErrors(t *testing.T) {
	other := errors.New("disk on fire")
	if got := JSONError(other, "x"); got != other {
		t.Errorf("a non-JSON error is returned as it is: %v", got)
	}
	var syn *json.SyntaxError
	if err := JSONError(json.Unmarshal([]byte("nope"), new(any)), "x"); !errors.As(err, &syn) {
		t.Errorf("the friendly error unwraps to the JSON error: %v", err)
	}
	if JSONError(nil, "x") != nil {
		t.Error("nil stays nil")
	}
}

func TestDuration(t *testing.T) {
	for _, tt := range []struct {
		seconds int64
		want    string
	}{
		{-5, "0 seconds"},
		{0, "0 seconds"},
		{1, "1 second"},
		{59, "59 seconds"},
		{60, "1 minute"},
		{90, "90 seconds"},
		{119, "119 seconds"},
		{120, "2 minutes"},
		{1800, "30 minutes"},
		{5400, "90 minutes"},
		{3600, "1 hour"},
		{7260, "about 2 hours"},
		{86400, "1 day"},
		{129600, "36 hours"},
		{604800, "7 days"},
		{45 * 86400, "45 days"},
		{30 * 86400, "1 month"},
		{90 * 86400, "3 months"},
		{400 * 86400, "about 13 months"},
		{31536000, "1 year"},
		{63072000, "2 years"},
		{63072000 + 3600, "about 2 years"},
		{10 * 31536000, "10 years"},
	} {
		if got := Duration(tt.seconds); got != tt.want {
			t.Errorf("Duration(%d) = %q, want %q", tt.seconds, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	ids := []string{"cookies-explained", "cookie-security", "https"}
	for in, want := range map[string]string{"cookie-explained": "cookies-explained", "HTTPS": "https", "htps": "https", "privacy": ""} {
		if got := Closest(in, ids); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}
