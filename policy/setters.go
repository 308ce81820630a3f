package policy

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExplainsCookiesOf reports whether a sentence of the text names a
// service, company or host that sets cookies and, besides that name, speaks
// of cookies or similar technologies ([cookie-context]) or of tracking and
// storing on the visitor's device ([tracking-context], in the sentence's
// language): "We use Google Analytics, which sets cookies to count
// visits", "Hotjar speichert Informationen auf Ihrem Endgerät". A sentence
// that names the service and says nothing of that ("Our shop is hosted on
// Google Cloud") explains no cookie of it.
//
// The name is found as MentionsName finds it (case-insensitive and
// word-bounded, or by another name the embedded vocabulary gives it), with
// one difference: a name that starts with a capital letter is a proper name,
// and the sentence must write it with a capital too ("your express consent"
// does not name Express). The sentence must hold the name itself: a list
// item is read with its lead-in for the words of cookies ("These services
// set cookies:" then "Hotjar"), not for the name. It returns the first such
// sentence.
func (a *Analysis) ExplainsCookiesOf(name string) (sentence string, ok bool) {
	if a == nil || a.text == nil {
		return "", false
	}
	type answer struct {
		sentence string
		ok       bool
	}
	if v, found := a.text.setters.Load(name); found {
		ans := v.(answer)
		return ans.sentence, ans.ok
	}
	sentence, ok = a.text.explainsCookiesOf(name)
	a.text.setters.Store(name, answer{sentence, ok})
	return sentence, ok
}

// explainsCookiesOf is ExplainsCookiesOf without its memory.
func (c *corpus) explainsCookiesOf(name string) (sentence string, ok bool) {
	name = strings.TrimSpace(name)
	q := normalise(name)
	if q == "" {
		return "", false
	}
	var proper *regexp.Regexp
	if r, _ := utf8.DecodeRuneInString(name); unicode.IsUpper(r) {
		proper = regexp.MustCompile(`(?i)` + strings.Join(strings.Fields(regexp.QuoteMeta(name)), `[\s\x{a0}\x{202f}]+`))
	}
	var aliases []*rule
	for _, r := range rules().byLang[""] {
		if r.section == "name" && strings.EqualFold(r.key, name) {
			aliases = append(aliases, r)
		}
	}
	// talks reports whether sentence i speaks of cookies or tracking once
	// the name (and its other names) are blanked out.
	talks := func(i int) bool {
		t := blankWord(c.sents[i].lower, q)
		for _, r := range aliases {
			t = r.re.ReplaceAllStringFunc(t, func(m string) string { return strings.Repeat(" ", len(m)) })
		}
		return cookieTalk(t, c.sents[i].lang)
	}

	tried := make([]bool, len(c.sents))
	for off := 0; off < len(c.lower); {
		k := strings.Index(c.lower[off:], q)
		if k < 0 {
			break
		}
		at := off + k
		off = at + 1
		if !boundaryBefore(c.lower, at) || !boundaryAfter(c.lower, at+len(q)) {
			continue
		}
		i := c.sentenceAt(at)
		if i < 0 || tried[i] {
			continue
		}
		tried[i] = true
		s := c.sents[i]
		if s.words < 2 || !hasWord(normalise(s.text), q) || proper != nil && !writtenProper(s.text, proper) {
			continue
		}
		if talks(i) {
			return s.text, true
		}
	}

	// Another name of the vocabulary ("Meta Platforms" for Facebook); the
	// name itself was judged above, capital and all.
	seen := make([]int32, len(c.sents))
	found := -1
	for _, r := range aliases {
		c.matchRule(r, seen, func(i int) {
			if found >= 0 && i >= found || c.sents[i].words < 2 || !namesOtherwise(r, normalise(c.sents[i].text), q) {
				return
			}
			if talks(i) {
				found = i
			}
		})
	}
	if found >= 0 {
		return c.sents[found].text, true
	}
	return "", false
}

// cookieTalk reports whether the normalised text t speaks of cookies or
// similar technologies, or of tracking, in language lang or in words
// common to all.
func cookieTalk(t, lang string) bool {
	return matchText("cookie-context", "", t, lang) || matchText("tracking-context", "", t, lang)
}

// hasWord reports whether s holds q with word boundaries.
func hasWord(s, q string) bool {
	for off := 0; off < len(s); {
		k := strings.Index(s[off:], q)
		if k < 0 {
			return false
		}
		at := off + k
		if boundaryBefore(s, at) && boundaryAfter(s, at+len(q)) {
			return true
		}
		off = at + 1
	}
	return false
}

// blankWord replaces each word-bounded q of s with spaces.
func blankWord(s, q string) string {
	var b strings.Builder
	last := 0
	for off := 0; off < len(s); {
		k := strings.Index(s[off:], q)
		if k < 0 {
			break
		}
		at := off + k
		if boundaryBefore(s, at) && boundaryAfter(s, at+len(q)) {
			b.WriteString(s[last:at])
			b.WriteString(strings.Repeat(" ", len(q)))
			last = at + len(q)
			off = last
			continue
		}
		off = at + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// writtenProper reports whether text writes the name re finds
// (case-insensitively) word-bounded and starting with a capital letter.
func writtenProper(text string, re *regexp.Regexp) bool {
	for _, loc := range re.FindAllStringIndex(text, -1) {
		r, _ := utf8.DecodeRuneInString(text[loc[0]:])
		if unicode.IsUpper(r) && boundaryBefore(text, loc[0]) && boundaryAfter(text, loc[1]) {
			return true
		}
	}
	return false
}

// namesOtherwise reports whether the vocabulary rule r finds in the
// normalised text t a name other than q itself.
func namesOtherwise(r *rule, t, q string) bool {
	for _, loc := range r.re.FindAllStringIndex(t, -1) {
		if strings.TrimSpace(t[loc[0]:loc[1]]) != q {
			return true
		}
	}
	return false
}
