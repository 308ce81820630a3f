package evidence

import (
	"net"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/record"
)

// Browser is what a browser saw of the site, classified: per consent
// phase, the cookies, storage keys and third-party requests, each with its
// category, and the consent banner found.
type Browser struct {
	Version, UserAgent, Locale string
	// Pages are the URLs rendered.
	Pages []string
	// Phases are in the order before, reject, accept (those gathered).
	Phases []*BrowserPhase
	// Consent is what was found of the banner (nil when not looked for).
	Consent *record.Consent
	// Warnings are the gatherer's.
	Warnings []string
}

// Phase returns the phase of that name, or nil.
func (b *Browser) Phase(name record.PhaseName) *BrowserPhase {
	if b == nil {
		return nil
	}
	for _, p := range b.Phases {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// BrowserPhase is one consent phase, classified.
type BrowserPhase struct {
	Name    record.PhaseName
	Pages   []record.RenderedPage
	Cookies []Item
	Storage []Item
	// Requests are the third-party requests, per host and type.
	Requests []Request
	Choice   *record.ConsentChoice
}

// Item is a cookie or storage key with what the catalogue says of it.
type Item struct {
	// Name is the cookie's name or the storage key.
	Name string
	// Where is the cookie's domain, or the storage origin and kind
	// ("https://shop.test local").
	Where string
	// Category is the catalogue's (necessary, functional, preferences,
	// analytics, marketing, social), or "" when unknown.
	Category, Platform string
	// FirstParty is true when the site's own domain holds it.
	FirstParty bool
	// Via and SetBy say how and by whom a cookie was set.
	Via, SetBy string
	// Expires is a cookie's expiry (RFC 3339; "" for a session cookie).
	Expires     string
	FirstSeenOn string
}

// NonEssential reports whether the item needs consent: its category is
// known and is not strictly necessary.
func (i Item) NonEssential() bool { return i.Category != "" && !catalog.Essential(i.Category) }

// Request is a third-party host the pages contacted in a phase.
type Request struct {
	record.Request
	// Known is the catalogue entry of the host, when known.
	Known *catalog.HostEntry
}

// Tracker reports whether the host is an analytics, advertising or social
// service.
func (r Request) Tracker() bool {
	return r.Known != nil && (r.Known.Category == "analytics" || r.Known.Category == "advertising" || r.Known.Category == "marketing" || r.Known.Category == "social")
}

// NonEssential returns the phase's items and tracker requests that need
// consent.
func (p *BrowserPhase) NonEssential() (cookies, storage []Item, trackers []Request) {
	for _, c := range p.Cookies {
		if c.NonEssential() {
			cookies = append(cookies, c)
		}
	}
	for _, s := range p.Storage {
		if s.NonEssential() {
			storage = append(storage, s)
		}
	}
	for _, r := range p.Requests {
		if r.Tracker() {
			trackers = append(trackers, r)
		}
	}
	return cookies, storage, trackers
}

// Classified returns how many of the phase's cookies and storage keys the
// catalogue classifies, of how many.
func (p *BrowserPhase) Classified() (known, total int) {
	for _, list := range [][]Item{p.Cookies, p.Storage} {
		for _, i := range list {
			total++
			if i.Category != "" {
				known++
			}
		}
	}
	return known, total
}

// phaseOrder is the order of the consent phases.
var phaseOrder = map[record.PhaseName]int{record.PhaseBefore: 0, record.PhaseReject: 1, record.PhaseAccept: 2}

// buildBrowser classifies what the browser saw.
func (s *Site) buildBrowser() {
	rb := s.Crawl.Browser
	if rb == nil {
		return
	}
	b := &Browser{Version: rb.Version, UserAgent: rb.UserAgent, Locale: rb.Locale, Pages: rb.Pages, Consent: rb.Consent, Warnings: rb.Warnings}
	for i := range rb.Phases {
		rp := &rb.Phases[i]
		p := &BrowserPhase{Name: rp.Name, Pages: rp.Pages, Choice: rp.Choice}
		for _, c := range rp.Cookies {
			it := Item{Name: c.Name, Where: c.Domain, FirstParty: s.Scope.FirstParty(c.Domain), Via: c.Via, SetBy: c.SetBy, Expires: c.Expires, FirstSeenOn: c.FirstSeenOn}
			if e, ok := s.Catalog.Cookie(c.Name); ok {
				it.Category, it.Platform = e.Category, e.Platform
			}
			p.Cookies = append(p.Cookies, it)
		}
		for _, st := range rp.Storage {
			it := Item{Name: st.Key, Where: st.Origin + " " + st.Kind, FirstSeenOn: st.FirstSeenOn}
			if h := hostOf(st.Origin); h != "" {
				it.FirstParty = s.Scope.FirstParty(h)
			}
			if e, ok := s.Catalog.StorageKey(st.Key); ok {
				it.Category, it.Platform = e.Category, e.Platform
			}
			p.Storage = append(p.Storage, it)
		}
		for _, r := range rp.Requests {
			if s.Scope.FirstParty(r.Host) {
				continue
			}
			req := Request{Request: r}
			if e, ok := s.Catalog.Host(hostOnly(r.Host)); ok {
				req.Known = &e
			}
			p.Requests = append(p.Requests, req)
		}
		sortItems(p.Cookies)
		sortItems(p.Storage)
		sort.SliceStable(p.Requests, func(i, j int) bool {
			if p.Requests[i].Host != p.Requests[j].Host {
				return p.Requests[i].Host < p.Requests[j].Host
			}
			return p.Requests[i].Type < p.Requests[j].Type
		})
		b.Phases = append(b.Phases, p)
	}
	sort.SliceStable(b.Phases, func(i, j int) bool { return phaseOrder[b.Phases[i].Name] < phaseOrder[b.Phases[j].Name] })
	s.Browser = b
	s.mergeBrowser(rb)
	s.have[KindScriptCookies] = true
	s.have[KindStorage] = true
	s.have[KindConsent] = rb.Consent != nil
}

func sortItems(list []Item) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Name != list[j].Name {
			return list[i].Name < list[j].Name
		}
		return list[i].Where < list[j].Where
	})
}

// hostOf returns the host of an origin ("https://a.test:8443" ->
// "a.test:8443"), or "".
func hostOf(origin string) string {
	u, err := url.Parse(origin)
	if err != nil {
		return ""
	}
	return u.Host
}

// hostOnly drops a port.
func hostOnly(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return host
}

// mergeBrowser adds what the browser saw to the site's cookie inventory and
// third parties, so that the checks that judge them (cookies-explained,
// cookie-security, third-party-disclosure) see cookies set by scripts and
// hosts contacted by scripts too: the site's own cookies (on its domain)
// from any phase join Cookies, the cookies on other domains from any phase
// are ThirdPartyCookies (explained, not judged for their flags), and every
// third-party host the pages contacted joins ThirdParties. A cookie is one
// per name and domain (a leading dot aside), as first seen.
func (s *Site) mergeBrowser(rb *record.Browser) {
	haveCookie := map[string]bool{}
	for _, c := range s.Cookies {
		haveCookie[CookieKey(c.Name, c.Domain)] = true
	}
	https := strings.HasPrefix(s.Origin, "https:")
	haveHost := map[string]int{}
	for i, tp := range s.ThirdParties {
		haveHost[tp.Host] = i
	}
	// In phase order, whatever the record's: what is first seen is first
	// seen before consent.
	phases := make([]*record.Phase, 0, len(rb.Phases))
	for i := range rb.Phases {
		phases = append(phases, &rb.Phases[i])
	}
	sort.SliceStable(phases, func(i, j int) bool { return phaseOrder[phases[i].Name] < phaseOrder[phases[j].Name] })
	for _, p := range phases {
		for _, c := range p.Cookies {
			key := CookieKey(c.Name, c.Domain)
			if haveCookie[key] {
				continue
			}
			haveCookie[key] = true
			firstParty := s.Scope.FirstParty(strings.TrimPrefix(c.Domain, "."))
			ec := Cookie{Cookie: record.Cookie{Name: c.Name, Domain: c.Domain, Path: c.Path, Secure: c.Secure, HTTPOnly: c.HTTPOnly,
				SameSite: c.SameSite, Expires: c.Expires, FirstSeenOn: c.FirstSeenOn, ValueLength: c.ValueLength},
				FirstParty: firstParty, Via: c.Via, SetBy: c.SetBy}
			if e, ok := s.Catalog.Cookie(c.Name); ok {
				ec.Known = &e
			}
			if !firstParty {
				// Whether a third party's response came over HTTPS is
				// not recorded: no check reads it of these.
				s.ThirdPartyCookies = append(s.ThirdPartyCookies, ec)
				continue
			}
			ec.SetOverHTTPS = https
			s.Cookies = append(s.Cookies, ec)
		}
		for _, r := range p.Requests {
			host := hostOnly(r.Host)
			if s.Scope.FirstParty(host) {
				continue
			}
			kind := strings.ToLower(r.Type)
			if i, ok := haveHost[host]; ok {
				tp := &s.ThirdParties[i]
				if !tp.Loads {
					tp.Loads, tp.ExampleURL, tp.ExamplePage = true, r.ExampleURL, r.ExamplePage
				}
				if !slices.Contains(tp.Kinds, kind) {
					tp.Kinds = append(tp.Kinds, kind)
					sort.Strings(tp.Kinds)
				}
				continue
			}
			tp := ThirdParty{Host: host, Pages: 1, Kinds: []string{kind}, ExampleURL: r.ExampleURL, ExamplePage: r.ExamplePage, Loads: true}
			if e, ok := s.Catalog.Host(host); ok {
				tp.Known = &e
			}
			haveHost[host] = len(s.ThirdParties)
			s.ThirdParties = append(s.ThirdParties, tp)
		}
	}
	sortCookies(s.Cookies)
	sortCookies(s.ThirdPartyCookies)
}

// CookieKey identifies a cookie by its name and domain, a leading dot
// aside: the static crawl records Domain=shop.test as "shop.test", a
// browser as ".shop.test".
func CookieKey(name, domain string) string {
	return name + "\x00" + CookieHost(domain)
}

// CookieHost is a cookie's Domain as a host: lower case, without the
// leading dot a browser records.
func CookieHost(domain string) string {
	return strings.ToLower(strings.TrimPrefix(domain, "."))
}
