// Package textutil holds the few text helpers several packages share, so
// that each is written once.
package textutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Plural writes a count with the singular or plural noun: "1 page",
// "3 pages".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// OneLine collapses white space and replaces control characters (a site
// controls many strings: no line break or escape sequence reaches a
// terminal or a one-line error), then cuts to max runes with an ellipsis
// (max <= 0: no cut).
func OneLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); max > 0 && len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// JSONError returns err, when it is a JSON decoding error, as an error
// that says what is wrong in a user's words (where the syntax broke, what
// kind of value was found where another was expected) instead of Go's
// ("invalid character 'o' in literal null", "cannot unmarshal array into
// Go value of type report.Report"), and still unwraps to err. what names
// the expected document ("a privaudit JSON report"). Other errors are
// returned as they are.
func JSONError(err error, what string) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var msg string
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF):
		msg = "the file is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "the JSON is cut short"
	case errors.As(err, &syn):
		msg = fmt.Sprintf("not valid JSON (error at byte %d)", syn.Offset)
	case errors.As(err, &typ):
		where := ""
		if typ.Field != "" {
			where = " at " + typ.Field
		}
		msg = fmt.Sprintf("found a JSON %s%s where %s was expected", typ.Value, where, kindOf(typ.Type))
	default:
		return err
	}
	return &plainError{msg: msg + "; expected " + what, err: err}
}

// plainError is an error in a user's words that unwraps to its cause.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// kindOf names the JSON value a Go type reads.
func kindOf(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return kindOf(t.Elem())
	}
	return "another value"
}

// durationUnits are the units Duration writes, largest first; a month is
// 30 days and a year 365 days.
var durationUnits = []struct {
	seconds   int64
	one, many string
}{
	{365 * 86400, "year", "years"},
	{30 * 86400, "month", "months"},
	{86400, "day", "days"},
	{3600, "hour", "hours"},
	{60, "minute", "minutes"},
	{1, "second", "seconds"},
}

// Duration writes a number of seconds (a cookie's Max-Age) for a reader:
// "2 years", "90 minutes", "about 13 months". It takes the largest unit
// that holds the duration exactly, or at least twice (so that 45 days stay
// "45 days" rather than "about 2 months"), and rounds to a whole number of
// that unit, saying "about" when it rounded. A month is 30 days and a year
// 365 days; a negative duration is "0 seconds".
func Duration(seconds int64) string {
	if seconds <= 0 {
		return "0 seconds"
	}
	for _, u := range durationUnits {
		if seconds%u.seconds != 0 && seconds < 2*u.seconds {
			continue
		}
		n := (seconds + u.seconds/2) / u.seconds
		s := strconv.FormatInt(n, 10) + " " + u.many
		if n == 1 {
			s = "1 " + u.one
		}
		if n*u.seconds != seconds {
			s = "about " + s
		}
		return s
	}
	return "0 seconds" // not reached: every duration is a whole number of seconds
}

// Closest returns the candidate nearest to word by edit distance, when it
// is near enough to be a typo (at most 2 edits), or "".
func Closest(word string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(word), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
