package serve

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/privaudit/privaudit/policytext"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/store"
)

const (
	// defaultAudits caps the audits a site's page shows (?all=1: every
	// audit).
	defaultAudits = 365
	// allAudits is the limit that stands for every audit.
	allAudits = 1 << 30
	// sparkScores is the number of recent scores a sparkline draws.
	sparkScores = 30
	// checkAudits caps the audits the checks' charts draw (?all=1: those
	// shown).
	checkAudits = 60
)

// noSite says that a site is unknown.
const noSite = "No audits of this site are stored."

// sitePath returns the site key of the request's path. A key the store
// spells otherwise ("Shop.Example", "www.shop.example") is redirected to
// the store's spelling (rest is the path after the site's segment); a
// name that is no site is answered 404 (with what). ok is false when
// sitePath answered.
func (s *server) sitePath(w http.ResponseWriter, r *http.Request, rest, what string) (site string, ok bool) {
	site = r.PathValue("site")
	key := store.SiteKey(site)
	switch {
	case key == "":
		s.notFound(w, r, what)
		return "", false
	case key != site:
		loc := siteURL(key) + rest
		if r.URL.RawQuery != "" {
			loc += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, loc, http.StatusMovedPermanently)
		return "", false
	}
	return site, true
}

// base is what every page's layout reads.
type base struct {
	Title  string
	Crumbs []crumb
	CSS    string
}

// crumb is a link of the breadcrumb trail ("" Href: the current page).
type crumb struct {
	Label, Href string
}

// base returns the layout's data for a page titled title.
func (s *server) base(title string, crumbs ...crumb) base {
	return base{Title: title, Crumbs: crumbs, CSS: s.cssPath}
}

type notFoundView struct {
	base
	What string
}

type indexView struct {
	base
	Sites []siteRow
}

type siteRow struct {
	store.Site
	Spark sparkline
}

// index lists the sites.
func (s *server) index(w http.ResponseWriter, r *http.Request) {
	sites, err := s.st.Sites(r.Context(), sparkScores)
	if err != nil {
		s.fail(w, r, fmt.Errorf("listing the sites: %w", err))
		return
	}
	v := indexView{base: s.base("privaudit: audited sites")}
	for _, si := range sites {
		v.Sites = append(v.Sites, siteRow{Site: si, Spark: spark(si.Scores)})
	}
	s.render(w, r, http.StatusOK, "index", v)
}

type siteView struct {
	base
	Site   string
	Latest store.Audit
	// Audits are the audits shown, newest first; More is set when older
	// ones were left out (All is set when every audit is shown).
	Audits    []auditRow
	More, All bool
	Limit     int
	Chart     chart
	Checks    []checkChart
	// CheckAudits counts the audits the checks' charts draw.
	CheckAudits int
	// Unscored names the checks that had no score in any audit shown.
	Unscored []string
	// Policies are the policy versions, newest first.
	Policies []policyRow
}

// auditRow is a row of a site's audits table, written out here (there
// may be thousands) so that the template only places them.
type auditRow struct {
	Href, ReportHref, Date string
	// Score is the score, "" when the site could not be audited (Error).
	Score, Error, Grade, Band string
	GateText, GateClass       string
	Findings, New, Fixed      int
	// PolicyHref links the policy version when it changed; Policy says
	// what became of the policy: changed, same, none read.
	PolicyHref, Policy string
}

func newAuditRow(a *store.Audit) auditRow {
	row := auditRow{Href: auditURL(a.ID), ReportHref: auditURL(a.ID) + "/report", Date: minute(a.StartedAt),
		Error: a.Error, Grade: a.Grade, Band: band(a.Score), GateText: gateText(a.GatePassed), GateClass: gateClass(a.GatePassed),
		Findings: a.Findings, New: a.New, Fixed: a.Fixed, Policy: "none read"}
	if a.Error == "" {
		row.Score = strconv.FormatFloat(a.Score, 'f', 1, 64)
	}
	switch {
	case a.PolicyChanged:
		row.Policy, row.PolicyHref = "changed", policyURL(a.Site, a.PolicyHash)
	case a.PolicyHash != "":
		row.Policy = "same"
	}
	return row
}

// checkChart is the small chart of one check's scores.
type checkChart struct {
	ID, Name string
	// Latest is the latest result: a percentage or a status.
	Latest, Band string
	Chart        chart
}

// policyRow is a policy version with the address of its page.
type policyRow struct {
	store.PolicyVersion
	Href string
}

// site shows a site's history.
func (s *server) site(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site, ok := s.sitePath(w, r, "", noSite)
	if !ok {
		return
	}
	all := r.URL.Query().Get("all") == "1"
	limit := defaultAudits
	if all {
		limit = allAudits
	}
	audits, err := s.st.Audits(ctx, site, time.Time{}, limit+1)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("listing the audits of %s: %w", site, err), noSite)
		return
	}
	if len(audits) == 0 {
		s.notFound(w, r, noSite)
		return
	}
	v := siteView{base: s.base(site+": privaudit", crumb{"Sites", "/"}, crumb{site, ""}),
		Site: site, Latest: audits[0], All: all, Limit: limit}
	if len(audits) > limit {
		audits, v.More = audits[:limit], true
	}
	v.Audits = make([]auditRow, len(audits))
	for i := range audits {
		v.Audits[i] = newAuditRow(&audits[i])
	}
	v.CheckAudits = len(audits)
	if !all {
		v.CheckAudits = min(len(audits), checkAudits)
	}
	var series []store.CheckSeries
	if all && len(audits) > checkSize.MaxPoints {
		// Every audit: the charts draw an evenly spaced sample, so only
		// the sample's results are read.
		oldest := slices.Clone(audits)
		slices.Reverse(oldest)
		ids := make([]int64, 0, checkSize.MaxPoints)
		for _, a := range thin(oldest, checkSize.MaxPoints) {
			ids = append(ids, a.ID)
		}
		series, err = s.st.CheckScoresOf(ctx, site, ids)
	} else {
		series, err = s.st.CheckScores(ctx, site, v.CheckAudits)
	}
	if err != nil {
		s.fail(w, r, fmt.Errorf("reading the check scores of %s: %w", site, err))
		return
	}
	versions, err := s.st.PolicyVersions(ctx, site)
	if err != nil {
		s.fail(w, r, fmt.Errorf("reading the policy versions of %s: %w", site, err))
		return
	}

	samples := make([]sample, 0, len(audits))
	for _, a := range slices.Backward(audits) {
		sm := sample{T: a.StartedAt, Href: auditURL(a.ID)}
		if a.Error != "" {
			sm.Class = "err"
			sm.Title = dateTime(a.StartedAt) + ": not audited (" + a.Error + ")"
		} else {
			score := a.Score
			sm.V = &score
			sm.Class = "b-" + band(score)
			sm.Title = dateTime(a.StartedAt) + ": " + strconv.FormatFloat(score, 'f', 1, 64) + " (" + a.Grade + ")"
		}
		samples = append(samples, sm)
	}
	v.Chart = plot(samples, trendSize)
	v.Chart.Label = "Score of each audit from " + day(audits[len(audits)-1].StartedAt) + " to " + day(audits[0].StartedAt) + ", from 0 to 100"
	v.Checks, v.Unscored = s.checkCharts(series)
	urls := versionURLs(site, versions)
	for i := len(versions) - 1; i >= 0; i-- {
		v.Policies = append(v.Policies, policyRow{PolicyVersion: versions[i], Href: urls[i]})
	}
	s.render(w, r, http.StatusOK, "site", v)
}

// checkCharts draws each check's scores, in the store's order (the
// report's); a check never scored in these audits is only named.
func (s *server) checkCharts(series []store.CheckSeries) (charts []checkChart, unscored []string) {
	for _, cs := range series {
		name := s.checkNames[cs.CheckID]
		if name == "" {
			name = cs.CheckID
		}
		scored := slices.ContainsFunc(cs.Points, func(p store.CheckPoint) bool { return p.Score != nil })
		if !scored {
			unscored = append(unscored, name)
			continue
		}
		cc := checkChart{ID: cs.CheckID, Name: name}
		samples := make([]sample, 0, len(cs.Points))
		for _, p := range cs.Points {
			sm := sample{T: p.StartedAt, V: p.Score}
			if p.Score != nil {
				sm.Class = "b-" + report.ScoreBand(*p.Score)
				sm.Title = dateTime(p.StartedAt) + ": " + report.Percent(*p.Score) + " (" + p.Status + ")"
			} else {
				sm.Class = "none"
				sm.Title = dateTime(p.StartedAt) + ": not scored (" + statusText(p.Status) + ")"
			}
			samples = append(samples, sm)
		}
		if n := len(cs.Points); n > 0 {
			last := cs.Points[n-1]
			cc.Latest = statusText(last.Status)
			if last.Score != nil {
				cc.Latest, cc.Band = report.Percent(*last.Score), report.ScoreBand(*last.Score)
			}
		}
		cc.Chart = plot(samples, checkSize)
		cc.Chart.Check, cc.Chart.Label = cs.CheckID, name+": score in each audit, from 0 to 100%"
		charts = append(charts, cc)
	}
	return charts, unscored
}

// statusText names a check status for a reader.
func statusText(s string) string {
	if s == "not-applicable" {
		return "not applicable"
	}
	if s == "" {
		return "no result"
	}
	return s
}

// versionURLs returns the addresses of a site's policy versions (oldest
// first): a version seen again after another carries which time it was
// seen (?seen=ID of the audit that first read it that time).
func versionURLs(site string, versions []store.PolicyVersion) []string {
	times := map[string]int{}
	for _, pv := range versions {
		times[pv.Hash]++
	}
	urls := make([]string, len(versions))
	for i, pv := range versions {
		urls[i] = policyURL(site, pv.Hash)
		if times[pv.Hash] > 1 {
			urls[i] += "?seen=" + strconv.FormatInt(pv.FirstAuditID, 10)
		}
	}
	return urls
}

type auditView struct {
	base
	Audit   *store.Audit
	Changes *store.Changes
	// PolicyHref is the page of the policy version the audit read.
	PolicyHref string
}

// auditID reads the {id} of the path; ok is false when it is no ID.
func auditID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

const noAudit = "There is no audit with this number."

// audit shows what changed in an audit against the site's audit before.
func (s *server) audit(w http.ResponseWriter, r *http.Request) {
	id, ok := auditID(r)
	if !ok {
		s.notFound(w, r, noAudit)
		return
	}
	a, err := s.st.Audit(r.Context(), id)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("reading audit %d: %w", id, err), noAudit)
		return
	}
	ch, err := s.st.Changes(r.Context(), id)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("reading the changes of audit %d: %w", id, err), noAudit)
		return
	}
	v := auditView{base: s.base(a.Site+", audit of "+day(a.StartedAt)+": privaudit",
		crumb{"Sites", "/"}, crumb{a.Site, siteURL(a.Site)}, crumb{"Audit of " + dateTime(a.StartedAt), ""}),
		Audit: a, Changes: ch}
	if a.PolicyHash != "" {
		v.PolicyHref = policyURL(a.Site, a.PolicyHash)
	}
	s.render(w, r, http.StatusOK, "audit", v)
}

// report serves an audit's full HTML report, as privaudit audit -f html
// writes it.
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	id, ok := auditID(r)
	if !ok {
		s.notFound(w, r, noAudit)
		return
	}
	rep, err := s.st.Report(r.Context(), id)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("reading the report of audit %d: %w", id, err), noAudit)
		return
	}
	rd, err := report.RendererFor("html")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := rd.Render(&buf, rep); err != nil {
		s.fail(w, r, fmt.Errorf("rendering the report of audit %d: %w", id, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

type policyView struct {
	base
	Site    string
	Version store.PolicyVersion
	Text    *policytext.Version
	// Prev and Next are the versions before and after, with their
	// addresses ("" when there is none).
	Prev, Next         *store.PolicyVersion
	PrevHref, NextHref string
	// Edits are the sentences removed and added since Prev.
	Edits     []policytext.Edit
	Added     int
	Removed   int
	Sentences []sentence
}

// sentence is a sentence of the policy; New is set when the version
// before lacked it.
type sentence struct {
	Text string
	New  bool
}

const noVersion = "This site has no stored policy version with this hash."

// policy shows a version of a site's policy and its diff to the version
// before it.
func (s *server) policy(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	hash := r.PathValue("hash")
	site, ok := s.sitePath(w, r, "/policy/"+url.PathEscape(hash), noVersion)
	if !ok {
		return
	}
	versions, err := s.st.PolicyVersions(ctx, site)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("reading the policy versions of %s: %w", site, err), noVersion)
		return
	}
	// The version seen last, or the one seen first in audit ?seen=ID.
	seen, _ := strconv.ParseInt(r.URL.Query().Get("seen"), 10, 64)
	i := -1
	for j, pv := range versions {
		if pv.Hash != hash {
			continue
		}
		i = j
		if seen != 0 && pv.FirstAuditID == seen {
			break
		}
	}
	if i < 0 {
		s.notFound(w, r, noVersion)
		return
	}
	cur, err := s.st.PolicyText(ctx, hash)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("reading policy version %s: %w", hash, err), noVersion)
		return
	}
	v := policyView{base: s.base(site+", policy version "+report.ShortHash(hash)+": privaudit",
		crumb{"Sites", "/"}, crumb{site, siteURL(site)}, crumb{"Policy version " + report.ShortHash(hash), ""}),
		Site: site, Version: versions[i], Text: cur}
	urls := versionURLs(site, versions)
	added := map[string]bool{}
	if i > 0 {
		v.Prev, v.PrevHref = &versions[i-1], urls[i-1]
		prev, err := s.st.PolicyText(ctx, versions[i-1].Hash)
		if err != nil {
			s.storeError(w, r, fmt.Errorf("reading policy version %s: %w", versions[i-1].Hash, err), noVersion)
			return
		}
		v.Edits = policytext.Diff(prev, cur)
		v.Added, v.Removed = policytext.Count(v.Edits)
		for _, e := range v.Edits {
			if e.Op == policytext.Added {
				added[e.Text] = true
			}
		}
	}
	if i+1 < len(versions) {
		v.Next, v.NextHref = &versions[i+1], urls[i+1]
	}
	for _, t := range cur.Sentences {
		v.Sentences = append(v.Sentences, sentence{Text: t, New: added[t]})
	}
	s.render(w, r, http.StatusOK, "policy", v)
}
