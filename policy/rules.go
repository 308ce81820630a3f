package policy

import (
	"bufio"
	"embed"
	"fmt"
	"path"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// The rules live in embedded data files, one per language (rules/LANG.rules)
// plus rules/common.rules for wording that is the same in every language.
// A file is a list of [sections]; each line of a section is a pattern,
// optionally preceded by a weight:
//
//	[aspect:cookies]         sentence rules for an aspect (weights add up)
//	[heading:cookies]        heading rules: a sentence under a matching
//	                         heading that has some evidence gets a bonus
//	[requires:privacy-contact] the aspect is covered only if one of these
//	                         matches somewhere in the text (e.g. a means of
//	                         contact: an e-mail address, a street, a form)
//	[legal:legal-basis]      sentence rules for a legal element (GDPR Art.
//	                         13/14, CCPA; see LegalElements), read like
//	                         [aspect:...]: weights add up, 3 covers
//	[legal-heading:ID]       heading rules for a legal element, like
//	                         [heading:...]
//	[legal-requires:ID]      a sentence covers the legal element only if one
//	                         of these matches it or a sentence near it: the
//	                         one before or one of the five after, under the
//	                         same heading (a controller named together with
//	                         its postal address, on the next lines); the
//	                         element then also reads lines that look like
//	                         titles, as the lines of an address block do
//	[law:gdpr]               words that name a law, for LawMentions
//	[claim:no-cookies]       a claim; [exception] lines cancel claims
//	[claim-end]              what may follow a claim: the rest of the
//	                         sentence after a claim rule's longest match
//	                         must match it from its start (one pattern
//	                         per language)
//	[purpose:analytics]      purposes of cookies, for ExplainsPurpose
//	[cookie-context]         words for cookies and similar technologies
//	[tracking-context]       words for tracking and for storing on the
//	                         visitor's device, for ExplainsCookiesOf
//	[date-label]             "last updated" and its kin
//	[months]                 "N name name..." month names
//	[stopwords]              frequent words, for language detection
//	[define]                 "name = pattern": a named part of patterns
//
// Patterns are Go regular expressions matched against the sentence in lower
// case, with typographic apostrophes and quotes made plain. Write them in
// lower case. Each needs a literal of two or more bytes that any match
// contains (or a rare sign such as "@"): it is what finds candidate
// sentences quickly.
//
// A line may join patterns with " && ": the rule matches a sentence that
// every one of them matches, in any order ("personal data" && "shared" &&
// "with a third party", whichever way the language orders them).
//
// A pattern may name a part defined earlier in the same file with
// "{name}": a [define] line "we = \b(?:we|this website)" makes
// "{we} do not use cookies" read "(?:\b(?:we|this website)) do not use
// cookies". Definitions may use earlier ones. They let a rule read as the
// definition of what it recognises (a subject, a negated verb, an object)
// instead of one long expression.

//go:embed rules/*.rules rules/names.txt
var ruleFS embed.FS

// Languages lists the languages with rules, in detection order.
var Languages = []string{"en", "de", "fr", "nl", "es", "it"}

// rule is one compiled pattern.
type rule struct {
	section string // "aspect", "heading", "claim", ...
	key     string // aspect ID, claim kind, purpose category
	lang    string // language of the file, "" for common
	weight  float64
	src     string
	re      *regexp.Regexp
	also    []*regexp.Regexp // more patterns joined with " && "
	lits    []string         // one of these occurs in every match
	sets    [][]string       // more such sets: every match holds one of each
	id      int              // index in ruleSet.rules
}

// ruleSet is everything loaded from the data files.
type ruleSet struct {
	rules     []*rule
	byLang    map[string][]*rule
	stopwords map[string][]string // word -> languages
	months    map[string]int
	monthAlt  string // regexp alternation of month names, longest first
	index     *literalIndex
	keys      []ruleKey                 // literal groups of index: rule and set
	full      []uint8                   // per rule: the bits of all its sets
	requires  map[string]bool           // aspects with [requires:...] rules
	legalReq  map[string]bool           // legal elements with [legal-requires:...] rules
	claimEnd  map[string]*regexp.Regexp // per language: [claim-end], anchored
	dates     dateRules                 // date patterns built from the month names
}

// ruleKey names literal set bit of rule.
type ruleKey struct {
	rule int32
	bit  uint8
}

// rules returns the rule set, compiled on first use rather than when the
// package loads: compiling takes about 250 ms and allocates 85 MB, 16 MB of
// which it keeps (BenchmarkLoadRules), which a program that imports the
// package but reads no policy (privaudit --version) should not pay. It is
// safe for concurrent use.
var rules = sync.OnceValue(func() *ruleSet {
	rs, err := loadRules()
	if err != nil {
		// A build defect: TestRulesAreWellFormed guarantees the embedded
		// rule files load.
		panic(err)
	}
	rulesLoaded.Store(true)
	return rs
})

// rulesLoaded records that rules has compiled the rule set (for tests).
var rulesLoaded atomic.Bool

// newRuleSet returns an empty rule set, ready for parseFile.
func newRuleSet() *ruleSet {
	return &ruleSet{byLang: map[string][]*rule{}, stopwords: map[string][]string{}, months: map[string]int{}, requires: map[string]bool{}, legalReq: map[string]bool{}, claimEnd: map[string]*regexp.Regexp{}}
}

func loadRules() (*ruleSet, error) {
	rs := newRuleSet()
	files := append([]string{"common"}, Languages...)
	for _, lang := range files {
		name := "rules/" + lang + ".rules"
		data, err := ruleFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("load rules: %w", err)
		}
		l := lang
		if lang == "common" {
			l = ""
		}
		if err := rs.parseFile(name, l, string(data)); err != nil {
			return nil, err
		}
	}
	if err := rs.loadNames(); err != nil {
		return nil, err
	}
	var groups [][]string
	rs.full = make([]uint8, len(rs.rules))
	for _, r := range rs.rules {
		for k, set := range r.sets {
			groups = append(groups, set)
			rs.keys = append(rs.keys, ruleKey{int32(r.id), uint8(k)})
			rs.full[r.id] |= 1 << k
		}
	}
	rs.index = newLiteralIndex(groups)
	names := make([]string, 0, len(rs.months))
	for m := range rs.months {
		names = append(names, regexp.QuoteMeta(m))
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	rs.monthAlt = strings.Join(names, "|")
	if err := rs.compileDates(); err != nil {
		return nil, err
	}
	return rs, nil
}

func (rs *ruleSet) parseFile(name, lang, data string) error {
	sc := bufio.NewScanner(strings.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	section, key := "", ""
	defs := map[string]string{}
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section, key, _ = strings.Cut(line[1:len(line)-1], ":")
			continue
		}
		where := fmt.Sprintf("%s:%d", name, ln)
		switch section {
		case "define":
			n, p, ok := strings.Cut(line, " = ")
			n, p = strings.TrimSpace(n), strings.TrimSpace(p)
			if !ok || !defName.MatchString(n) || p == "" {
				return fmt.Errorf("%s: bad definition %q (want \"name = pattern\")", where, line)
			}
			if _, dup := defs[n]; dup {
				return fmt.Errorf("%s: %q is defined twice", where, n)
			}
			p, err := expandDefs(p, defs)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			if _, err := regexp.Compile(p); err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			defs[n] = p
			continue
		case "claim-end":
			if rs.claimEnd[lang] != nil {
				return fmt.Errorf("%s: a second [claim-end] pattern", where)
			}
			p, err := expandDefs(line, defs)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			re, err := regexp.Compile(`^(?:` + p + `)`)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			rs.claimEnd[lang] = re
			continue
		case "stopwords":
			for _, w := range strings.Fields(line) {
				rs.stopwords[w] = append(rs.stopwords[w], lang)
			}
			continue
		case "months":
			f := strings.Fields(line)
			n, err := strconv.Atoi(f[0])
			if err != nil || n < 1 || n > 12 || len(f) < 2 {
				return fmt.Errorf("%s: bad month line %q", where, line)
			}
			for _, m := range f[1:] {
				rs.months[m] = n
			}
			continue
		case "aspect", "heading", "claim", "purpose", "exception", "cookie-context", "tracking-context", "date-label", "requires",
			"legal", "legal-heading", "legal-requires", "law":
		default:
			return fmt.Errorf("%s: line outside a known section: %q", where, line)
		}
		weight, pat := 1.0, line
		if f, rest, ok := strings.Cut(line, " "); ok {
			if w, err := strconv.ParseFloat(f, 64); err == nil {
				weight, pat = w, strings.TrimSpace(rest)
			}
		}
		parts := strings.Split(pat, " && ")
		if len(parts) > 1 && section == "date-label" {
			return fmt.Errorf("%s: a date label cannot join patterns with &&", where)
		}
		var res []*regexp.Regexp
		var sets [][]string
		for k, p := range parts {
			p, err := expandDefs(strings.TrimSpace(p), defs)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			re, err := regexp.Compile(p)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			lits := requiredLiterals(p)
			if lits == nil {
				return fmt.Errorf("%s: pattern %q has no required literal", where, p)
			}
			res = append(res, re)
			if k == 0 {
				sets = requiredSets(p, lits)
			} else if len(sets) < maxSets {
				sets = append(sets, lits)
			}
		}
		if section == "claim" {
			// What follows the match must read as the end of a claim
			// (matchClaim): the match takes all it can.
			res[0].Longest()
		}
		r := &rule{section: section, key: key, lang: lang, weight: weight, src: pat, re: res[0], also: res[1:], lits: sets[0], sets: sets, id: len(rs.rules)}
		rs.rules = append(rs.rules, r)
		rs.byLang[lang] = append(rs.byLang[lang], r)
		switch section {
		case "requires":
			rs.requires[key] = true
		case "legal-requires":
			rs.legalReq[key] = true
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

var (
	// defName is the name of a [define] line.
	defName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	// defRef is a reference to a definition in a pattern: "{name}". A
	// counted repetition ("{2}", "{0,40}") starts with a digit.
	defRef = regexp.MustCompile(`\{[a-z][a-z0-9-]*\}`)
)

// expandDefs replaces each "{name}" of pat with the definition of name, as
// a non-capturing group.
func expandDefs(pat string, defs map[string]string) (string, error) {
	var err error
	out := defRef.ReplaceAllStringFunc(pat, func(ref string) string {
		n := ref[1 : len(ref)-1]
		d, ok := defs[n]
		if !ok {
			if err == nil {
				err = fmt.Errorf("%s is not defined (a [define] line must come first)", ref)
			}
			return ref
		}
		return "(?:" + d + ")"
	})
	return out, err
}

// maxSets is the number of literal sets a rule can have: the bits of a
// uint8 mask (see ruleSet.full).
const maxSets = 8

// match reports whether the rule matches the normalised text s: its pattern
// and every pattern joined to it with &&.
func (r *rule) match(s string) bool {
	if !r.re.MatchString(s) {
		return false
	}
	for _, re := range r.also {
		if !re.MatchString(s) {
			return false
		}
	}
	return true
}

// matches reports whether rule r matches the normalised text s: a claim
// rule as matchClaim says, any other as r.match.
func (rs *ruleSet) matches(r *rule, s string) bool {
	if r.section == "claim" {
		return rs.matchClaim(r, s)
	}
	return r.match(s)
}

// matchClaim reports whether claim rule r matches the normalised sentence
// s: a match of its pattern (the longest at its start) is followed by what
// may end a claim in its language ([claim-end]), and every pattern joined
// to it with && matches. Keeping the end of a claim out of each rule keeps
// the rules small: it is compiled once per language.
func (rs *ruleSet) matchClaim(r *rule, s string) bool {
	end := rs.claimEnd[r.lang]
	if end == nil {
		return r.match(s)
	}
	found := false
	for _, loc := range r.re.FindAllStringIndex(s, -1) {
		if end.MatchString(s[loc[1]:]) {
			found = true
			break
		}
	}
	if !found {
		return false
	}
	for _, re := range r.also {
		if !re.MatchString(s) {
			return false
		}
	}
	return true
}

// requiredLiterals returns strings one of which occurs in every match of
// pat, or nil when it finds none of two bytes or more.
func requiredLiterals(pat string) []string {
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return nil
	}
	lits, _ := literalsOf(re.Simplify())
	if !usableLiterals(lits) {
		return nil
	}
	return lits
}

// literalsOf returns strings one of which occurs in every match of re, and
// whether they are exactly the strings re matches (so that a concatenation
// can join them into longer literals).
// requiredSets returns best and up to two more literal sets of the parts of
// a top-level concatenation of pat: a match holds a literal of each.
func requiredSets(pat string, best []string) [][]string {
	sets := [][]string{best}
	re, err := syntax.Parse(pat, syntax.Perl)
	if err != nil {
		return sets
	}
	re = re.Simplify()
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat {
		return sets
	}
	var more [][]string
	for _, s := range re.Sub {
		l, _ := literalsOf(s)
		if usableLiterals(l) && strings.Join(l, "\x00") != strings.Join(best, "\x00") {
			more = append(more, l)
		}
	}
	sort.SliceStable(more, func(i, j int) bool { return literalScore(more[i]) > literalScore(more[j]) })
	if len(more) > 2 {
		more = more[:2]
	}
	return append(sets, more...)
}

func usableLiterals(lits []string) bool {
	if len(lits) == 0 {
		return false
	}
	for _, l := range lits {
		if len(l) < 2 && !(len(l) == 1 && strings.ContainsAny(l, "@_*$%&")) {
			return false
		}
	}
	return true
}

func literalsOf(re *syntax.Regexp) (lits []string, exact bool) {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		if re.Flags&syntax.FoldCase != 0 {
			s = strings.ToLower(s)
		}
		return []string{s}, true
	case syntax.OpCapture:
		return literalsOf(re.Sub[0])
	case syntax.OpPlus:
		l, _ := literalsOf(re.Sub[0])
		return l, false
	case syntax.OpRepeat:
		if re.Min >= 1 {
			l, _ := literalsOf(re.Sub[0])
			return l, false
		}
	case syntax.OpConcat:
		var best, run []string
		runExact := true
		// allExact: every part is a set of exact literals (an empty-width
		// part is not). Each part is read once: reading it again would
		// make the cost grow with the power of the nesting depth.
		allExact := true
		for _, s := range re.Sub {
			if s.Op == syntax.OpWordBoundary || s.Op == syntax.OpBeginText || s.Op == syntax.OpEndText ||
				s.Op == syntax.OpBeginLine || s.Op == syntax.OpEndLine || s.Op == syntax.OpNoWordBoundary {
				allExact = false
				continue // empty-width: does not break a run
			}
			l, ex := literalsOf(s)
			allExact = allExact && l != nil && ex
			switch {
			case l == nil:
				run, runExact = nil, false
			case ex && run != nil && runExact && len(run)*len(l) <= 64:
				run = product(run, l)
			default:
				run, runExact = l, ex
			}
			if !ex {
				// nothing can be appended to a substring set
				if literalScore(l) > literalScore(best) {
					best = l
				}
				run, runExact = nil, false
				continue
			}
			if literalScore(run) > literalScore(best) {
				best = run
			}
		}
		return best, allExact && best != nil && len(best) == len(run)
	case syntax.OpAlternate:
		var all []string
		exact := true
		for _, s := range re.Sub {
			l, ex := literalsOf(s)
			if l == nil {
				return nil, false
			}
			all = append(all, l...)
			exact = exact && ex
		}
		return all, exact
	case syntax.OpCharClass:
		// A class of a few characters, as in "[ée]": expand when small.
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == 4 {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// literalScore prefers few, long literals.
func literalScore(l []string) int {
	if len(l) == 0 {
		return 0
	}
	shortest := 1 << 30
	for _, s := range l {
		if n := utf8.RuneCountInString(s); n < shortest {
			shortest = n
		}
	}
	return shortest*8 - len(l)
}

// loadNames reads rules/names.txt, "Canonical Name = pattern | pattern",
// into rules of section "name" keyed by the canonical name.
func (rs *ruleSet) loadNames() error {
	data, err := ruleFS.ReadFile(path.Join("rules", "names.txt"))
	if err != nil {
		return fmt.Errorf("load names: %w", err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, pats, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("names.txt:%d: no '=' in %q", i+1, line)
		}
		for _, p := range strings.Split(pats, " | ") {
			p = strings.TrimSpace(p)
			re, err := regexp.Compile(p)
			if err != nil {
				return fmt.Errorf("names.txt:%d: %w", i+1, err)
			}
			lits := requiredLiterals(p)
			if lits == nil {
				return fmt.Errorf("names.txt:%d: pattern %q has no required literal", i+1, p)
			}
			r := &rule{section: "name", key: strings.TrimSpace(name), weight: 1, src: p, re: re, lits: lits, sets: requiredSets(p, lits), id: len(rs.rules)}
			rs.rules = append(rs.rules, r)
			rs.byLang[""] = append(rs.byLang[""], r)
		}
	}
	return nil
}
