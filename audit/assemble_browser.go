package audit

import (
	"sort"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/report"
)

// browserParts fills the report's browser, storage, requests and consent
// sections and gives each cookie of the list the phases a browser found it
// in. The list holds every cookie a browser found already (the evidence
// puts the site's own in Site.Cookies, the third parties' in
// Site.ThirdPartyCookies); one it lacked would be added, unexplained.
func browserParts(r *report.Report, site *evidence.Site) {
	b := site.Browser
	if b == nil {
		return
	}
	bs := &report.BrowserSummary{Version: b.Version, UserAgent: b.UserAgent, Locale: b.Locale, PagesRendered: nonNil(b.Pages)}
	cookieAt := map[string]int{}
	for i, c := range r.Cookies {
		cookieAt[evidence.CookieKey(c.Name, c.Domain)] = i
	}
	storageAt := map[string]int{}
	requestAt := map[string]int{}
	for _, p := range b.Phases {
		phase := string(p.Name)
		known, total := p.Classified()
		bs.Classified, bs.Total = bs.Classified+known, bs.Total+total
		for _, c := range p.Cookies {
			key := evidence.CookieKey(c.Name, c.Where)
			i, ok := cookieAt[key]
			if !ok {
				r.Cookies = append(r.Cookies, report.CookieInfo{Name: c.Name, Domain: c.Where, Expires: c.Expires, Session: c.Expires == "",
					FirstSeenOn: c.FirstSeenOn, Category: c.Category, Platform: c.Platform, Via: c.Via, SetBy: c.SetBy})
				i = len(r.Cookies) - 1
				cookieAt[key] = i
			}
			ci := &r.Cookies[i]
			if ci.Via == "" {
				ci.Via, ci.SetBy = c.Via, c.SetBy
			}
			ci.Phases = appendOnce(ci.Phases, phase)
		}
		for _, s := range p.Storage {
			key := s.Name + "\x00" + s.Where
			i, ok := storageAt[key]
			if !ok {
				origin, kind := splitWhere(s.Where)
				r.Storage = append(r.Storage, report.StorageInfo{Origin: origin, Kind: kind, Key: s.Name, Category: s.Category, Platform: s.Platform, FirstSeenOn: s.FirstSeenOn})
				i = len(r.Storage) - 1
				storageAt[key] = i
			}
			r.Storage[i].Phases = appendOnce(r.Storage[i].Phases, phase)
		}
		for _, q := range p.Requests {
			i, ok := requestAt[q.Host]
			if !ok {
				ri := report.RequestInfo{Host: q.Host, Types: map[string]int{}}
				if q.Known != nil {
					ri.Service, ri.Company, ri.Category = q.Known.Service, q.Known.Company, q.Known.Category
				}
				r.Requests = append(r.Requests, ri)
				i = len(r.Requests) - 1
				requestAt[q.Host] = i
			}
			r.Requests[i].Types[q.Type] += q.Count
			r.Requests[i].Phases = appendOnce(r.Requests[i].Phases, phase)
		}
	}
	sort.SliceStable(r.Requests, func(i, j int) bool { return r.Requests[i].Host < r.Requests[j].Host })
	r.Browser = bs
	if c := b.Consent; c != nil {
		cs := &report.ConsentSummary{Found: c.Found, Platform: c.Platform, Rule: c.Rule, RejectOnFirstLayer: c.RejectOnFirstLayer,
			Buttons: nonNil(c.Buttons), Phases: map[string]report.PhaseSummary{}}
		for _, p := range b.Phases {
			cookies, _, trackers := p.NonEssential()
			ps := report.PhaseSummary{Cookies: len(p.Cookies), NonEssentialCookies: len(cookies), StorageKeys: len(p.Storage),
				ThirdPartyHosts: len(p.Requests), Trackers: len(trackers)}
			switch p.Name {
			case "reject":
				ps.Action = c.Reject
			case "accept":
				ps.Action = c.Accept
			}
			if ch := p.Choice; ch != nil {
				ps.Choice = &report.ConsentChoice{Source: ch.Source, Decision: ch.Decision, Categories: ch.Categories}
			}
			cs.Phases[string(p.Name)] = ps
		}
		r.Consent = cs
	}
}

// cookieKey identifies a cookie by its name and domain, a leading dot
// aside (as the evidence does: a static crawl records Domain=shop.test as
// "shop.test", a browser as ".shop.test").
func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// splitWhere splits an item's "origin kind" into its parts.
func splitWhere(w string) (origin, kind string) {
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] == ' ' {
			return w[:i], w[i+1:]
		}
	}
	return w, ""
}
