// Package textutil holds the few text helpers several packages share, so
// that each is written once.
package textutil

import (
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
