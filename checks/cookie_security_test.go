package checks

import (
	"strings"
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestCookieSecurity(t *testing.T) {
	pages := []record.Page{page("/", record.Info{})}
	c := func(name string, secure, httpOnly bool, sameSite string) record.Cookie {
		return record.Cookie{Name: name, Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/", Secure: secure, HTTPOnly: httpOnly, SameSite: sameSite, SetOverHTTPS: true}
	}
	tests := []struct {
		name     string
		cookie   record.Cookie
		subjects []string
	}{
		{"all flags", c("sid", true, true, "Lax"), nil},
		{"analytics cookie readable by scripts is fine", c("_ga", true, false, "Lax"), nil},
		{"no Secure over HTTPS", c("pref", false, false, "Lax"), []string{"cookie:pref:secure"}},
		{"session id without HttpOnly", c("PHPSESSID", true, false, "Strict"), []string{"cookie:PHPSESSID:httponly"}},
		{"auth token without HttpOnly", c("auth_token", true, false, "Lax"), []string{"cookie:auth_token:httponly"}},
		{"no SameSite", c("theme", true, false, ""), []string{"cookie:theme:samesite"}},
		{"SameSite=None without Secure", c("xs", false, false, "None"), []string{"cookie:xs:secure", "cookie:xs:samesite"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, CookieSecurity{}, build(t, pages, []record.Cookie{tt.cookie}, fakeFetcher{}))
			if len(res.Findings) != len(tt.subjects) {
				t.Fatalf("findings %+v, want %v", res.Findings, tt.subjects)
			}
			for _, s := range tt.subjects {
				if !findingFor(res, origin+"/", s) {
					t.Errorf("missing finding %s in %+v", s, res.Findings)
				}
			}
			if (len(tt.subjects) == 0) != (res.Status == StatusPass) {
				t.Errorf("status %s with %d findings", res.Status, len(res.Findings))
			}
		})
	}
	if res := run(t, CookieSecurity{}, build(t, pages, nil, fakeFetcher{})); res.Status != StatusNotApplicable {
		t.Errorf("no cookies: status %s", res.Status)
	}
}

// The summary explains the score: which flags are missing on how many
// cookies (each costs part of a cookie's score), in correct grammar.
func TestCookieSecuritySummaryExplainsScore(t *testing.T) {
	pages := []record.Page{page("/", record.Info{})}
	c := func(name string, secure bool, sameSite string) record.Cookie {
		return record.Cookie{Name: name, Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/", Secure: secure, SameSite: sameSite, SetOverHTTPS: true}
	}
	res := run(t, CookieSecurity{}, build(t, pages, []record.Cookie{c("a", true, "Lax"), c("b", true, ""), c("c", false, ""), c("d", true, "Lax")}, fakeFetcher{}))
	want := "2 of 4 cookies carry every expected flag; missing Secure on 1, SameSite on 2"
	if !strings.HasPrefix(res.Summary, want) || res.Score <= 0.5 || res.Score >= 1 {
		t.Errorf("summary %q (score %.2f), want it to start with %q and a partial score", res.Summary, res.Score, want)
	}
	one := run(t, CookieSecurity{}, build(t, pages, []record.Cookie{c("a", true, "")}, fakeFetcher{}))
	if !strings.HasPrefix(one.Summary, "0 of 1 cookie carries every expected flag") {
		t.Errorf("one cookie: %q", one.Summary)
	}
}
