package serve

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/privaudit/privaudit/store"
)

// isAPI reports whether r asks for JSON.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// SitesResponse is the answer of /api/sites.
type SitesResponse struct {
	// Sites are the sites of the store, each with its latest audit and the
	// scores of its last audits (oldest first).
	Sites []store.Site `json:"sites"`
}

// AuditsResponse is the answer of /api/sites/{site}/audits.
type AuditsResponse struct {
	Site string `json:"site"`
	// Audits are the site's audits, newest first.
	Audits []store.Audit `json:"audits"`
	// More is true when older audits were left out by the limit.
	More bool `json:"more"`
}

// apiSites lists the sites as JSON.
func (s *server) apiSites(w http.ResponseWriter, r *http.Request) {
	sites, err := s.st.Sites(r.Context(), sparkScores)
	if err != nil {
		s.fail(w, r, fmt.Errorf("listing the sites: %w", err))
		return
	}
	writeJSON(w, http.StatusOK, SitesResponse{Sites: sites})
}

// apiAudits lists a site's audits as JSON, newest first: the last 365
// (?limit=N for N, ?all=1 for all), since a time (?since=RFC 3339 or
// YYYY-MM-DD) when asked.
func (s *server) apiAudits(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := store.SiteKey(r.PathValue("site"))
	if site == "" {
		s.notFound(w, r, noSite)
		return
	}
	q := r.URL.Query()
	limit := defaultAudits
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeJSON(w, http.StatusBadRequest, apiError{Error: "limit: want a positive whole number, got " + strconv.Quote(v)})
			return
		}
		limit = min(n, allAudits)
	}
	if q.Get("all") == "1" {
		limit = allAudits
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := store.ParseSince(v, time.Now())
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
			return
		}
		since = t
	}
	audits, err := s.st.Audits(ctx, site, since, limit+1)
	if err != nil {
		s.storeError(w, r, fmt.Errorf("listing the audits of %s: %w", site, err), noSite)
		return
	}
	if len(audits) == 0 {
		// None since the date, or no such site?
		if !since.IsZero() {
			older, err := s.st.Audits(ctx, site, time.Time{}, 1)
			if err != nil {
				s.storeError(w, r, fmt.Errorf("listing the audits of %s: %w", site, err), noSite)
				return
			}
			if len(older) > 0 {
				writeJSON(w, http.StatusOK, AuditsResponse{Site: site, Audits: []store.Audit{}})
				return
			}
		}
		s.notFound(w, r, noSite)
		return
	}
	resp := AuditsResponse{Site: site, Audits: audits}
	if len(audits) > limit {
		resp.Audits, resp.More = audits[:limit], true
	}
	writeJSON(w, http.StatusOK, resp)
}
