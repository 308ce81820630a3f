package checks

import (
	"testing"
	"time"

	"github.com/privaudit/privaudit/record"
)

// declarationPolicy is a cookie policy with a declaration table.
const declarationPolicy = `<html lang="en"><body><main><h1>Cookie policy</h1>
<p>We use cookies on this website. The table below lists every cookie we set, its purpose and how long it is kept.</p>
<h2>Cookies we use</h2>
<table><thead><tr><th>Name</th><th>Category</th><th>Purpose</th><th>Expiry</th></tr></thead><tbody>
<tr><td>sid</td><td>Necessary</td><td>Keeps your basket</td><td>Session</td></tr>
<tr><td>_ga</td><td>Necessary</td><td>Counts visits</td><td>1 day</td></tr>
<tr><td>_gid</td><td>Analytics</td><td>Counts visits</td><td>1 day</td></tr>
</tbody></table></main></body></html>`

func TestCookieDeclaration(t *testing.T) {
	cookiesURL := origin + "/cookies/"
	pages := []record.Page{page("/", record.Info{CookiePolicyLinks: []string{cookiesURL}})}
	now := time.Now().UTC()
	pages[0].FetchedAt = &now
	set := func(name string, maxAge int) record.Cookie {
		return record.Cookie{Name: name, Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/", MaxAge: maxAge, Secure: true, SameSite: "Lax"}
	}
	site := build(t, pages, []record.Cookie{set("sid", 0), set("_ga", 2*365*86400), set("_gid", 86400), set("promo", 3600)}, fakeFetcher{cookiesURL: declarationPolicy})
	res := run(t, CookieDeclaration{}, site)
	for _, s := range []string{"cookie:promo:undeclared", "cookie:_ga:category", "cookie:_ga:lifetime"} {
		if !findingFor(res, "", s) {
			t.Errorf("no finding %s in %+v", s, res.Findings)
		}
	}
	for _, s := range []string{"cookie:sid:undeclared", "cookie:_gid:undeclared", "cookie:_gid:lifetime", "cookie:_gid:category"} {
		if findingFor(res, "", s) {
			t.Errorf("finding %s: sid and _gid match their rows", s)
		}
	}
	if res.Status != StatusFail || res.Score != 0.5 {
		t.Errorf("got %s %v %q, want fail 0.5 (2 of 4 cookies match)", res.Status, res.Score, res.Summary)
	}
	// Without a declaration there is nothing to hold cookies against.
	plain := build(t, pages, []record.Cookie{set("sid", 0)}, fakeFetcher{cookiesURL: longPolicy})
	if res := run(t, CookieDeclaration{}, plain); res.Status != StatusNotApplicable {
		t.Errorf("no declaration: %s %q", res.Status, res.Summary)
	}
}
