package policy

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

const (
	// coverThreshold is the score a sentence needs to cover an aspect.
	coverThreshold = 3.0
	// headingBonus is added to a sentence with evidence for an aspect that
	// stands under a heading about that aspect.
	headingBonus = 1.0
	// minWords is the number of words a sentence needs to count as a
	// statement; shorter ones are links, menu items or labels.
	minWords = 4
	// maxEvidence is the number of sentences quoted per aspect.
	maxEvidence = 3
)

// sentence is one sentence of the analysed text.
type sentence struct {
	text    string // verbatim
	lower   string // normalised, a slice of corpus.lower
	heading string
	hlower  string
	lang    string
	words   int
	label   bool // reads as a title: a label, not a statement
}

// corpus is the text an Analysis keeps: sentences, their normalised form
// joined into one string for fast literal search, and the cookie-name
// families (wildcards) the text writes.
type corpus struct {
	sents    []sentence
	lower    string
	starts   []int
	families []family
	langs    []string // languages whose rules apply
	// setters holds the answers of ExplainsCookiesOf by name: an audit
	// asks of the same setters ("Google") for many cookies.
	setters sync.Map
}

// family is a cookie-name wildcard such as "_ga_*": every name with the
// prefix belongs to it.
type family struct {
	prefix string
	sent   int
}

// normalise lowercases s and makes quotes, apostrophes and spaces plain.
func normalise(s string) string {
	return normReplacer.Replace(strings.ToLower(s))
}

var normReplacer = strings.NewReplacer("’", "'", "‘", "'", "´", "'", "`", "'", "“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`, "\u00a0", " ", "\u202f", " ", "‐", "-", "‑", "-", "–", "-", "—", "-")

func newCorpus(docs []*Document) *corpus {
	c := &corpus{}
	var b strings.Builder
	langs := map[string]bool{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		lang := ruleLang(d.Lang)
		langs[lang] = true
		for _, sec := range d.Sections {
			hl := normalise(sec.Heading)
			lead := "" // a lead-in ending in ":", normalised, without it
			for _, s := range sec.Sentences {
				c.starts = append(c.starts, b.Len())
				// A list item ("a copy of that personal data") is read
				// with its lead-in ("You have the right to request:");
				// the evidence quotes the item alone.
				if lead != "" && listItemLike(s) {
					b.WriteString(lead)
					b.WriteByte(' ')
				} else {
					lead = ""
				}
				n := normalise(s)
				b.WriteString(n)
				if t := strings.TrimSpace(n); strings.HasSuffix(t, ":") && countWords(t) >= 2 {
					lead = strings.TrimSuffix(t, ":")
				}
				c.sents = append(c.sents, sentence{text: s, heading: sec.Heading, hlower: hl, lang: lang, words: countWords(s), label: titleLike(s)})
				b.WriteByte('\n')
			}
		}
	}
	c.lower = b.String()
	for i := range c.sents {
		end := len(c.lower) - 1
		if i+1 < len(c.starts) {
			end = c.starts[i+1] - 1
		}
		c.sents[i].lower = c.lower[c.starts[i]:end]
	}
	for _, l := range Languages {
		if langs[l] {
			c.langs = append(c.langs, l)
		}
	}
	return c
}

// ruleLang returns the language whose rules read text of language l:
// l itself when it has rules, else English.
func ruleLang(l string) string {
	for _, x := range Languages {
		if x == l {
			return l
		}
	}
	return "en"
}

// sentenceAt returns the index of the sentence holding byte offset off of
// c.lower.
func (c *corpus) sentenceAt(off int) int {
	return sort.SearchInts(c.starts, off+1) - 1
}

// candidates returns, per rule ID, the sentences holding one of the rule's
// literals, in order.
func (c *corpus) candidates() [][]int32 {
	rs := rules()
	n := len(rs.rules)
	cand := make([][]int32, n)
	last := make([]int32, n) // sentence of mask[r], +1
	mask := make([]uint8, n)
	sent := 0
	rs.index.scan(c.lower, func(g int32, end int) {
		for sent+1 < len(c.starts) && c.starts[sent+1] <= end {
			sent++
		}
		k := rs.keys[g]
		s := int32(sent) + 1
		if last[k.rule] != s {
			last[k.rule], mask[k.rule] = s, 0
		}
		if mask[k.rule] == rs.full[k.rule] {
			return // already a candidate
		}
		mask[k.rule] |= 1 << k.bit
		if mask[k.rule] == rs.full[k.rule] {
			cand[k.rule] = append(cand[k.rule], int32(sent))
		}
	})
	return cand
}

// matchRule calls fn with the index of every sentence r matches. A rule of
// a language reads only sentences of that language.
func (c *corpus) matchRule(r *rule, seen []int32, fn func(i int)) {
	stamp := int32(r.id) + 2 // 0 is "never seen"; ad-hoc rules have id -1
	for _, lit := range r.lits {
		off := 0
		for off < len(c.lower) {
			k := strings.Index(c.lower[off:], lit)
			if k < 0 {
				break
			}
			i := c.sentenceAt(off + k)
			if i < 0 {
				break
			}
			if seen[i] != stamp {
				seen[i] = stamp
				if (r.lang == "" || r.lang == c.sents[i].lang) && r.match(c.sents[i].lower) {
					fn(i)
				}
			}
			// Continue after this sentence.
			if i+1 < len(c.starts) {
				off = c.starts[i+1]
			} else {
				off = len(c.lower)
			}
		}
	}
}

// matchText reports whether a rule of section/key, common or of language
// lang, matches the normalised text t (used for headings).
func matchText(section, key, t, lang string) bool {
	if t == "" {
		return false
	}
	rs := rules()
	for _, l := range []string{"", lang} {
		for _, r := range rs.byLang[l] {
			if r.section == section && r.key == key && r.weight > 0 && containsAny(t, r.lits) && r.match(t) {
				return true
			}
		}
	}
	return false
}

func containsAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}

// Analyze reads one or more documents together (a privacy policy plus a
// separate cookie policy, say) and reports which aspects they cover, their
// language, date, the names they mention and the claims they make. Every
// ID of AspectIDs is a key of the result's Aspects. Nil documents are
// skipped.
func Analyze(docs ...*Document) *Analysis {
	c := newCorpus(docs)
	a := &Analysis{Aspects: make(map[string]Aspect, len(AspectIDs)), Legal: make(map[string]Aspect, len(LegalElements)), text: c, declared: joinDeclarations(docs)}
	langWords := map[string]int{}
	for _, d := range docs {
		if d == nil {
			continue
		}
		a.Words += d.Words
		if d.Lang != "" {
			langWords[d.Lang] += d.Words + 1
		}
		if a.LastUpdated == "" {
			a.LastUpdated = d.LastUpdated
		}
	}
	if a.Words < MinWords {
		a.Warnings = append(a.Warnings, tooShort(a.Words))
	}
	best := 0
	for _, l := range sortedKeys(langWords) {
		if langWords[l] > best {
			a.Language, best = l, langWords[l]
		}
	}

	// Find, in one pass, the sentences holding a literal of each rule;
	// then run each rule on those sentences only.
	rs := rules()
	cand := c.candidates()
	scores := map[string][]float64{}
	claimHits := map[string][]int{}
	firstName := map[string]int{}
	var cookieCtx []bool
	met := map[string]bool{} // aspects whose [requires] rules matched
	legal := map[string][]float64{}
	near := map[string][]bool{} // per legal element: sentences its [legal-requires] rules match
	lawAt := map[string]int{}   // per law: the first sentence that names it
	for _, l := range append([]string{""}, c.langs...) {
		for _, r := range rs.byLang[l] {
			switch r.section {
			case "heading", "legal-heading", "purpose", "date-label", "tracking-context":
				continue // read elsewhere
			case "exception":
				continue // read below, in the claim sentences only
			}
			for _, i32 := range cand[r.id] {
				i := int(i32)
				if r.lang != "" && r.lang != c.sents[i].lang || !rs.matches(r, c.sents[i].lower) {
					continue
				}
				switch r.section {
				case "aspect":
					sc := scores[r.key]
					if sc == nil {
						sc = make([]float64, len(c.sents))
						scores[r.key] = sc
					}
					sc[i] += r.weight
				case "legal":
					sc := legal[r.key]
					if sc == nil {
						sc = make([]float64, len(c.sents))
						legal[r.key] = sc
					}
					sc[i] += r.weight
				case "legal-requires":
					nr := near[r.key]
					if nr == nil {
						nr = make([]bool, len(c.sents))
						near[r.key] = nr
					}
					nr[i] = true
				case "law":
					if f, ok := lawAt[r.key]; !ok || i < f {
						lawAt[r.key] = i
					}
				case "claim":
					claimHits[r.key] = append(claimHits[r.key], i)
				case "requires":
					met[r.key] = true
				case "cookie-context":
					if cookieCtx == nil {
						cookieCtx = make([]bool, len(c.sents))
					}
					cookieCtx[i] = true
				case "name":
					if f, ok := firstName[r.key]; !ok || i < f {
						firstName[r.key] = i
					}
				}
			}
		}
	}
	headingMatch := map[string]bool{} // heading section, ID, language and heading
	for _, id := range AspectIDs {
		v := c.verdict(id, scores[id], headingMatch, verdictRules{headings: "heading"})
		if v.Covered && rs.requires[id] && !met[id] {
			// The statements are there but the text lacks what the
			// aspect needs (say, any means of contact).
			v = Aspect{Evidence: []string{}, Confidence: 0.5}
		}
		a.Aspects[id] = v
	}
	for _, id := range LegalElements {
		vr := verdictRules{headings: "legal-heading"}
		if rs.legalReq[id] {
			// An element that needs an address nearby reads the lines
			// of an address block, which look like titles.
			vr.keep, vr.titles = c.nearFunc(near[id]), true
		}
		a.Legal[id] = c.verdict(id, legal[id], headingMatch, vr)
	}
	a.laws = lawAt
	var claimAt []int
	a.Claims, claimAt = c.claims(claimHits, c.exceptions(claimHits, cand))
	if !a.Legal[saleElement].Covered {
		if v, ok := c.saleFromClaims(a.Claims, claimAt); ok {
			a.Legal[saleElement] = v
		}
	}
	a.Names = c.names(firstName, cookieCtx)
	return a
}

// tooShort is the warning on a text of n words, fewer than MinWords.
func tooShort(n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("no words of text: too short to be a privacy policy (a policy needs at least %d)", MinWords)
	case 1:
		return fmt.Sprintf("only 1 word: too short to be a privacy policy (a policy needs at least %d)", MinWords)
	}
	return fmt.Sprintf("only %d words: too short to be a privacy policy (a policy needs at least %d)", n, MinWords)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// verdictRules say how verdict reads the sentence scores of an aspect or a
// legal element.
type verdictRules struct {
	// headings is the section of the heading rules: "heading" or
	// "legal-heading".
	headings string
	// keep, when not nil, accepts the sentences that may cover: one that
	// reaches the threshold but is not accepted does not, and when none
	// is accepted the verdict is "not covered" with confidence 0.5, as
	// for an aspect whose [requires] rules find nothing.
	keep func(int) bool
	// titles lets lines that read as titles cover (titleLike): the lines
	// of an address block ("Beispiel GmbH Musterstraße 1 12345 Berlin").
	titles bool
}

// verdict turns sentence scores into the verdict on aspect or legal element
// id, as vr says.
func (c *corpus) verdict(id string, sc []float64, headingMatch map[string]bool, vr verdictRules) Aspect {
	type hit struct {
		i     int
		score float64
	}
	var hits []hit
	top := 0.0
	rejected := false
	for i, s := range sc {
		if s <= 0 || c.sents[i].words < minWords || c.sents[i].label && !vr.titles {
			continue
		}
		if h := c.sents[i].hlower; h != "" {
			key := vr.headings + "\x00" + id + "\x00" + c.sents[i].lang + h
			m, ok := headingMatch[key]
			if !ok {
				m = matchText(vr.headings, id, h, c.sents[i].lang)
				headingMatch[key] = m
			}
			if m {
				s += headingBonus
			}
		}
		if s >= coverThreshold && vr.keep != nil && !vr.keep(i) {
			rejected = true
			continue
		}
		top = math.Max(top, s)
		if s >= coverThreshold {
			hits = append(hits, hit{i, s})
		}
	}
	v := Aspect{Evidence: []string{}}
	if len(hits) == 0 {
		v.Confidence = round2(1 - 0.5*math.Min(top, coverThreshold)/coverThreshold)
		if rejected {
			v.Confidence = 0.5
		}
		return v
	}
	total := 0.0
	for _, h := range hits {
		total += h.score
	}
	sort.SliceStable(hits, func(x, y int) bool { return hits[x].score > hits[y].score })
	v.Covered = true
	v.Confidence = round2(0.6 + 0.4*(1-math.Exp(-(total-coverThreshold)/(2*coverThreshold))))
	for _, h := range hits {
		if len(v.Evidence) == maxEvidence {
			break
		}
		v.Evidence = append(v.Evidence, c.sents[h.i].text)
		v.Headings = append(v.Headings, c.sents[h.i].heading)
	}
	v.Heading = v.Headings[0]
	return v
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// nearBefore and nearAfter are the window of a [legal-requires] rule: the
// sentences before and after a covering sentence, under the same heading,
// one of which must match it.
const (
	nearBefore = 1
	nearAfter  = 5
)

// nearFunc returns whether a sentence has one of the sentences marked in
// met within the window of nearBefore and nearAfter, under its heading.
func (c *corpus) nearFunc(met []bool) func(int) bool {
	return func(i int) bool {
		if met == nil {
			return false
		}
		for j := max(0, i-nearBefore); j <= i+nearAfter && j < len(met); j++ {
			if met[j] && c.sents[j].heading == c.sents[i].heading {
				return true
			}
		}
		return false
	}
}

// listItemLike reports whether s reads as an item of a list after a
// lead-in: it starts with a lower-case letter ("a copy of ...").
func listItemLike(s string) bool {
	s = strings.TrimLeft(s, " \t-*•–")
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// titleLike reports whether s reads as a title rather than a statement: a
// short line without closing punctuation whose longer words are
// capitalised ("Changes to This Privacy Policy"). Without markup such a
// line is text, but it states nothing. A line that starts in lower case or
// ends with a comma is part of a list ("die Übertragung Ihrer Daten zu
// beantragen,"), not a title, even in German, which capitalises nouns.
func titleLike(s string) bool {
	s = strings.TrimSpace(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if s == "" || strings.ContainsRune(".!?:;,)\"”»", last) || hasEmail(s) || listItemLike(s) {
		return false
	}
	long, upper := 0, 0
	for i, w := range strings.Fields(s) {
		if i == 12 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		if utf8.RuneCountInString(w) < 4 || !unicode.IsLetter(r) {
			continue
		}
		long++
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return long >= 2 && upper*4 >= long*3
}

// hasEmail reports whether s holds an e-mail address ("E-Mail:
// privacy@example.com"): a line of contact details, not a title.
func hasEmail(s string) bool {
	i := strings.IndexByte(s, '@')
	if i <= 0 || i+1 >= len(s) {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	dom := s[i+1:]
	if j := strings.IndexAny(dom, " \t,;<>()"); j >= 0 {
		dom = dom[:j]
	}
	dot := strings.LastIndexByte(dom, '.')
	return isWordRune(r) && dot > 0 && dot < len(dom)-2
}

// exceptions marks the sentences of claim hits that an [exception] rule
// of their language (or a common one) matches; nil when there are no hits.
// Exceptions qualify claims only, so no other sentence is read.
func (c *corpus) exceptions(hits map[string][]int, cand [][]int32) []bool {
	if len(hits) == 0 {
		return nil
	}
	hit := make([]bool, len(c.sents))
	for _, idx := range hits {
		for _, i := range idx {
			hit[i] = true
		}
	}
	except := make([]bool, len(c.sents))
	rs := rules()
	for _, l := range append([]string{""}, c.langs...) {
		for _, r := range rs.byLang[l] {
			if r.section != "exception" {
				continue
			}
			for _, i32 := range cand[r.id] {
				i := int(i32)
				if hit[i] && !except[i] && (r.lang == "" || r.lang == c.sents[i].lang) && r.match(c.sents[i].lower) {
					except[i] = true
				}
			}
		}
	}
	return except
}

// claims keeps the claim sentences that no exception qualifies and that
// state something: a question ("Do we use cookies?") or a line that reads as
// a title ("We Do Not Sell Your Personal Information") claims nothing. It
// returns the index of each claim's sentence with the claims.
func (c *corpus) claims(hits map[string][]int, except []bool) ([]Claim, []int) {
	var out []Claim
	var at []int
	for _, kind := range claimKinds {
		idx := hits[string(kind)]
		sort.Ints(idx)
		last := -1
		for _, i := range idx {
			if i == last || except != nil && except[i] || !c.statement(i) {
				continue
			}
			last = i
			out = append(out, Claim{Kind: kind, Sentence: c.sents[i].text})
			at = append(at, i)
		}
	}
	return out, at
}

// saleElement is the legal element a claim of no selling or no sharing
// covers.
const saleElement = "sale-opt-out"

// saleFromClaims returns the verdict on sale-opt-out that the claims make:
// "we do not sell your data" or "we never share your data with third
// parties" (without reservation: see claims) says that personal
// information is neither sold nor shared for advertising. It quotes the
// claims of no selling first.
func (c *corpus) saleFromClaims(claims []Claim, at []int) (Aspect, bool) {
	var idx []int
	for _, kind := range []ClaimKind{ClaimNoSelling, ClaimNoSharing} {
		for k, cl := range claims {
			if cl.Kind == kind && !slices.Contains(idx, at[k]) {
				idx = append(idx, at[k])
			}
		}
	}
	if len(idx) == 0 {
		return Aspect{}, false
	}
	v := Aspect{Covered: true, Confidence: round2(0.6 + 0.1*math.Min(float64(len(idx)), 3)), Evidence: []string{}}
	for _, i := range idx {
		if len(v.Evidence) == maxEvidence {
			break
		}
		v.Evidence = append(v.Evidence, c.sents[i].text)
		v.Headings = append(v.Headings, c.sents[i].heading)
	}
	v.Heading = v.Headings[0]
	return v, true
}

// statement reports whether sentence i states something: it is neither a
// question nor a title.
func (c *corpus) statement(i int) bool {
	s := c.sents[i]
	return !s.label && !strings.HasSuffix(strings.TrimRight(s.text, " \t\"')]»”"), "?")
}

// MentionsName reports whether the analysed text names a cookie, storage
// key, company or service: case-insensitive and word-bounded. A cookie name
// also matches a wildcard family the text writes ("_ga_*",
// "_ga_<container-id>"), and a name that ends in "*" matches every name
// with its prefix. A company of the embedded vocabulary matches any of its
// names ("Facebook" and "Meta Platforms"). It returns the sentence that
// names it.
func (a *Analysis) MentionsName(name string) (sentence string, ok bool) {
	if a == nil || a.text == nil {
		return "", false
	}
	c := a.text
	q := normalise(strings.TrimSpace(name))
	if q == "" {
		return "", false
	}
	prefix := strings.HasSuffix(q, "*")
	q = strings.TrimRight(q, "*")
	if q == "" {
		return "", false
	}
	if i := c.findWord(q, prefix); i >= 0 {
		return c.sents[i].text, true
	}
	for _, f := range c.families {
		if len(q) > len(f.prefix) && strings.HasPrefix(q, f.prefix) {
			return c.sents[f.sent].text, true
		}
	}
	seen := make([]int32, len(c.sents))
	found := -1
	for _, r := range rules().byLang[""] {
		if r.section != "name" || !strings.EqualFold(r.key, strings.TrimSpace(name)) {
			continue
		}
		c.matchRule(r, seen, func(i int) {
			if found < 0 || i < found {
				found = i
			}
		})
	}
	if found >= 0 {
		return c.sents[found].text, true
	}
	return "", false
}

// findWord returns the first sentence containing q with word boundaries
// (only at its start when prefix is set), or -1.
func (c *corpus) findWord(q string, prefix bool) int {
	off := 0
	for off < len(c.lower) {
		k := strings.Index(c.lower[off:], q)
		if k < 0 {
			return -1
		}
		at := off + k
		end := at + len(q)
		if boundaryBefore(c.lower, at) && (prefix || boundaryAfter(c.lower, end)) {
			return c.sentenceAt(at)
		}
		off = at + 1
	}
	return -1
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_'
}

func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !isWordRune(r)
}

func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// purposeAliases maps other names of cookie purposes to the categories of
// ExplainsPurpose.
var purposeAliases = map[string]string{
	"essential": "necessary", "strictly-necessary": "necessary", "strictly necessary": "necessary", "required": "necessary",
	"functionality": "functional", "preference": "preferences",
	"statistics": "analytics", "statistical": "analytics", "performance": "analytics", "measurement": "analytics",
	"advertising": "marketing", "targeting": "marketing", "ads": "marketing", "tracking": "marketing",
	"social-media": "social", "social media": "social",
}

// ExplainsPurpose reports whether the text explains cookies or similar
// technologies of a purpose category: "necessary", "functional",
// "preferences", "analytics", "marketing" (advertising, targeting) or
// "social". A sentence must speak of cookies or similar technologies (or
// stand under a heading that does) and of the purpose, in any supported
// language. It returns the first such sentence.
func (a *Analysis) ExplainsPurpose(category string) (sentence string, ok bool) {
	if a == nil || a.text == nil {
		return "", false
	}
	c := a.text
	cat := strings.ToLower(strings.TrimSpace(category))
	if alias, ok := purposeAliases[cat]; ok {
		cat = alias
	}
	var purpose []*rule
	var ctx []*rule
	rs := rules()
	for _, l := range append([]string{""}, Languages...) {
		for _, r := range rs.byLang[l] {
			switch {
			case r.section == "purpose" && r.key == cat:
				purpose = append(purpose, r)
			case r.section == "cookie-context":
				ctx = append(ctx, r)
			}
		}
	}
	if len(purpose) == 0 {
		return "", false
	}
	inContext := func(t string) bool {
		for _, r := range ctx {
			if containsAny(t, r.lits) && r.match(t) {
				return true
			}
		}
		return false
	}
	seen := make([]int32, len(c.sents))
	found := -1
	for _, r := range purpose {
		c.matchRule(r, seen, func(i int) {
			if (found < 0 || i < found) && c.sents[i].words >= 2 && (inContext(c.sents[i].lower) || inContext(c.sents[i].hlower)) {
				found = i
			}
		})
	}
	if found < 0 {
		return "", false
	}
	return c.sents[found].text, true
}
