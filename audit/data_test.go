package audit_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/datadb"
)

const cachedCSV = `ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match
1,Hotjar,Analytics,_hjSessionUser_,,Hotjar user ID,1 year,Hotjar,https://www.hotjar.com/legal/policies/privacy/,1
`

const cachedRules = `{"Cookiebot": {"detectors": [], "methods": [{"name": "HIDE_CMP"}]}}`

// fillCache downloads both databases from a local mirror into a cache
// directory that $PRIVAUDIT_CACHE names.
func fillCache(t *testing.T) string {
	t.Helper()
	files := map[string]string{"/open-cookie-database.csv": cachedCSV, "/rules-list.json": `{"references": ["rules/cookiebot.json"]}`, "/rules/cookiebot.json": cachedRules}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, body)
	}))
	defer srv.Close()
	dir := t.TempDir()
	t.Setenv(datadb.EnvCache, dir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := datadb.Update(ctx, srv.Client(), "", nil, srv.URL); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCachedDataAbsent(t *testing.T) {
	t.Setenv(datadb.EnvCache, t.TempDir())
	if p, ok := audit.CachedCookieDB(); ok {
		t.Errorf("CachedCookieDB = %q in an empty cache", p)
	}
	if p, ok := audit.CachedConsentRules(); ok {
		t.Errorf("CachedConsentRules = %q in an empty cache", p)
	}
}

func TestCachedCookieDBFeedsTheCatalogue(t *testing.T) {
	dir := fillCache(t)
	path, ok := audit.CachedCookieDB()
	if !ok || path != filepath.Join(dir, "open-cookie-database.csv") {
		t.Fatalf("CachedCookieDB = %q, %v", path, ok)
	}
	cat, err := audit.LoadCatalog(path)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := cat.Cookie("_hjSessionUser_123"); !ok || e.Platform != "Hotjar" {
		t.Errorf("the cached database's cookie is not known: %+v, %v", e, ok)
	}
	// The report names it: the catalogue's source and the sidecar agree.
	srcs := cat.Sources()
	src := srcs[len(srcs)-1]
	meta, ok := audit.CachedData(src.Path)
	if !ok || meta.Title != src.Name || meta.Version() != src.Version || meta.URL == "" || meta.FetchedAt.IsZero() || meta.Entries != src.Entries {
		t.Errorf("source %+v, sidecar %+v (%v)", src, meta, ok)
	}

	rules, ok := audit.CachedConsentRules()
	if !ok || rules != filepath.Join(dir, "consent-o-matic-rules.json") {
		t.Errorf("CachedConsentRules = %q, %v", rules, ok)
	}
	// A copy changed since it was downloaded is not used.
	if err := os.WriteFile(path, []byte(cachedCSV+"2,X,Functional,x,,,,,,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, ok := audit.CachedCookieDB(); ok {
		t.Errorf("CachedCookieDB = %q after the file changed", p)
	}
	if _, ok := audit.CachedData(path); ok {
		t.Error("CachedData described a changed file")
	}
}
