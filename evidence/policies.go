package evidence

import (
	"net/url"
	"sort"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/extract"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/record"
)

// Lookup returns the document at a URL, or nil when it is not available.
// body tells whether the document's body will be read (a policy
// candidate) or only its status (a link target).
//
// Choosing the policy is one algorithm run twice: by the documents stage
// with a Lookup that fetches (gather.Documents), and by Build with one that
// reads the record. The record therefore holds exactly what Build asks for.
type Lookup func(url string, body bool) *record.Document

// Trace runs the choice of the policies and link targets on a record,
// asking get for every document it needs, in the order Build will. The
// documents stage calls it with a Lookup that fetches and records.
func Trace(c *record.Crawl, get Lookup) {
	s := newSite(c, catalog.Builtin())
	s.findPolicies(get)
}

// recorded is the Lookup of Build: the documents the record holds.
func (s *Site) recorded(u string, _ bool) *record.Document {
	return s.Crawl.Document(u)
}

// maxPolicyCandidates caps how many distinct policy links are tried.
const maxPolicyCandidates = 5

// maxTargetChecks caps how many link targets outside the crawl are fetched.
const maxTargetChecks = 20

// maxPolicyParts caps the sub-pages of a privacy centre that are read.
const maxPolicyParts = 8

type rankedLink struct {
	url   string
	pages int
}

func (s *Site) findPolicies(get Lookup) {
	privacy := s.rankLinks(func(p *record.Page) []string { return p.PrivacyLinks })
	cookie := s.rankLinks(func(p *record.Page) []string { return p.CookiePolicyLinks })
	contact := s.rankLinks(func(p *record.Page) []string { return p.ContactLinks })
	s.checkTargets(get, true, privacy, cookie)
	s.checkTargets(get, false, contact)
	s.PrivacyPolicy = s.choosePolicy(get, privacy)
	if s.PrivacyPolicy == nil {
		// A policy the pages don't link: found by its URL.
		for _, p := range s.Pages {
			if u, err := url.Parse(p.URL); err == nil && extract.LooksLikePolicyPath(u.Path) {
				// Linked from no page: Linked is false.
				if s.PrivacyPolicy = s.choosePolicy(get, []rankedLink{{url: p.URL}}); s.PrivacyPolicy != nil {
					break
				}
			}
		}
	}
	if len(cookie) > 0 && (s.PrivacyPolicy == nil || cookie[0].url != s.PrivacyPolicy.URL) {
		s.CookiePolicy = s.choosePolicy(get, cookie)
	}
	var docs []*policy.Document
	s.Analysed = nil
	for _, d := range []*PolicyDoc{s.PrivacyPolicy, s.CookiePolicy} {
		if d.OK() {
			docs = append(docs, d.Document)
			docs = append(docs, d.PartsDocs...)
			s.Analysed = append(append(s.Analysed, d.URL), d.Parts...)
		}
	}
	if len(docs) > 0 {
		s.Policy = policy.Analyze(docs...)
	}
}

// rankLinks orders the distinct targets of one kind of link by the number
// of pages that link them.
func (s *Site) rankLinks(links func(*record.Page) []string) []rankedLink {
	count := map[string]int{}
	for _, p := range s.Pages {
		seen := map[string]bool{}
		for _, l := range links(p.Page) {
			c := s.CanonicalLink(l)
			if !seen[c] {
				seen[c] = true
				count[c]++
			}
		}
	}
	out := make([]rankedLink, 0, len(count))
	for u, n := range count {
		out = append(out, rankedLink{u, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pages != out[j].pages {
			return out[i].pages > out[j].pages
		}
		return out[i].url < out[j].url
	})
	return out
}

// checkTargets learns the status of link targets the crawl did not fetch
// (another host, or beyond the crawl's limits).
func (s *Site) checkTargets(get Lookup, body bool, lists ...[]rankedLink) {
	for _, list := range lists {
		for _, l := range list {
			if _, ok := s.Targets[l.url]; ok || s.targetChecks >= maxTargetChecks {
				continue
			}
			s.targetChecks++
			if doc := get(l.url, body); doc != nil {
				s.Targets[l.url] = Target{Status: doc.Status, Error: doc.Error}
			}
		}
	}
}

// choosePolicy returns the best-linked candidate that answers with a
// readable document (or, when none does, the first one tried).
func (s *Site) choosePolicy(get Lookup, candidates []rankedLink) *PolicyDoc {
	if len(candidates) == 0 {
		return nil
	}
	var first *PolicyDoc
	for i, c := range candidates {
		if i >= maxPolicyCandidates {
			break
		}
		if t, ok := s.Targets[c.url]; ok && t.Broken() && first != nil {
			continue
		}
		doc := get(c.url, true)
		if doc == nil {
			continue
		}
		d := &PolicyDoc{URL: c.url, FinalURL: doc.FinalURL, Status: doc.Status, Error: doc.Error, LinkedFrom: c.pages, Linked: c.pages > 0}
		if d.FinalURL == "" {
			d.FinalURL = c.url
		}
		if doc.OK() {
			pd, err := policy.Parse(policy.Source{URL: doc.FinalURL, Format: policy.Format(doc.Format()), Body: []byte(doc.Body)})
			if err != nil {
				d.Error = err.Error()
			} else {
				d.Document = pd
				if doc.Format() == "html" {
					s.readParts(get, d, doc.Body)
				}
			}
		}
		if d.OK() {
			return d
		}
		if first == nil {
			first = d
		}
	}
	return first
}

// readParts reads the sub-pages of a privacy centre: pages on the policy's
// host, under its path (/privacy/ -> /privacy/cookies/), that it links.
func (s *Site) readParts(get Lookup, d *PolicyDoc, body string) {
	for _, p := range extract.PolicyParts([]byte(body), d.FinalURL, maxPolicyParts) {
		pd := get(p, true)
		if !pd.OK() {
			continue
		}
		parsed, err := policy.Parse(policy.Source{URL: pd.FinalURL, Format: policy.Format(pd.Format()), Body: []byte(pd.Body)})
		if err != nil {
			continue
		}
		d.Parts = append(d.Parts, p)
		d.PartsDocs = append(d.PartsDocs, parsed)
	}
}
